import type * as t from 'io-ts/lib/index.js';
import type { CommandType, commandCodecs } from '../commands';
import type { RoleFor } from '../commandRoles';

/** Flattens an intersection into one object type, so editors and errors show plain fields. */
type Plain<T> = { [K in keyof T]: T[K] } & {};

/** The wire form of command `K` as its codec encodes it: ids, instants and money as plain strings and numbers. */
type WireOf<K extends CommandType> = t.OutputOf<(typeof commandCodecs)[K]>;

/**
 * The plain TypeScript input of command `K`, derived from its codec (`t.OutputOf`), so it cannot
 * drift from what `parseCommand` accepts: no brands (ids and instants are `string`, money is
 * `{ amount: number; currency: string }`), and `actor.role` narrowed to the roles that may send it.
 * A literal annotated with it is checked field by field: a misspelled field, a string amount or a
 * mediator opening a dispute is a compile error. Runtime rules (integers, ISO instants, known
 * currencies, the process rules) are still checked by `parseCommand` and `decide`.
 */
export type CommandInput<K extends CommandType> = Plain<
  Omit<WireOf<K>, 'actor'> & { readonly actor: { readonly role: RoleFor<K>; readonly id: string } }
>;

/** The input of any command: a union over every command type, discriminated by `type`. */
export type DisputeCommandInput = { [K in CommandType]: CommandInput<K> }[CommandType];

/** A command's input without its `type` (what the per-command builders take). */
export type CommandFields<K extends CommandType> = Plain<Omit<CommandInput<K>, 'type'>>;
