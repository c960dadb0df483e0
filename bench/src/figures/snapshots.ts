/**
 * Snapshots (issue 17): rehydrating one 100,000-event dispute with and without a snapshot, in memory
 * and from SQLite. The snapshot is taken 10 events before the end, so a read from it decodes the
 * snapshot's state and folds the last 10 events; without one, all 100,000 are read and folded.
 */
import * as E from 'fp-ts/lib/Either.js';
import { chainNewEvents, readDisputeStream } from '@disputekit/core/internal';
import {
  encodeSnapshot,
  GENESIS_HASH,
  headHashOf,
  isOpened,
  readDisputeFromSnapshot,
  type EventStore,
  type NewEvent,
  type SnapshotStore,
} from '@disputekit/core';
import type { Figure } from '../harness';
import { tempDir } from '../env';
import { closeStore, openStore, storeUnavailable, type StoreKind } from '../contenders/disputekit';
import { longStream, streamName } from '../workload';

const COUNT = 100_000;
/** Events stored after the snapshot. */
const AFTER = 10;

interface Setup {
  readonly store: EventStore;
  readonly snapshots: SnapshotStore & { close?: () => void };
  readonly disputeId: string;
  readonly remove: () => void;
}

const unwrap = <A>(what: string, result: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${result.left.message}`);
  return result.right;
};

/** Appends `events` from version `from` in chunks of 1,000. */
const appendFrom = async (store: EventStore, streamId: string, events: ReadonlyArray<NewEvent>, from: number): Promise<void> => {
  for (let i = 0; i < events.length; i += 1_000) {
    const version = from + i;
    unwrap('setup append', await store.appendToStream(streamId, events.slice(i, i + 1_000), { expectedVersion: version === 0 ? 'no_stream' : version }));
  }
};

/** The long stream (hash-chained), with a snapshot of its first `COUNT - AFTER` events. */
const setup = async (kind: StoreKind): Promise<Setup> => {
  const { disputeId, stored } = longStream(COUNT);
  const streamId = streamName(disputeId);
  const dir = tempDir(`snapshot-${kind}`);
  const file = `${dir.path}/events.db`;
  const store = await openStore(kind, file);
  const chained = chainNewEvents({ streamId, version: 0, hash: GENESIS_HASH }, stored as unknown as NewEvent[]);
  await appendFrom(store, streamId, chained.slice(0, COUNT - AFTER), 0);
  const before = unwrap('setup read', await readDisputeStream(store, disputeId));
  const snapshots: Setup['snapshots'] =
    kind === 'sqlite'
      ? ((await import('@disputekit/adapters/sqlite')) as { createSqliteSnapshotStore: (o: { filename: string }) => SnapshotStore & { close: () => void } }).createSqliteSnapshotStore({ filename: file })
      : ((await import('@disputekit/adapters/memory')) as { createInMemorySnapshotStore: () => SnapshotStore }).createInMemorySnapshotStore();
  if (!isOpened(before.state)) throw new Error('setup: the stream is not a dispute');
  unwrap('setup snapshot', await snapshots.save(encodeSnapshot(before.streamId, before.state, headHashOf(before.records[before.records.length - 1]))));
  await appendFrom(store, streamId, chained.slice(COUNT - AFTER), COUNT - AFTER);
  return { store, snapshots, disputeId, remove: () => dir.remove() };
};

const teardown = async (s: Setup): Promise<void> => {
  s.snapshots.close?.();
  await closeStore(s.store);
  s.remove();
};

/** The number of events a read's state covers, checked. */
const checked = (version: number): number => {
  if (version !== COUNT) throw new Error(`rehydrated ${version} events, expected ${COUNT}`);
  return version;
};

const figure = (kind: StoreKind, where: string): Figure => ({
  id: `rehydrate-snapshot-${kind}-100k`,
  part: 'rehydration',
  title: `Rehydration of 100,000 events from a snapshot, ${where}`,
  unit: 'events/s',
  warmup: 1,
  runs: 5,
  disputekit: 'disputekit, from a snapshot',
  note: `events/s = 100,000 ÷ the time to have the state; the snapshot is at event ${COUNT - AFTER} (${AFTER} events after it). Without: readDisputeStream (read, decode, fold all). From a snapshot: readDisputeFromSnapshot (load and check the snapshot, decode its state, read event ${COUNT - AFTER} onwards and the opening event, fold ${AFTER}).`,
  contenders: [
    {
      name: 'disputekit, no snapshot',
      kind: 'disputekit',
      unavailable: () => storeUnavailable(kind),
      setup: () => setup(kind),
      run: async (s: Setup) => checked(unwrap('read', await readDisputeStream(s.store, s.disputeId)).version),
      teardown,
    },
    {
      name: 'disputekit, from a snapshot',
      kind: 'disputekit',
      unavailable: () => storeUnavailable(kind),
      setup: () => setup(kind),
      run: async (s: Setup) => {
        const read = unwrap('read', await readDisputeFromSnapshot(s.store, s.snapshots, s.disputeId, (reason) => {
          throw new Error(`the snapshot was ignored: ${reason}`);
        }));
        if (read.fromSnapshot !== COUNT - AFTER) throw new Error('the read did not start from the snapshot');
        return checked(read.version);
      },
      teardown,
    },
  ],
});

/** The snapshot figures. */
export const snapshotFigures: Figure[] = [figure('memory', 'in memory'), figure('sqlite', 'from SQLite')];
