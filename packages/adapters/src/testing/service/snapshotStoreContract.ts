import * as E from 'fp-ts/lib/Either.js';
import {
  createDisputeService,
  DISPUTE_SNAPSHOT_SCHEMA_VERSION,
  disputeStreamId,
  fixedClock,
  readDisputeFromSnapshot,
  type EventStore,
  type ServiceObservation,
  type SnapshotStore,
  type StoredSnapshot,
} from '@disputekit/core';
import { readDisputeStream } from '@disputekit/core/internal';
import { expectRight } from '@disputekit/core/testing';
import { openDispute, postMessage } from './commandJson';

/** An event store and a snapshot store beside it, and how to close both. */
export interface SnapshotTarget {
  readonly events: EventStore;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}

const clock = fixedClock('2026-04-01T12:00:00.000Z');

/** A snapshot of `streamId` with made-up contents (the store keeps what it is given, checked or not). */
const sample = (streamId: string, version: number): StoredSnapshot => ({
  streamId,
  version,
  hash: 'a'.repeat(64),
  schemaVersion: DISPUTE_SNAPSHOT_SCHEMA_VERSION,
  state: `{"version":${version}}`,
  stateHash: 'b'.repeat(64),
});

/**
 * What every `SnapshotStore` must do: keep one snapshot per stream, replaced by `save`, and let the
 * service rehydrate from it to exactly the state of a full read. `label` makes the ids unique.
 */
export const snapshotStoreContract = (title: string, open: () => Promise<SnapshotTarget> | SnapshotTarget, label: string): void => {
  describe(`${title}: snapshot store`, () => {
    it('loads nothing for a stream without a snapshot, then the last one saved', async () => {
      const target = await open();
      try {
        const streamId = disputeStreamId(`${label}-keep`);
        expect(expectRight(await target.snapshots.load(streamId))).toBeUndefined();
        expectRight(await target.snapshots.save(sample(streamId, 4)));
        expect(expectRight(await target.snapshots.load(streamId))).toEqual(sample(streamId, 4));
        expectRight(await target.snapshots.save(sample(streamId, 8)));
        expect(expectRight(await target.snapshots.load(streamId))).toEqual(sample(streamId, 8));
      } finally {
        await target.close();
      }
    }, 60_000);

    it('lets the service rehydrate from a snapshot to the state of a full read, reading only the events after it', async () => {
      const target = await open();
      try {
        const disputeId = `${label}-long`;
        const orderId = `${label}-order`;
        const snapshots = { store: target.snapshots, every: 5 };
        const writer = createDisputeService({ store: target.events, clock, snapshots });
        expectRight(await writer.handle(openDispute({ disputeId, orderId, commandId: `${label}-c0` })));
        for (let i = 1; i <= 12; i++) expectRight(await writer.handle(postMessage({ disputeId, orderId, commandId: `${label}-c${i}`, by: i % 2 === 0 ? 'buyer' : 'seller' })));
        expect(expectRight(await target.snapshots.load(disputeStreamId(disputeId)))?.version).toBe(10);
        const full = expectRight(await readDisputeStream(target.events, disputeId));
        const ignored: string[] = [];
        const fromSnapshot = expectRight(await readDisputeFromSnapshot(target.events, target.snapshots, disputeId, (reason) => ignored.push(reason)));
        expect(ignored).toEqual([]);
        expect(fromSnapshot.fromSnapshot).toBe(10);
        expect(fromSnapshot.records.map((record) => record.version)).toEqual([1, 10, 11, 12, 13]);
        // Equal as JSON values (key order is not part of a value: a full read keeps the stored events'
        // order of keys, a snapshot's state has its codec's).
        expect(JSON.parse(JSON.stringify(fromSnapshot.state))).toStrictEqual(JSON.parse(JSON.stringify(full.state)));
        const observed: ServiceObservation[] = [];
        const reader = createDisputeService({ store: target.events, clock, snapshots, cacheSize: 0, observe: (o) => observed.push(o) });
        const next = expectRight(await reader.handle(postMessage({ disputeId, orderId, commandId: `${label}-c13`, by: 'buyer' })));
        expect(next.version).toBe(14);
        expect(observed.filter((o) => o._tag.startsWith('Snapshot'))).toEqual([]);
        expect(E.isRight(await reader.load(disputeId))).toBe(true);
      } finally {
        await target.close();
      }
    }, 60_000);
  });
};
