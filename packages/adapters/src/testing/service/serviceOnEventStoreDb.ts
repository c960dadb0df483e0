import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, createLogVerifier, DISPUTEKIT_STREAM_PREFIXES } from '@disputekit/core';
import { useKurrentDouble, type ClientLibrary } from '../kurrentDouble';
import { checkMalformedCommands } from './badInputScenarios';
import { openDispute } from './commandJson';
import { runConcurrencyWorkload } from './concurrencyWorkload';
import { raceOpenings } from './openingRace';
import { checkRoundTripLaw, reportRoundTrip, roundTripRuns } from './roundTripLaw';
import { auditLog, readWholeLog } from './storedHistories';

/**
 * The dispute service on the EventStoreDB store, through one real client library, against the
 * KurrentDB double (one server for the calling test file, emptied before each test): concurrent
 * openings of one order, a concurrent workload one stream at a time, malformed commands, and the
 * log verifier reading the default store's log (dispute streams and order guards).
 */
export const serviceOnEventStoreDbSuite = (library: ClientLibrary): void => {
  const harness = useKurrentDouble(library);
  beforeEach(() => harness.double().log.clear());

  describe(`the dispute service on EventStoreDB through ${library} (gRPC double)`, () => {
    const runs = roundTripRuns();
    it(`the round-trip law: accepted commands are read back unchanged through a new client connection (${runs} runs)`, async () => {
      const streamPrefixes = DISPUTEKIT_STREAM_PREFIXES;
      const writer = harness.store({ streamPrefixes });
      const started = Date.now();
      const seen = await checkRoundTripLaw({ writer, fresh: async () => harness.store({ streamPrefixes, client: harness.connect() }) }, { runs, label: 'e' });
      reportRoundTrip(`EventStoreDB (${library}, gRPC double)`, seen, started);
    }, runs > 100 ? 3_600_000 : 120_000);

    it('two concurrent OpenDispute for one order: exactly one wins, over three stores', async () => {
      const stores = [harness.store(), harness.store(), harness.store()];
      expect(await raceOpenings(stores, 5, 3)).toEqual([]);
      await Promise.all(stores.map((store) => store.close()));
    }, 120_000);

    it('4 handlers × 40 commands over 8 disputes leave whole, valid histories (no appendToStreams)', async () => {
      const stores = [harness.store(), harness.store()];
      const report = await runConcurrencyWorkload({ stores, handlers: 4, commandsPerHandler: 40, disputes: 8, seed: 7, multiStream: false });
      expect(report.problems).toEqual([]);
      expect(report.commandsSent).toBe(8 * 2 + 4 * 40);
      expect(report.storedDisputeEvents).toBeGreaterThan(8);
      await Promise.all(stores.map((store) => store.close()));
    }, 120_000);

    it('refuses malformed commands with a ValidationError and writes nothing', async () => {
      const store = harness.store();
      const service = createDisputeService({ store });
      expect(E.isRight(await service.handle(openDispute({ disputeId: 'd1', orderId: 'o1', commandId: 'c1' })))).toBe(true);
      expect(await checkMalformedCommands(service, store)).toEqual([]);
      await store.close();
    }, 60_000);

    it('gives the log verifier the order guards too: the default store reads dispute and order streams', async () => {
      const store = harness.store();
      const service = createDisputeService({ store });
      for (const n of [1, 2, 3]) expect(E.isRight(await service.handle(openDispute({ disputeId: `d${n}`, orderId: `o${n}`, commandId: `c${n}` })))).toBe(true);
      const log = await readWholeLog(store);
      expect(auditLog(log).problems).toEqual([]);
      const verifier = createLogVerifier();
      for (const event of log) verifier.push(event);
      const verification = verifier.finish();
      expect(verification).toMatchObject({ clean: true, streams: { disputes: 3, orderGuards: 3, other: 0 } });
      await store.close();
    }, 60_000);
  });
};
