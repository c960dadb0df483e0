import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from './readModelErrors';
import type { ProjectionTarget } from './readModelStore';

/**
 * A stream a projection stopped following because one of its stored events cannot be decoded (an
 * older bug, a hand edit): the projection skips that event and every later one of the stream, and
 * carries on with the others. Kept with the generation's rows, so it survives restarts; a rebuild
 * (see `readmitStream`) follows the stream again once it is repaired.
 */
export interface ParkedStream {
  readonly streamId: string;
  /** Global position of the event that could not be decoded. */
  readonly globalPosition: number;
  /** Its version in the stream. */
  readonly version: number;
  /** Why it could not be decoded. */
  readonly reason: string;
}

/** Where the parked streams of each generation are kept (written by `ReadModelStore.commit`, with the rows). */
export interface ParkedStreamStore {
  /** The streams the generation has parked, oldest first. */
  readParked(target: ProjectionTarget): Promise<E.Either<ReadModelError, ReadonlyArray<ParkedStream>>>;
}
