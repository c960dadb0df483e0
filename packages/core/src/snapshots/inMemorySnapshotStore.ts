import * as E from 'fp-ts/lib/Either.js';
import type { StreamId } from '../eventStore/eventStore';
import type { SnapshotStore, StoredSnapshot } from './snapshotStore';

/** A `SnapshotStore` in a `Map`, for tests and for an in-memory event store (snapshots are frozen copies). */
export const createInMemorySnapshotStore = (): SnapshotStore & { readonly snapshots: Map<StreamId, StoredSnapshot> } => {
  const snapshots = new Map<StreamId, StoredSnapshot>();
  return {
    snapshots,
    load: async (streamId) => E.right(snapshots.get(streamId)),
    save: async (snapshot) => {
      snapshots.set(snapshot.streamId, Object.freeze({ ...snapshot }));
      return E.right(undefined);
    },
  };
};
