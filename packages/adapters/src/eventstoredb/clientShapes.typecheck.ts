/**
 * Compile-time proof (checked by `tsc`, never run) that both real clients satisfy the structural
 * `EventStoreDbClient`, and that each client reads every option the store sends, except the gaps
 * listed here on purpose. A method's options are compared key by key: structural typing alone lets a
 * client silently drop an option (6.x `readAll` has no `filter`, and passed this check before).
 */
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventStoreDbClient } from './eventStoreDbClient';

/** Both clients, seen through the store's interface. */
export type ClientShapeProof = [KurrentDBClient extends EventStoreDbClient ? true : never, EventStoreDBClient extends EventStoreDbClient ? true : never];

/** Fails to compile unless both members of the proof are `true`. */
export const clientShapesMatch: ClientShapeProof = [true, true];

type Method = 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll';
/** The options argument of a client method: where each method takes it. */
type OptionIndex = { appendToStream: 2; readStream: 1; readAll: 0; subscribeToAll: 0 };
type OptionsOf<C extends Record<Method, (...args: never[]) => unknown>, M extends Method> = NonNullable<Parameters<C[M]>[OptionIndex[M]]>;
/** The option keys the store sends that the client does not read. */
type Dropped<C extends Record<Method, (...args: never[]) => unknown>, M extends Method> = Exclude<keyof OptionsOf<EventStoreDbClient, M>, keyof OptionsOf<C, M>>;
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

/**
 * The options each client drops, exactly: KurrentDB's client reads the expected state from
 * `streamState`, EventStoreDB's from `expectedRevision` (the store sends both), and 6.x `readAll`
 * sends no filter, so the store filters `$all` itself and reads until its page is full. Any other
 * dropped option, or one of these appearing, fails type-checking.
 */
export type DroppedOptionsProof = [
  Exactly<Dropped<KurrentDBClient, 'appendToStream'>, 'expectedRevision'>,
  Exactly<Dropped<KurrentDBClient, 'readStream'>, never>,
  Exactly<Dropped<KurrentDBClient, 'readAll'>, never>,
  Exactly<Dropped<KurrentDBClient, 'subscribeToAll'>, never>,
  Exactly<Dropped<EventStoreDBClient, 'appendToStream'>, 'streamState'>,
  Exactly<Dropped<EventStoreDBClient, 'readStream'>, never>,
  Exactly<Dropped<EventStoreDBClient, 'readAll'>, 'filter'>,
  Exactly<Dropped<EventStoreDBClient, 'subscribeToAll'>, never>,
];

/** Fails to compile unless every member of the proof is `true`. */
export const droppedOptionsAsListed: DroppedOptionsProof = [true, true, true, true, true, true, true, true];
