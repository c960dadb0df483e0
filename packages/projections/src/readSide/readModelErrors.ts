/** The read-model storage could not be reached or failed; the operation may be retried. */
export interface ReadModelUnavailable {
  readonly _tag: 'ReadModelUnavailable';
  readonly message: string;
  /** The driver's own message, for logs. */
  readonly cause?: string;
}

/**
 * The checkpoint was not where the writer expected it: another runner instance committed first.
 * The transaction was rolled back; the writer no longer owns the projection.
 */
export interface CheckpointConflict {
  readonly _tag: 'CheckpointConflict';
  readonly projection: string;
  readonly generation: number;
  readonly expected: number;
  /** The stored position, or `undefined` when the generation has no checkpoint. */
  readonly actual: number | undefined;
  readonly message: string;
}

/** A query or change named a table or column the read model does not have (a programming mistake). */
export interface InvalidReadModelQuery {
  readonly _tag: 'InvalidReadModelQuery';
  readonly message: string;
}

/** The read-model store was closed. */
export interface ReadModelClosed {
  readonly _tag: 'ReadModelClosed';
  readonly message: string;
}

/** Everything a read-model, checkpoint or lease operation can fail with: typed values, never raw driver exceptions. */
export type ReadModelError = ReadModelUnavailable | CheckpointConflict | InvalidReadModelQuery | ReadModelClosed;

/** Builds a `ReadModelUnavailable` from a driver failure. */
export const readModelUnavailable = (message: string, cause?: unknown): ReadModelUnavailable => {
  const causeText = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause);
  return causeText === undefined
    ? { _tag: 'ReadModelUnavailable', message }
    : { _tag: 'ReadModelUnavailable', message: `${message}: ${causeText}`, cause: causeText };
};

/** Builds a `CheckpointConflict`. */
export const checkpointConflict = (
  projection: string,
  generation: number,
  expected: number,
  actual: number | undefined,
): CheckpointConflict => ({
  _tag: 'CheckpointConflict',
  projection,
  generation,
  expected,
  actual,
  message: `Projection ${projection} (generation ${generation}) was expected at position ${expected} but is at ${
    actual === undefined ? 'no checkpoint' : actual
  }; another runner committed first.`,
});

/** Builds an `InvalidReadModelQuery`. */
export const invalidReadModelQuery = (message: string): InvalidReadModelQuery => ({ _tag: 'InvalidReadModelQuery', message });

/** Builds a `ReadModelClosed`. */
export const readModelClosed = (): ReadModelClosed => ({ _tag: 'ReadModelClosed', message: 'The read-model store has been closed.' });
