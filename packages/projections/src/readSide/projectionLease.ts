import type * as E from 'fp-ts/lib/Either.js';
import type { CheckpointStore } from './checkpointStore';
import type { ParkedStreamStore } from './parkedStreams';
import type { ReadModelError } from './readModelErrors';
import type { ReadModelStore } from './readModelStore';

/** A request for a projection's lease: who asks, until when (epoch ms), and the time now. */
export interface LeaseRequest {
  readonly projection: string;
  readonly owner: string;
  /** The time now, epoch milliseconds, from the runner's clock. */
  readonly now: number;
  /** How long the lease lasts if granted, in milliseconds. */
  readonly ttlMs: number;
}

/**
 * The lease that lets only one runner instance process a projection at a time. A lease expires
 * unless renewed, so a crashed holder is replaced after `ttlMs`; the checkpoint's compare-and-set
 * keeps a late, expired holder from committing anyway.
 */
export interface ProjectionLease {
  /** Takes or renews the lease; `true` when `owner` holds it until `now + ttlMs`. */
  tryAcquireLease(request: LeaseRequest): Promise<E.Either<ReadModelError, boolean>>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(projection: string, owner: string): Promise<E.Either<ReadModelError, void>>;
}

/** Everything a projection runner needs from its storage: rows, checkpoints, catalog, lease and parked streams. */
export type ReadSideStore = ReadModelStore & CheckpointStore & ProjectionLease & ParkedStreamStore;
