import type { Instant } from '../../codecs/instant';
import type { DisputeCommand } from '../commands';
import type { OpenedDispute } from '../state';
import type { Actor } from '../vocabulary';
import type { Decision } from './decision';
import type { Timing } from './timing';

/** The fields every event of one command carries: which dispute, when, who, and the command. */
export interface CommonFields {
  readonly disputeId: OpenedDispute['disputeId'];
  readonly at: Instant;
  readonly by: Actor;
  readonly commandId: DisputeCommand['commandId'];
}

/** What a command handler sees: the dispute, the common fields of its events, and the dispute's timing. */
export interface DecideContext {
  readonly state: OpenedDispute;
  readonly common: CommonFields;
  readonly timing: Timing;
}

/** The command of a given type. */
export type CommandOf<K extends DisputeCommand['type']> = Extract<DisputeCommand, { type: K }>;

/** Decides one command type against an opened dispute. */
export type CommandHandler<K extends DisputeCommand['type']> = (command: CommandOf<K>, ctx: DecideContext) => Decision;
