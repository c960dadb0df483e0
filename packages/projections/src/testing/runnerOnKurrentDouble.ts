import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, fixedClock } from '@disputekit/core';
import { createEventStoreDbEventStore } from '@disputekit/adapters/eventstoredb';
import { useKurrentDouble, type ClientLibrary } from '@disputekit/adapters/testing/kurrentDouble';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import type { ReadSideStore } from '../readSide/projectionLease';
import { createProjectionRunner } from '../runner/projectionRunner';
import { disputeSummaryProjection } from '../readModels/disputeSummary';
import { dumpReadModels } from './dumpReadModels';
import { concurrentWritersScenario } from './runnerIntegration';
import { seededRandom, simulatedOpening } from './simulatedMarketplace';

/**
 * The projection runner reading `$all` through the EventStoreDB adapter and one real client library,
 * against the KurrentDB double (one server for the calling test file, emptied before each test). On
 * EventStoreDB the read model cannot share a transaction with the event log, so the checkpoint lives
 * with the read model and every projection is idempotent by stream version: the runs must build
 * exactly what one pass and the aggregate's fold build.
 */
export const runnerOnKurrentDoubleSuite = (library: ClientLibrary): void => {
  const harness = useKurrentDouble(library);
  beforeEach(() => harness.double().log.clear());

  const scenario = async (store: ReadSideStore, linkEvents: boolean): Promise<void> => {
    harness.double().log.linkEvents = linkEvents;
    const log = createEventStoreDbEventStore({ client: harness.client() });
    try {
      const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 3, disputesPerWriter: 5 });
      expect(incremental).toEqual(onePass);
      expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    } finally {
      harness.double().log.linkEvents = false;
      await store.close();
      await log.close();
    }
  };

  describe(`projection runner reading from EventStoreDB through ${library} (gRPC double)`, () => {
    it('follows concurrent writers into an in-memory read model', () => scenario(createMemoryReadSideStore(), false), 120_000);
    it('is not stalled by 600 order-guard events and their $> link events between two dispute events', async () => {
      const { log } = harness.double();
      // The runner reads dispute streams only: everything else in $all is foreign to it.
      const events = createEventStoreDbEventStore({ client: harness.client(), streamPrefixes: ['dispute-'] });
      const writer = createEventStoreDbEventStore({ client: harness.client() });
      const readModels = createMemoryReadSideStore();
      const service = createDisputeService({ store: writer, clock: fixedClock('2026-03-01T00:00:00Z') });
      const random = seededRandom(5);
      const open = async (i: number): Promise<void> => {
        expect(E.isRight(await service.handle(simulatedOpening(i, random, Date.parse('2026-03-01T00:00:00Z'), 'stall')))).toBe(true);
      };
      try {
        await open(0);
        log.linkEvents = true;
        for (let guard = 0; guard < 600; guard += 100) {
          const batch = Array.from({ length: 100 }, () => ({ type: 'Noise', data: { n: guard }, metadata: { eventId: crypto.randomUUID(), commandId: 'noise', recordedAt: '2026-03-01T00:00:00Z', schemaVersion: 1 } }));
          expect(E.isRight(await writer.appendToStream(`order-noise-${guard}-${crypto.randomUUID()}`, batch, { expectedVersion: 'no_stream' }))).toBe(true);
        }
        log.linkEvents = false;
        await open(1);
        const runner = createProjectionRunner({ events, readSide: readModels, projections: [disputeSummaryProjection], batchSize: 100 });
        expect(E.isRight(await runner.catchUp())).toBe(true);
        const rows = (await dumpReadModels(readModels, [disputeSummaryProjection]))['dispute_summary.dispute_summary'] ?? [];
        expect(rows).toHaveLength(2);
      } finally {
        log.linkEvents = false;
        await Promise.all([readModels.close(), events.close(), writer.close()]);
      }
    }, 120_000);

    it('follows concurrent writers into a SQLite read model, checkpoint stored beside the rows, past $> link events', () => scenario(createSqliteReadSideStore({ filename: ':memory:' }), true), 120_000);
  });
};
