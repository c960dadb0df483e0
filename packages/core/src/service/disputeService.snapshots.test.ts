import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import type { EventStore } from '../eventStore/eventStore';
import { disputeStreamId } from '../eventStore/streamIds';
import { createInMemorySnapshotStore } from '../snapshots/inMemorySnapshotStore';
import { DISPUTE_SNAPSHOT_SCHEMA_VERSION, snapshotHash } from '../snapshots/disputeSnapshot';
import type { StoredSnapshot } from '../snapshots/snapshotStore';
import { expectRight } from '../testing/either';
import { messageJson, openJson } from '../testing/internal/commandJson';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import { STREAM_READ_PAGE } from './disputeStream';
import { createDisputeService } from './disputeService';
import type { ServiceObservation } from './serviceObservation';

const STREAM = disputeStreamId('d1');
const clock = fixedClock('2026-04-01T12:00:00.000Z');

/** A store that records the `fromVersion`/`maxCount` of every dispute-stream read. */
const spied = (inner: TestStore) => {
  const reads: Array<{ fromVersion?: number; maxCount?: number; returned: number }> = [];
  const store: EventStore = {
    ...inner,
    appendToStream: (...args) => inner.appendToStream(...args),
    readStream: async (streamId, options) => {
      const result = await inner.readStream(streamId, options);
      if (streamId === STREAM) reads.push({ ...options, returned: E.isRight(result) ? result.right.length : -1 });
      return result;
    },
  };
  return { store, reads };
};

/** Opens d1 and posts `messages` messages through a service with snapshots every `every` events. */
const seeded = async (messages: number, every: number) => {
  const store = createTestStore();
  const snapshots = createInMemorySnapshotStore();
  const service = createDisputeService({ store, clock, cacheSize: 0, snapshots: { store: snapshots, every } });
  expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c0' })));
  for (let i = 1; i <= messages; i++) expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: `c${i}` })));
  return { store, snapshots };
};

/** Handles one more message with a fresh service over `store`/`snapshots`, and the same without snapshots on a copy: both results. */
const nextCommand = async (store: TestStore, snapshots: ReturnType<typeof createInMemorySnapshotStore>, commandId = 'next') => {
  const observations: ServiceObservation[] = [];
  const { store: spiedStore, reads } = spied(store);
  const copy = createTestStore();
  copy.log.push(...store.log.map((row) => ({ ...row })));
  const plain = await createDisputeService({ store: copy, clock, cacheSize: 0 }).handle(messageJson({ disputeId: 'd1', commandId }));
  const service = createDisputeService({ store: spiedStore, clock, cacheSize: 0, snapshots: { store: snapshots, every: 4 }, observe: (o) => observations.push(o) });
  const result = await service.handle(messageJson({ disputeId: 'd1', commandId }));
  expect(JSON.stringify(result)).toBe(JSON.stringify(plain));
  return { result: expectRight(result), observations, reads };
};

const ignoredReasons = (observations: ReadonlyArray<ServiceObservation>) =>
  observations.flatMap((o) => (o._tag === 'SnapshotIgnored' ? [o.reason] : []));

/** `snapshot` with `change` applied and its integrity hash recomputed (a well-formed snapshot that lies). */
const rehashed = (snapshot: StoredSnapshot, change: Partial<StoredSnapshot>): StoredSnapshot => {
  const fields = { ...snapshot, ...change };
  return { ...fields, stateHash: snapshotHash(fields) };
};

describe('DisputeService with snapshots', () => {
  it('writes a snapshot each time the stream passes a multiple of `every`, and then reads only from it on', async () => {
    const { store, snapshots } = await seeded(9, 4);
    expect(snapshots.snapshots.get(STREAM)?.version).toBe(8);
    const { result, observations, reads } = await nextCommand(store, snapshots);
    expect(result.version).toBe(11);
    expect(ignoredReasons(observations)).toEqual([]);
    // Event 8 (to check its hash) and after, and the opening event: never the whole stream.
    expect(reads).toEqual([
      { fromVersion: 8, returned: 3 },
      { fromVersion: 1, maxCount: 1, returned: 1 },
    ]);
  });

  it('answers a repeat of a command older than the snapshot from a full read, as without snapshots', async () => {
    const { store, snapshots } = await seeded(9, 4);
    const { result, reads } = await nextCommand(store, snapshots, 'c2');
    expect(result.alreadyApplied).toBe(true);
    expect(result.events.map((r) => r.version)).toEqual([3]);
    expect(reads.at(-1)).toEqual({ fromVersion: 1, maxCount: STREAM_READ_PAGE, returned: 10 });
  });

  it('ignores a snapshot of another schema version, folds from the first event and writes a current one', async () => {
    const { store, snapshots } = await seeded(9, 4);
    const stale = rehashed(snapshots.snapshots.get(STREAM)!, { schemaVersion: DISPUTE_SNAPSHOT_SCHEMA_VERSION + 1 });
    snapshots.snapshots.set(STREAM, stale);
    const { observations } = await nextCommand(store, snapshots);
    expect(ignoredReasons(observations)).toEqual([`schema version ${DISPUTE_SNAPSHOT_SCHEMA_VERSION + 1}, not ${DISPUTE_SNAPSHOT_SCHEMA_VERSION}`]);
    expect(snapshots.snapshots.get(STREAM)).toMatchObject({ schemaVersion: DISPUTE_SNAPSHOT_SCHEMA_VERSION, version: 10 });
  });

  it('ignores a snapshot whose state was edited (its integrity hash no longer matches)', async () => {
    const { store, snapshots } = await seeded(9, 4);
    const snapshot = snapshots.snapshots.get(STREAM)!;
    snapshots.snapshots.set(STREAM, { ...snapshot, state: snapshot.state.replace('"escalations":0', '"escalations":3') });
    const { observations } = await nextCommand(store, snapshots);
    expect(ignoredReasons(observations)).toEqual(['its integrity hash does not match its contents']);
  });

  it('ignores a snapshot whose state does not decode or is not of its version', async () => {
    const { store, snapshots } = await seeded(9, 4);
    const snapshot = snapshots.snapshots.get(STREAM)!;
    snapshots.snapshots.set(STREAM, rehashed(snapshot, { state: snapshot.state.replace('"escalations":0', '"escalations":-1') }));
    expect(ignoredReasons((await nextCommand(store, snapshots, 'n1')).observations)).toEqual(['its state does not decode']);
    snapshots.snapshots.set(STREAM, rehashed(snapshot, { version: 7 }));
    expect(ignoredReasons((await nextCommand(store, snapshots, 'n2')).observations)).toEqual(['its state is not of this stream and version']);
  });

  it('ignores a snapshot ahead of the stream (the stream was truncated)', async () => {
    const { store, snapshots } = await seeded(9, 4);
    // Keep events 1..6 of the dispute (and the order guard's).
    const kept = store.log.filter((row) => row.streamId !== STREAM || row.version <= 6);
    store.log.splice(0, store.log.length, ...kept);
    const { result, observations } = await nextCommand(store, snapshots);
    expect(result.version).toBe(7);
    expect(ignoredReasons(observations)).toEqual(['the stream has no event 8']);
  });

  it('ignores a snapshot when the event it was taken at has another hash (an edited history)', async () => {
    const { store, snapshots } = await seeded(9, 4);
    const at = store.log.findIndex((row) => row.streamId === STREAM && row.version === 8);
    const row = store.log[at]!;
    store.log[at] = { ...row, metadata: { ...row.metadata, hash: 'f'.repeat(64) } };
    const { observations } = await nextCommand(store, snapshots);
    expect(ignoredReasons(observations)).toEqual(['event 8 has another hash than the snapshot\'s']);
  });

  it('refuses an `every` below 1', () => {
    expect(() => createDisputeService({ store: createTestStore(), snapshots: { store: createInMemorySnapshotStore(), every: 0 } })).toThrow(RangeError);
  });
});
