import { decide, evolve, parseCommand, type DisputeState } from '@disputekit/core';
import * as E from 'fp-ts/lib/Either.js';

/** One request in your HTTP framework: parse the body, decide, fold. `reply` is the framework's. */
export const onCommand = <R>(body: string, state: DisputeState, reply: (status: number, body: unknown) => R): R => {
  const command = parseCommand(JSON.parse(body));            // Either<ValidationError, DisputeCommand>
  if (E.isLeft(command)) return reply(400, command.left.issues);
  const decision = decide(command.right, state);             // Either<DisputeError, DisputeEvent[]>
  if (E.isLeft(decision)) return reply(422, decision.left);  // { _tag: 'CannotAcceptOwnProposal', message }
  const next = decision.right.reduce(evolve, state);
  return reply(200, next);
};
