import type { CommandType, DisputeCommand } from '../../dispute/commands';

/** The command of a given type. */
export type CommandOf<K extends CommandType> = Extract<DisputeCommand, { type: K }>;
