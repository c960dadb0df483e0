import * as E from 'fp-ts/lib/Either.js';
import type { StoreError } from '../eventStore/eventStore';
import { retrying, type AttemptOutcome, type RetryLoop } from './retrying';

/** The steps of a command on one stream: read it, decide, append at the version read. */
export interface StreamCommand<Stream, Event, L, R> {
  /** Reads and folds the stream. */
  readonly read: () => Promise<E.Either<L, Stream>>;
  /** Decides on the stream read (pure). */
  readonly decide: (stream: Stream) => E.Either<L, ReadonlyArray<Event>>;
  /** Appends the decided events with the version read as the expected version. */
  readonly append: (stream: Stream, events: ReadonlyArray<Event>) => Promise<E.Either<StoreError, R>>;
  /** The result when there is nothing to append (nothing decided, or `duplicateIsDone` and the events are there). */
  readonly unchanged: (stream: Stream) => R;
  /** True when a `DuplicateEvent` means the same events are already stored (deterministic ids): done, not a conflict. */
  readonly duplicateIsDone?: boolean;
}

/** One attempt of a `StreamCommand`. */
const attemptOnce = async <Stream, Event, L, R>(
  command: StreamCommand<Stream, Event, L, R>,
): Promise<AttemptOutcome<undefined, L | StoreError, R>> => {
  const read = await command.read();
  if (E.isLeft(read)) return { kind: 'done', result: read };
  const decided = command.decide(read.right);
  if (E.isLeft(decided)) return { kind: 'done', result: decided };
  if (decided.right.length === 0) return { kind: 'done', result: E.right(command.unchanged(read.right)) };
  const appended = await command.append(read.right, decided.right);
  if (E.isRight(appended)) return { kind: 'done', result: appended };
  const error = appended.left;
  if (error._tag === 'DuplicateEvent' && command.duplicateIsDone === true) return { kind: 'done', result: E.right(command.unchanged(read.right)) };
  if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return { kind: 'done', result: E.left(error) };
  return { kind: 'conflict', streamId: error.streamId, error, wait: true, next: undefined };
};

/**
 * Runs a command on one stream of any decider: read, decide, append with the expected version;
 * on a version conflict, read and decide again after a backoff, within the retry budget
 * (`retrying`).
 */
export const runCommand = <Stream, Event, L, R>(
  loop: RetryLoop<L | StoreError>,
  command: StreamCommand<Stream, Event, L, R>,
): Promise<E.Either<L | StoreError, R>> => retrying(loop, undefined, () => attemptOnce(command));
