import type { StoreError } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';

/** A projection threw, or met an event it cannot decode: it stops at that event until fixed. */
export interface ProjectionFailed {
  readonly _tag: 'ProjectionFailed';
  readonly projection: string;
  /** Global position of the event it stopped at. */
  readonly globalPosition: number;
  readonly message: string;
}

/** Another runner instance holds the projection's lease. */
export interface LeaseHeld {
  readonly _tag: 'LeaseHeld';
  readonly projection: string;
  readonly message: string;
}

/** The runner has no projection by that name. */
export interface UnknownProjection {
  readonly _tag: 'UnknownProjection';
  readonly projection: string;
  readonly message: string;
}

/** A stream asked to be re-admitted still holds an event that cannot be decoded: nothing was changed. */
export interface StreamStillCorrupt {
  readonly _tag: 'StreamStillCorrupt';
  readonly streamId: string;
  readonly globalPosition: number;
  readonly message: string;
}

/** Everything the runner can report: its own failures, the event store's and the read-model store's. */
export type RunnerError = ProjectionFailed | LeaseHeld | UnknownProjection | StreamStillCorrupt | StoreError | ReadModelError;

/** Builds a `StreamStillCorrupt`. */
export const streamStillCorrupt = (streamId: string, globalPosition: number, problem: string): StreamStillCorrupt => ({
  _tag: 'StreamStillCorrupt',
  streamId,
  globalPosition,
  message: `Stream ${streamId} cannot be re-admitted: its event at global position ${globalPosition} still cannot be decoded (${problem}). Repair it first.`,
});

/** Builds a `ProjectionFailed`. */
export const projectionFailed = (projection: string, globalPosition: number, problem: string): ProjectionFailed => ({
  _tag: 'ProjectionFailed',
  projection,
  globalPosition,
  message: `Projection ${projection} stopped at global position ${globalPosition}: ${problem}`,
});

/** Builds a `LeaseHeld`. */
export const leaseHeld = (projection: string): LeaseHeld => ({
  _tag: 'LeaseHeld',
  projection,
  message: `Another runner instance holds the lease of projection ${projection}; this one waits.`,
});

/** Builds an `UnknownProjection`. */
export const unknownProjection = (projection: string): UnknownProjection => ({
  _tag: 'UnknownProjection',
  projection,
  message: `The runner has no projection named ${projection}.`,
});
