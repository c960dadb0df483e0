import * as E from 'fp-ts/lib/Either.js';
import type { BusinessCalendar } from '../../policy/businessCalendar';
import type { DisputePolicy } from '../../policy/policy';
import type { DisputeCommand } from '../commands';
import type { DisputeState, OpenedDispute } from '../state';
import { fail, refuse, type Decision } from './decision';
import { chargebackHold } from './chargebacks';
import { checkEnvelope } from './envelope';
import { handle } from './handlers';
import { openDispute } from './openDispute';
import { timingFor, type Timing } from './timing';

/** Options of `makeDecide`. */
export interface DecideOptions {
  /**
   * The business calendar for `businessDays` durations. By default each dispute uses the calendar
   * data stored in its policy (weekends and holidays), which keeps replays deterministic.
   */
  readonly calendar?: BusinessCalendar;
}

/** A command to a stream with no dispute yet: only the buyer's opening. */
const decideFirst = (command: DisputeCommand, timingOf: (policy: DisputePolicy) => Timing): Decision => {
  if (command.type !== 'OpenDispute') {
    return fail('DisputeNotFound', `There is no dispute ${command.disputeId}; it has to be opened first.`);
  }
  if (command.actor.role !== 'buyer') return fail('NotPermitted', `A ${command.actor.role} cannot open a dispute; only the buyer can.`);
  return openDispute(command, timingOf);
};

/** A command to an opened dispute: idempotency, the envelope, an open chargeback's hold, then the command's own handler. */
const decideOpened = (command: DisputeCommand, s: OpenedDispute, timingOf: (policy: DisputePolicy) => Timing): Decision => {
  if (s.seen.commandIds.has(command.commandId)) return E.right([]);
  if (command.type === 'OpenDispute') return fail('DisputeAlreadyOpened', `Dispute ${s.disputeId} is already open.`);
  const problem = checkEnvelope(s, command) ?? chargebackHold(s, command);
  if (problem) return refuse(problem);
  const common = { disputeId: s.disputeId, at: command.at, by: command.actor, commandId: command.commandId };
  return handle(command.type, command, { state: s, common, timing: timingOf(s.policy) });
};

/** Builds the decision function, with an optional business calendar. */
export const makeDecide = (options: DecideOptions = {}) => {
  const timingOf = (policy: DisputePolicy): Timing => timingFor(policy, options.calendar);
  /**
   * Decides what a command does to a dispute: the events to append, or the rule it breaks. Pure:
   * no clock, no IO, no randomness; the same state and command always give the same result. A
   * command whose `commandId` the dispute has already seen emits nothing (idempotency).
   */
  const decide = (command: DisputeCommand, state: DisputeState): Decision =>
    state.status === 'NONE' ? decideFirst(command, timingOf) : decideOpened(command, state, timingOf);
  return decide;
};

/** Decides a command against a dispute's state using each policy's own business calendar. */
export const decide = makeDecide();
