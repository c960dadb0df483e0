import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { disputeStreamId, type RecordedEvent } from '../eventStore/eventStore';
import { createDisputeService, type HandleResult } from './disputeService';
import { eventIdFor } from './eventIds';
import { GENESIS_HASH } from '../audit/eventHash';
import { verifyChain } from '../audit/verifyChain';
import { toNewEvents } from './internal/newDisputeEvents';
import { acceptJson, cancelJson, messageJson, openJson, proposalJson } from '../testing/internal/commandJson';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import type { ServiceObservation } from './serviceObservation';
import { expectRight, expectLeft } from '../testing/either';

const NOW = new Date('2026-04-01T12:00:00.000Z');
const clock = fixedClock(NOW.toISOString());

const setup = (store: TestStore = createTestStore()) => {
  const observations: ServiceObservation[] = [];
  const service = createDisputeService({ store, clock, backoff: () => 0, observe: (o) => observations.push(o) });
  return { store, service, observations };
};

const disputeRows = (store: TestStore, disputeId = 'd1') => store.log.filter((r) => r.streamId === disputeStreamId(disputeId));

describe('DisputeService.handle', () => {
  it('opens a dispute: appends DisputeOpened with deterministic ids and the service clock, and returns state and version', async () => {
    const { store, service } = setup();
    const result = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(result.alreadyApplied).toBe(false);
    expect(result.version).toBe(1);
    expect(result.state.status).toBe('AWAITING_SELLER');
    expect(result.events.map((r) => [r.streamId, r.version, r.event.type])).toEqual([['dispute-d1', 1, 'DisputeOpened']]);
    const metadata = result.events[0]!.metadata;
    expect(metadata).toEqual({
      eventId: eventIdFor('c1', 0),
      commandId: 'c1',
      recordedAt: NOW.toISOString(),
      schemaVersion: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      previousHash: GENESIS_HASH,
      hashVersion: 2,
    });
    expect(isUuid(metadata.eventId) && uuidVersion(metadata.eventId)).toBe(5);
    const rows = disputeRows(store);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.metadata).toEqual(metadata);
    expect(rows[0]!.type).toBe('DisputeOpened');
  });

  it('appends each later command at the version read, with one event id per event index', async () => {
    const { store, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const accepted = expectRight(await service.handle(acceptJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-open', by: 'seller' })));
    expect(accepted.events.map((r) => [r.version, r.event.type, r.metadata.eventId])).toEqual([
      [2, 'ProposalAccepted', eventIdFor('c2', 0)],
      [3, 'Resolved', eventIdFor('c2', 1)],
    ]);
    expect(accepted.version).toBe(3);
    expect(accepted.state.status).toBe('AWAITING_REFUND');
    expect(disputeRows(store).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('rejects malformed input with a ValidationError naming the paths, and writes nothing', async () => {
    const { store, service } = setup();
    for (const input of [null, 42, 'OpenDispute', [], { type: 'Nope' }, { ...openJson({ disputeId: 'd1', commandId: 'c1' }), requested: { amount: 12.5, currency: 'USD' } }]) {
      const error = expectLeft(await service.handle(input));
      expect(error._tag).toBe('ValidationError');
    }
    const error = expectLeft(await service.handle({ ...openJson({ disputeId: 'd1', commandId: 'c1' }), requested: { amount: 12.5, currency: 'USD' } }));
    expect(error.message).toContain('requested.amount');
    expect(store.log).toHaveLength(0);
  });

  it('returns the broken rule as a DisputeError and writes nothing', async () => {
    const { store, service } = setup();
    const notFound = expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(notFound._tag).toBe('DisputeNotFound');
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const own = expectLeft(await service.handle(acceptJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-open', by: 'buyer' })));
    expect(own._tag).toBe('CannotAcceptOwnProposal');
    expect(disputeRows(store)).toHaveLength(1);
  });

  it('applies a repeated command id once and returns the first result (I1)', async () => {
    const { store, service } = setup();
    const opened = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const proposal = proposalJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-s1', amount: 3_000 });
    const first = expectRight(await service.handle(proposal));
    expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c3' })));
    const appends = store.appends;
    const again = expectRight(await service.handle(proposal));
    expect(again.alreadyApplied).toBe(true);
    expect(again.events).toEqual(first.events.map((r) => ({ ...r, globalPosition: expect.any(Number) })));
    expect(again.version).toBe(3);
    expect(again.state.version).toBe(3);
    const reopened = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(reopened.events.map((r) => r.metadata.eventId)).toEqual(opened.events.map((r) => r.metadata.eventId));
    expect(store.appends).toBe(appends);
    expect(disputeRows(store)).toHaveLength(3);
  });

  it('answers a command whose events were stored before a crash (append done, reply lost) without appending again', async () => {
    const { store, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    // The "crashed" process appended c2's events and died before replying.
    const other = setup(store).service;
    const first = expectRight(await other.handle(proposalJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-s1', amount: 3_000 })));
    const rowsBefore = store.log.length;
    const retried = expectRight(await service.handle(proposalJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-s1', amount: 3_000 })));
    expect(retried.alreadyApplied).toBe(true);
    expect(retried.events.map((r) => r.metadata.eventId)).toEqual(first.events.map((r) => r.metadata.eventId));
    expect(store.log).toHaveLength(rowsBefore);
  });

  it('returns an empty result when the decision emits nothing', async () => {
    const store = createTestStore();
    const service = createDisputeService({ store, clock, decide: () => E.right([]) });
    const result = expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(result).toEqual<HandleResult>({ events: [], state: { status: 'NONE', version: 0 }, version: 0, alreadyApplied: false });
    expect(store.log).toHaveLength(0);
  });

  it('uses the wall clock by default', async () => {
    const store = createTestStore();
    const service = createDisputeService({ store });
    const before = Date.now();
    const result = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const recordedAt = Date.parse(result.events[0]!.metadata.recordedAt);
    expect(recordedAt).toBeGreaterThanOrEqual(before);
    expect(recordedAt).toBeLessThanOrEqual(Date.now());
  });

  it('refuses invalid options as a programmer error', () => {
    expect(() => createDisputeService({ store: createTestStore(), maxRetries: -1 })).toThrow(RangeError);
    expect(() => createDisputeService({ store: createTestStore(), maxRetries: 1.5 })).toThrow(RangeError);
  });

  it('keeps working when an observer throws', async () => {
    const store = createTestStore();
    const service = createDisputeService({
      store,
      observe: () => {
        throw new Error('observer bug');
      },
    });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
  });
});

describe('DisputeService: the hash chain', () => {
  it('chains every stored event, in dispute and order-guard streams, so the whole log verifies', async () => {
    const { store, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(proposalJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-seller', by: 'seller', amount: 2_000 })));
    expectRight(await service.handle(acceptJson({ disputeId: 'd1', commandId: 'c3', proposalId: 'p-seller', by: 'buyer' })));
    expect(store.log.some((r) => r.streamId.startsWith('order-'))).toBe(true);
    const clean = verifyChain(store.log);
    expect(clean.breaks).toEqual([]);
    const rows = disputeRows(store);
    expect(rows[1]!.metadata['previousHash']).toBe(rows[0]!.metadata['hash']);
    const tampered = store.log.map((r) =>
      r.streamId === 'dispute-d1' && r.version === 2 ? { ...r, data: { ...(r.data as object), note: 'edited' } } : r,
    );
    expect(verifyChain(tampered).breaks.map((b) => [b.streamId, b.version])).toEqual([['dispute-d1', 2]]);
  });
});

describe('DisputeService: stored events that do not decode', () => {
  const row = (s: TestStore, version: number) => s.log.find((r) => r.streamId === 'dispute-d1' && r.version === version)!;
  const replaceRow = (s: TestStore, version: number, replacement: RecordedEvent) => void s.log.splice(s.log.indexOf(row(s, version)), 1, replacement);
  const corruptCases: ReadonlyArray<[string, (store: TestStore) => void, number]> = [
    ['data of the wrong shape', (s) => replaceRow(s, 1, { ...row(s, 1), data: { disputeId: 'd1' } }), 1],
    ['an unknown event type', (s) => replaceRow(s, 2, { ...row(s, 2), type: 'ProposalMaed' }), 2],
    ['a string where an object belongs', (s) => replaceRow(s, 2, { ...row(s, 2), data: '{"broken json' }), 2],
    ['an event of another dispute', (s) => replaceRow(s, 2, { ...row(s, 2), data: { ...(row(s, 2).data as object), disputeId: 'd2' } }), 2],
    ['a first event that is not DisputeOpened', (s) => replaceRow(s, 1, { ...row(s, 2), version: 1 }), 1],
    ['a second DisputeOpened', (s) => replaceRow(s, 2, { ...row(s, 1), version: 2 }), 2],
    ['a gap in the versions', (s) => replaceRow(s, 2, { ...row(s, 2), version: 3 }), 3],
  ];

  it.each(corruptCases)('reports %s as CorruptEvent naming the stream and version, never skipping it', async (_, corrupt, version) => {
    const { store, service: writer } = setup();
    expectRight(await writer.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await writer.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    corrupt(store);
    // A service that has not decoded the stream yet (the writer's cache holds the events it decoded before the damage).
    const { service } = setup(store);
    const rows = store.log.length;
    for (const result of [await service.handle(messageJson({ disputeId: 'd1', commandId: 'c3' })), await service.load('d1')]) {
      const error = expectLeft(result);
      expect(error).toMatchObject({ _tag: 'CorruptEvent', streamId: 'dispute-d1', version });
      expect(error.message).toContain(`dispute-d1@${version}`);
    }
    expect(store.log).toHaveLength(rows);
  });
});

describe('DisputeService.load', () => {
  it('reads an unknown dispute as NONE at version 0', async () => {
    const { service } = setup();
    expect(expectRight(await service.load('nobody'))).toEqual({ state: { status: 'NONE', version: 0 }, version: 0, events: [] });
  });

  it('folds the stored events, with their positions', async () => {
    const { service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    const loaded = expectRight(await service.load('d1'));
    expect(loaded.version).toBe(2);
    expect(loaded.state.version).toBe(2);
    expect(loaded.events.map((r) => [r.version, r.event.type, r.globalPosition])).toEqual([
      [1, 'DisputeOpened', expect.any(Number)],
      [2, 'MessagePosted', expect.any(Number)],
    ]);
  });

  it('refuses an invalid dispute id with a ValidationError', async () => {
    const { service } = setup();
    expect(expectLeft(await service.load(' padded '))).toMatchObject({ _tag: 'ValidationError' });
    expect(expectLeft(await service.load(''))).toMatchObject({ _tag: 'ValidationError', subject: 'dispute id' });
  });
});

describe('toNewEvents', () => {
  it('encodes each event with its metadata', async () => {
    const { service } = setup();
    const result = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const [stored] = toNewEvents([result.events[0]!.event], 'c1', NOW.toISOString());
    expect(stored!.type).toBe('DisputeOpened');
    const { hash: _hash, previousHash: _previousHash, hashVersion: _hashVersion, ...unchained } = result.events[0]!.metadata;
    expect(stored!.metadata).toEqual(unchained);
    expect(JSON.parse(JSON.stringify(stored!.data))).toEqual(stored!.data);
  });
});
