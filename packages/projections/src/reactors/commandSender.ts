import type { DisputeState } from '@disputekit/core';
import type * as E from 'fp-ts/lib/Either.js';
import { createHash } from 'node:crypto';

/** A refusal or failure as the service reports it: a tagged value with a readable message. */
export interface CommandFailure {
  readonly _tag: string;
  readonly message: string;
}

/**
 * Where reactors send their commands: the dispute service (`createDisputeService(...)` fits), or
 * anything with the same `handle`. A command id already applied must return the first result.
 */
export interface CommandSender {
  handle(command: unknown): Promise<E.Either<CommandFailure, unknown>>;
}

/**
 * Where a reactor re-reads a dispute from the event store before it moves money, rather than trust a
 * read model that may lag behind (the dispute service's `load` fits).
 */
export interface DisputeLoader {
  load(disputeId: string): Promise<E.Either<CommandFailure, { readonly state: DisputeState }>>;
}

/** The actor reactors send commands as. */
export interface SystemActor {
  readonly role: 'system';
  readonly id: string;
}

const MAX_ID = 200;

/**
 * An id made of its parts joined by `:` (the same parts give the same id); when that would pass the 200-character limit
 * of ids, the prefix followed by a SHA-256 of the whole (still deterministic).
 */
export const joinedId = (prefix: string, ...parts: ReadonlyArray<string | number>): string => {
  const whole = [prefix, ...parts].join(':');
  return whole.length <= MAX_ID ? whole : `${prefix}:${createHash('sha256').update(whole).digest('hex')}`;
};
