import * as E from 'fp-ts/lib/Either.js';
import { disputeError, type DisputeError, type DisputeErrorTag } from '../errors';
import type { DisputeEvent } from '../events';

/** The result of a decision: the refusal, or the events to append (possibly none). */
export type Decision = E.Either<DisputeError, ReadonlyArray<DisputeEvent>>;

/** Refuses a command: the rule it breaks, a sentence for the user, and optional details. */
export const fail = (tag: DisputeErrorTag, message: string, details?: Readonly<Record<string, unknown>>): Decision =>
  E.left(disputeError(tag, message, details));

/** Refuses a command with an error already built (by a check that returns `DisputeError | undefined`). */
export const refuse = (error: DisputeError): Decision => E.left(error);

/** Accepts a command: the events to append, in order. */
export const emit = (...events: DisputeEvent[]): Decision => E.right(events);
