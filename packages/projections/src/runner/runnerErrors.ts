import type { ReadModelError, StoreError } from '@disputekit/core';

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

/** Everything the runner can report: its own failures, the event store's and the read-model store's. */
export type RunnerError = ProjectionFailed | LeaseHeld | UnknownProjection | StoreError | ReadModelError;

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
