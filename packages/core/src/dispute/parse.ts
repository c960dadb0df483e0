import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts/lib/index.js';
import { decodesToItself } from '../codecs/exactDecode';
import { issuesFromErrors, renderValue, validationError, validationIssue, type ValidationError } from '../codecs/validationError';
import { commandCodecs, commandTypes, type DisputeCommand } from './commands';
import { eventCodecs, eventTypes, type DisputeEvent } from './events';

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

const decodeTagged = <T>(
  subject: string,
  codecs: Readonly<Record<string, { decode(u: unknown): E.Either<import('io-ts/lib/index.js').Errors, unknown> }>>,
  types: ReadonlyArray<string>,
  input: unknown,
): E.Either<ValidationError, T> => {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return E.left(validationError(subject, [validationIssue('', `${subject === 'event' ? 'an' : 'a'} ${subject} object`, input)]));
    }
    const type = (input as Record<string, unknown>).type;
    if (typeof type !== 'string' || !hasOwn(codecs, type)) {
      return E.left(
        validationError(subject, [validationIssue('type', `one of ${types.join(', ')}`, type)]),
      );
    }
    const decoded = codecs[type]!.decode(input);
    return E.isLeft(decoded) ? E.left(validationError(`${type} ${subject}`, issuesFromErrors(decoded.left))) : E.right(decoded.right as T);
  } catch (error) {
    // Hostile inputs (throwing getters, proxies) must not escape as exceptions.
    return E.left(validationError(subject, [validationIssue('', `a plain JSON ${subject}`, renderValue(String(error)))]));
  }
};

/**
 * Turns any input (parsed JSON) into a typed command, or a `ValidationError` listing every problem
 * with its path (`order.paid.amount: expected a safe integer ≥ 0, got 12.5`). Never throws.
 */
export const parseCommand = (input: unknown): E.Either<ValidationError, DisputeCommand> =>
  decodeTagged<DisputeCommand>('command', commandCodecs, commandTypes, input);

/**
 * Turns any input into a typed event `{ type, data }`, or a `ValidationError`. Unknown fields written
 * by newer versions are dropped. Never throws.
 */
export const parseEvent = (input: unknown): E.Either<ValidationError, DisputeEvent> =>
  decodeTagged<DisputeEvent>('event', eventCodecs, eventTypes, input);

/** Encodes a typed event as plain JSON (the storage format). */
export const encodeEvent = (event: DisputeEvent): unknown => (eventCodecs[event.type] as { encode(a: unknown): unknown }).encode(event);

/** Encodes a typed command as plain JSON. */
export const encodeCommand = (command: DisputeCommand): unknown =>
  (commandCodecs[command.type] as { encode(a: unknown): unknown }).encode(command);

/**
 * `parseEvent({ type, data })` for an event read back from a store (bytes parsed with JSON.parse, or
 * a store's frozen copy): the same answer, accepted and refused exactly as `parseEvent` does, but an
 * event that already is its typed form (every key declared, every leaf as the codecs give it back,
 * as the codecs write events) is handed back as it is, without a decoded copy: the typed event then
 * shares `data` with the caller's value, which must not change afterwards. Never throws.
 */
export const parseStoredEvent = (type: unknown, data: unknown): E.Either<ValidationError, DisputeEvent> => {
  const candidate = { type, data };
  if (typeof type === 'string' && hasOwn(eventCodecs, type)) {
    try {
      if (decodesToItself(eventCodecs[type as keyof typeof eventCodecs] as t.Mixed)(candidate)) return E.right(candidate as DisputeEvent);
    } catch {
      // A hostile value (a throwing getter): parseEvent reports it.
    }
  }
  return parseEvent(candidate);
};
