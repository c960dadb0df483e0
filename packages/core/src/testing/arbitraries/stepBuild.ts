import type { CommandId, DisputeId } from '../../codecs/ids';
import type { Instant } from '../../codecs/instant';
import type { CommandType } from '../../dispute/commands';
import { isOpened, type OpenedDispute } from '../../dispute/state';
import type { Actor, Role } from '../../dispute/vocabulary';
import type { Money } from '../../money/money';
import { at, HOUR_MS, refundableOf } from './shared';
import { actorFor, FOCUS, naturalRole, timeOfStep, type CommandStep, type RunContext } from './steps';

/** A proposal of the dispute, as the state holds it. */
type HeldProposal = OpenedDispute['proposals'][number];

/** What every command built from a step shares: who sends it, for which dispute, when, under which id. */
export interface StepEnvelope {
  readonly disputeId: DisputeId;
  readonly commandId: CommandId;
  readonly actor: Actor;
  readonly at: Instant;
}

/** Everything a command builder needs, worked out once from a step and the run's context. */
export interface StepBuild {
  readonly step: CommandStep;
  readonly context: RunContext;
  /** The position of the command in the run. */
  readonly index: number;
  /** The command's instant, in epoch milliseconds. */
  readonly time: number;
  /** The dispute, once opened. */
  readonly s: OpenedDispute | undefined;
  readonly refundable: Money;
  /** The proposal an acceptance or rejection answers: an open one when the step is fresh, any otherwise. */
  readonly chosen: HeldProposal | undefined;
  readonly actor: Actor;
  readonly envelope: StepEnvelope;
  /** A note, on one step in three. */
  readonly note: { readonly note?: string };
  /** An id unique to this command. */
  readonly id: (prefix: string) => string;
  /** A fresh id (`fallback`), or, when the step is not fresh, one of `ids` that exists already. */
  readonly existing: <T extends string>(ids: Iterable<string> | undefined, fallback: string) => T;
}

/** The command type a step stands for: its own, or (focused) one that matters in the current status. */
export const typeOfStep = (step: CommandStep, context: RunContext): CommandType => {
  const focused = FOCUS[context.state.status];
  return step.focus ? focused[Math.floor(step.seed / 7_919) % focused.length]! : step.type === 'Resend' ? 'PostMessage' : step.type;
};

/** A focused party move happens soon (within six hours), so that parties often act before deadlines. */
const timeOf = (step: CommandStep, context: RunContext, type: CommandType): number =>
  step.focus && type !== 'ExpireDeadline' ? context.now + (step.seed % (6 * HOUR_MS)) * (step.time.kind === 'stay' ? 0 : 1) : timeOfStep(step, context);

/** Acceptances and rejections choose a proposal first: the natural actor is its counter-party. */
const roleOf = (type: CommandType, step: CommandStep, context: RunContext, chosen: HeldProposal | undefined): Role => {
  if ((type === 'AcceptProposal' || type === 'RejectProposal') && chosen !== undefined) {
    return chosen.by.role === 'buyer' ? 'seller' : chosen.by.role === 'seller' ? 'buyer' : step.flag ? 'buyer' : 'seller';
  }
  return naturalRole(type, step, context.state);
};

/** Works out, from a step and the run so far, what the command of that type is built from. */
export const stepBuild = (step: CommandStep, context: RunContext, type: CommandType): StepBuild => {
  const { scenario, state, commands } = context;
  const index = commands.length;
  const time = timeOf(step, context, type);
  const s = isOpened(state) ? state : undefined;
  const id = (prefix: string): string => `${prefix}-${index}`;
  const proposals = s?.proposals ?? [];
  const open = proposals.filter((p) => p.status === 'OPEN');
  const chosen = step.fresh && open.length > 0 ? open[step.pick % open.length] : proposals[step.pick % Math.max(1, proposals.length)];
  const actor = actorFor(step.actor, roleOf(type, step, context, chosen), step, scenario);
  return {
    step,
    context,
    index,
    time,
    s,
    refundable: s?.refundable ?? refundableOf(scenario.order),
    chosen,
    actor,
    envelope: {
      disputeId: step.seed % 97 === 0 && !step.fresh ? ('another-dispute' as DisputeId) : scenario.disputeId,
      commandId: id('c') as CommandId,
      actor,
      at: at(time),
    },
    note: step.variant % 3 === 0 ? { note: `note ${index}` } : {},
    id,
    existing: <T extends string>(ids: Iterable<string> | undefined, fallback: string): T => {
      const list = ids === undefined ? [] : [...ids];
      return (step.fresh || list.length === 0 ? fallback : list[step.pick % list.length]!) as T;
    },
  };
};
