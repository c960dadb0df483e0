import type * as E from 'fp-ts/lib/Either.js';
import type { StoreError, StreamId } from '../eventStore/eventStore';

/**
 * A stored snapshot of one dispute stream: the state folded from its first `version` events,
 * encoded as JSON (`state`), with what is needed to decide whether it may be trusted.
 */
export interface StoredSnapshot {
  readonly streamId: StreamId;
  /** The number of events the state was folded from. */
  readonly version: number;
  /** `metadata.hash` of event `version` when the snapshot was taken (checked against the stream on use). */
  readonly hash: string;
  /** The shape of the encoded state (`DISPUTE_SNAPSHOT_SCHEMA_VERSION` when written); another value is ignored. */
  readonly schemaVersion: number;
  /** The state, as the JSON text of `OpenedDisputeCodec.encode(state)`. */
  readonly state: string;
  /** SHA-256 (hex) of `streamId`, `version`, `hash`, `schemaVersion` and `state`: an edited snapshot does not match. */
  readonly stateHash: string;
}

/**
 * Where snapshots live, beside the events (memory, SQLite, PostgreSQL adapters). One snapshot per
 * stream: `save` replaces the one there. A snapshot is only a starting point, checked on every use
 * (see docs/service.md), so a lost, stale or concurrent write costs a longer read, never a wrong result.
 */
export interface SnapshotStore {
  /** The stream's snapshot, or `undefined` when there is none. */
  load(streamId: StreamId): Promise<E.Either<StoreError, StoredSnapshot | undefined>>;
  /** Stores `snapshot` as its stream's snapshot, replacing any earlier one. */
  save(snapshot: StoredSnapshot): Promise<E.Either<StoreError, void>>;
}

/** The service option that turns snapshots on: where they live and how often they are taken. */
export interface SnapshotOptions {
  readonly store: SnapshotStore;
  /** A snapshot is written when a stream grows past a multiple of `every` events (a safe integer ≥ 1). */
  readonly every: number;
}
