import type { CommandType } from '../commands';
import type { CommandFields, CommandInput } from './commandInput';

/**
 * Builds a typed command input: `disputeCommand('MakeProposal', { ...fields })`. The fields are
 * checked at compile time against the command's codec; the result is plain JSON to hand to
 * `service.handle` (which still validates it at run time).
 */
export const disputeCommand = <K extends CommandType>(type: K, fields: CommandFields<K>): CommandInput<K> =>
  ({ type, ...fields }) as unknown as CommandInput<K>;

/**
 * Annotates a whole command literal (with its `type`) without widening it: the identity at run
 * time, a compile-time check of every field.
 */
export const typedCommand = <K extends CommandType>(command: CommandInput<K> & { readonly type: K }): CommandInput<K> => command;
