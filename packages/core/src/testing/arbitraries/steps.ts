import * as fc from 'fast-check';
import { millisOf } from '../../codecs/instant';
import { commandTypes, type CommandType, type DisputeCommand } from '../../dispute/commands';
import type { DisputeEvent } from '../../dispute/events';
import { isOpened, type DisputeState } from '../../dispute/state';
import type { Actor, Deadline, Role } from '../../dispute/vocabulary';
import { amountChoiceArb, type AmountChoice } from './openings';
import type { DisputeScenario } from './scenarios';
import { DAY_MS, HOUR_MS } from './shared';

/** Who sends a generated command: the role the rules expect (`natural`), or someone else. */
export type ActorChoice = 'natural' | 'buyer' | 'seller' | 'mediator' | 'system' | 'stranger' | 'partyAsMediator' | 'swapped';

/** How far the clock moves before a command: not at all, a little, a lot, or to a running deadline. */
export type TimeStep =
  | { readonly kind: 'stay' }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'toDeadline'; readonly extraMs: number; readonly early: boolean };

/**
 * The random choices behind one command. `commandFromStep` turns them into a command against the
 * current state, so that ids, proposals and deadlines refer to what exists (or, on purpose, not).
 */
export interface CommandStep {
  /** The command's type, or `Resend` to send an earlier command again (same `commandId`). */
  readonly type: CommandType | 'Resend';
  readonly actor: ActorChoice;
  readonly time: TimeStep;
  /** Picks among proposals, deadlines, earlier commands and roles. */
  readonly pick: number;
  readonly amount: AmountChoice;
  readonly seed: number;
  readonly flag: boolean;
  readonly variant: number;
  /** False: reuse an id that already exists, or refer to something that is not current. */
  readonly fresh: boolean;
  /** True: replace `type` by a command that matters in the current status (so runs move on). */
  readonly focus: boolean;
}

const commandTypeArb: fc.Arbitrary<CommandType | 'Resend'> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('MakeProposal' as const) },
  { weight: 8, arbitrary: fc.constant('AcceptProposal' as const) },
  { weight: 6, arbitrary: fc.constant('RejectProposal' as const) },
  { weight: 4, arbitrary: fc.constant('SubmitEvidence' as const) },
  { weight: 3, arbitrary: fc.constant('PostMessage' as const) },
  { weight: 6, arbitrary: fc.constant('Escalate' as const) },
  { weight: 4, arbitrary: fc.constant('RequestEvidence' as const) },
  { weight: 8, arbitrary: fc.constant('IssueRuling' as const) },
  { weight: 2, arbitrary: fc.constant('CancelDispute' as const) },
  { weight: 8, arbitrary: fc.constant('MarkReturnShipped' as const) },
  { weight: 8, arbitrary: fc.constant('ConfirmReturnReceived' as const) },
  { weight: 16, arbitrary: fc.constant('ExpireDeadline' as const) },
  { weight: 8, arbitrary: fc.constant('IssueRefund' as const) },
  { weight: 3, arbitrary: fc.constant('RecordRefundFailure' as const) },
  { weight: 2, arbitrary: fc.constant('RetryRefund' as const) },
  { weight: 2, arbitrary: fc.constant('RecordExternalRefund' as const) },
  { weight: 2, arbitrary: fc.constant('RuleAgain' as const) },
  { weight: 2, arbitrary: fc.constant('RecordChargeback' as const) },
  { weight: 3, arbitrary: fc.constant('RecordChargebackOutcome' as const) },
  { weight: 1, arbitrary: fc.constant('OpenDispute' as const) },
  { weight: 3, arbitrary: fc.constant('Resend' as const) },
);

const actorChoiceArb: fc.Arbitrary<ActorChoice> = fc.oneof(
  { weight: 24, arbitrary: fc.constant('natural' as const) },
  { weight: 1, arbitrary: fc.constantFrom<ActorChoice>('buyer', 'seller', 'mediator', 'system') },
  { weight: 1, arbitrary: fc.constantFrom<ActorChoice>('stranger', 'partyAsMediator', 'swapped') },
);

const timeStepArb: fc.Arbitrary<TimeStep> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'stay' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 * DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  { weight: 1, arbitrary: fc.integer({ min: DAY_MS, max: 20 * DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  {
    weight: 3,
    arbitrary: fc.record({ extraMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * HOUR_MS })), early: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }).map(
      ({ extraMs, early }) => ({ kind: 'toDeadline' as const, extraMs, early }),
    ),
  },
);

/** The random choices behind one command of any type, from any actor, at a later (or the same) instant. */
export const commandStepArb: fc.Arbitrary<CommandStep> = fc.record({
  type: commandTypeArb,
  actor: actorChoiceArb,
  time: timeStepArb,
  pick: fc.nat(1_000),
  amount: amountChoiceArb,
  seed: fc.nat(),
  flag: fc.boolean(),
  variant: fc.nat(9),
  fresh: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  focus: fc.boolean(),
});

/** The commands that matter in each status, for focused steps. */
export const FOCUS: Readonly<Record<DisputeState['status'], ReadonlyArray<CommandType>>> = {
  NONE: ['OpenDispute'],
  AWAITING_SELLER: ['MakeProposal', 'AcceptProposal', 'RejectProposal', 'Escalate', 'ExpireDeadline', 'SubmitEvidence'],
  AWAITING_BUYER: ['MakeProposal', 'AcceptProposal', 'RejectProposal', 'Escalate', 'ExpireDeadline', 'PostMessage', 'RecordChargeback'],
  UNDER_MEDIATION: ['IssueRuling', 'IssueRuling', 'RequestEvidence', 'MakeProposal', 'AcceptProposal', 'SubmitEvidence', 'ExpireDeadline'],
  AWAITING_RETURN_SHIPMENT: ['MarkReturnShipped', 'MarkReturnShipped', 'ExpireDeadline'],
  AWAITING_RETURN_RECEIPT: ['ConfirmReturnReceived', 'ConfirmReturnReceived', 'ExpireDeadline', 'RecordChargeback'],
  AWAITING_REFUND: ['IssueRefund', 'IssueRefund', 'RecordRefundFailure', 'RecordRefundFailure', 'ExpireDeadline', 'RecordExternalRefund', 'RecordChargeback'],
  REFUND_BLOCKED: ['RetryRefund', 'RetryRefund', 'IssueRefund', 'RecordExternalRefund', 'RuleAgain', 'RecordChargeback'],
  CHARGEBACK_OPEN: ['RecordChargebackOutcome', 'RecordChargebackOutcome', 'RecordChargebackOutcome', 'ExpireDeadline', 'IssueRefund', 'PostMessage', 'RecordChargeback', 'MakeProposal'],
  CLOSED: commandTypes,
};

/** Where a generated run stands: the scenario, the state, the clock and what was sent and recorded so far. */
export interface RunContext {
  readonly scenario: DisputeScenario;
  readonly state: DisputeState;
  /** The clock, in epoch milliseconds: the `at` of the last command. */
  readonly now: number;
  readonly commands: ReadonlyArray<DisputeCommand>;
  readonly events: ReadonlyArray<DisputeEvent>;
}

/** Every deadline any event of the history started, running or not. */
export const deadlinesEverStarted = (events: ReadonlyArray<DisputeEvent>): Deadline[] =>
  events.flatMap((e) => ('deadlines' in e.data ? [...(e.data as { deadlines: ReadonlyArray<Deadline> }).deadlines] : []));

/** The deadlines running in a state. */
export const runningDeadlines = (state: DisputeState): ReadonlyArray<Deadline> => (isOpened(state) ? state.deadlines : []);

/** The instant a step's command is sent at: never before `now`. */
export const timeOfStep = (step: CommandStep, context: RunContext): number => {
  const { now } = context;
  switch (step.time.kind) {
    case 'stay':
      return now;
    case 'tick':
      return now + step.time.ms;
    default: {
      const running = runningDeadlines(context.state);
      const target = running[step.pick % Math.max(1, running.length)];
      if (target === undefined) return now + step.time.extraMs;
      const due = millisOf(target.dueAt);
      return Math.max(now, step.time.early ? due - 1 - step.time.extraMs : due + step.time.extraMs);
    }
  }
};

/** The role the rules expect to send a command of this type. */
export const naturalRole = (type: CommandType, step: CommandStep, state: DisputeState): Role => {
  const s = isOpened(state) ? state : undefined;
  switch (type) {
    case 'OpenDispute':
    case 'CancelDispute':
    case 'MarkReturnShipped':
      return 'buyer';
    case 'ConfirmReturnReceived':
      return 'seller';
    case 'MakeProposal':
      return s?.status === 'UNDER_MEDIATION' && step.pick % 3 === 2 ? 'mediator' : step.pick % 2 === 0 ? 'buyer' : 'seller';
    case 'SubmitEvidence': {
      const request = s?.openEvidenceRequests[step.pick % Math.max(1, s.openEvidenceRequests.length)];
      return request?.from ?? (step.flag ? 'buyer' : 'seller');
    }
    case 'PostMessage':
      return step.flag ? 'buyer' : 'seller';
    case 'Escalate':
      return step.flag || !s?.policy.sellerMayEscalate ? 'buyer' : 'seller';
    case 'RequestEvidence':
    case 'IssueRuling':
    case 'RuleAgain':
      return 'mediator';
    case 'RecordExternalRefund':
      return s?.status === 'REFUND_BLOCKED' && step.flag ? 'mediator' : step.pick % 4 === 0 ? 'system' : 'seller';
    case 'AcceptProposal':
    case 'RejectProposal':
      return 'buyer'; // replaced by the counter-party of the chosen proposal
    default:
      return 'system';
  }
};

/** The actor a step's choice stands for, given the role the rules expect. */
export const actorFor = (choice: ActorChoice, role: Role, step: CommandStep, scenario: DisputeScenario): Actor => {
  const { buyer, seller, system, mediators, strangers } = scenario;
  const mediator = mediators[step.pick % mediators.length]!;
  const byRole = (r: Role): Actor => (r === 'buyer' ? buyer : r === 'seller' ? seller : r === 'mediator' ? mediator : system);
  switch (choice) {
    case 'natural':
      return byRole(role);
    case 'buyer':
    case 'seller':
    case 'mediator':
    case 'system':
      return byRole(choice);
    case 'stranger':
      return { role: step.flag ? 'buyer' : 'seller', id: strangers[step.pick % strangers.length]! };
    case 'partyAsMediator':
      return { role: 'mediator', id: step.flag ? buyer.id : seller.id };
    default:
      return step.flag ? { role: 'seller', id: buyer.id } : { role: 'buyer', id: seller.id };
  }
};
