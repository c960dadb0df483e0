import { isBefore } from '../../codecs/instant';
import { formatMoney, money, type Money } from '../../money/money';
import { onChargebackOf } from '../../policy/chargebackPolicy';
import { chargedBackOf, openChargebackOf } from '../chargebacks';
import type { CommandType, DisputeCommand } from '../commands';
import { disputeError, type DisputeError } from '../errors';
import type { EventOf, Outcome } from '../events';
import { amountAtStake, externallyRefundedOf, refundStillDue, stillRefundable } from '../refundDue';
import type { OpenedDispute } from '../state';
import type { DeadlineKind } from '../vocabulary';
import { checkCap } from './amounts';
import type { CommandHandler, DecideContext } from './context';
import { emit, refuse } from './decision';
import { resolutionLiability } from './liability';
import { closing } from './payoutHold';

/**
 * Chargebacks (process rules §5.7, decision 0006): the buyer went to the card issuer. The payment
 * integration records the chargeback and, later, the card network's decision. Under `onChargeback:
 * SUSPEND` the dispute waits in `CHARGEBACK_OPEN` and no money moves until the decision; under
 * `CLOSE` it closes at once. A lost chargeback counts as money given back, like a refund made elsewhere.
 */

/** The commands a dispute takes while a chargeback is open: the decision itself, the conversation, and the representment deadline. */
const passWhileOpen: ReadonlyArray<CommandType> = ['RecordChargebackOutcome', 'PostMessage', 'SubmitEvidence'];

/** True when a command of `type` is not held back by an open chargeback (`ExpireDeadline` only for `REPRESENTMENT`, see `chargebackHold`). */
export const passesChargebackHold = (s: OpenedDispute, type: CommandType): boolean =>
  s.status !== 'CHARGEBACK_OPEN' || openChargebackOf(s) === undefined || passWhileOpen.includes(type) || type === 'ExpireDeadline';

/**
 * The refusal of a command while a chargeback is open (`ChargebackOpen`), or `undefined`: nothing
 * that moves money or the process runs until the card network decides; messages, evidence and the
 * decision pass, and of the deadlines only `REPRESENTMENT` fires (`heldDeadline`).
 */
export const chargebackHold = (s: OpenedDispute, c: DisputeCommand): DisputeError | undefined => {
  const open = openChargebackOf(s);
  if (open === undefined || s.status !== 'CHARGEBACK_OPEN') return undefined;
  // An expiry is checked by its handler first: a stale or early timer is refused as such (`expireDeadline`).
  if (passWhileOpen.includes(c.type) || c.type === 'ExpireDeadline') return undefined;
  const details = { caseId: open.caseId, provider: open.provider, amount: open.amount };
  if (c.type === 'IssueRefund') {
    return disputeError(
      'ChargebackOpen',
      `No refund is issued while chargeback ${open.caseId} (${open.provider}, ${formatMoney(open.amount)}) is open: the card issuer may give the money back itself, and it must not go back twice. Record the chargeback's outcome first.`,
      details,
    );
  }
  if (c.type === 'RecordChargeback') {
    return disputeError('ChargebackOpen', `Chargeback ${open.caseId} (${open.provider}) is still open; record its outcome before another chargeback.`, details);
  }
  return disputeError(
    'ChargebackOpen',
    `The dispute is suspended while the card issuer decides chargeback ${open.caseId} (${open.provider}); only messages and evidence are taken until its outcome is recorded.`,
    details,
  );
};

/** The outcome of a dispute whose buyer got `total` back in all. */
const refundOutcome = (s: OpenedDispute, total: Money): Outcome => (total.amount === s.refundable.amount ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL');

/** A new chargeback's own rules: a new case, an amount above zero within what may still be refunded, due after now. */
const checkNewChargeback = (s: OpenedDispute, c: Extract<DisputeCommand, { type: 'RecordChargeback' }>): DisputeError | undefined => {
  if (s.chargebacks?.some((cb) => cb.caseId === c.caseId)) {
    return disputeError('DuplicateChargebackCase', `A chargeback with case id ${c.caseId} is already recorded in this dispute.`, { caseId: c.caseId });
  }
  const cap = checkCap(c.amount, stillRefundable(s), 'chargeback');
  if (cap) return cap;
  if (c.amount.amount === 0) return disputeError('AmountMustBePositive', 'A chargeback disputes more than zero.');
  if (!isBefore(c.at, c.dueBy)) {
    return disputeError('ChargebackDueByPassed', `The chargeback's answer was due by ${c.dueBy}, not after the command at ${c.at}; record a chargeback while it can still be answered.`, {
      dueBy: c.dueBy,
    });
  }
  return undefined;
};

/**
 * The payment integration records a chargeback. Under `SUSPEND` the dispute waits in
 * `CHARGEBACK_OPEN` with a `REPRESENTMENT` deadline at `dueBy`; under `CLOSE` it closes in the same
 * command (outcome `CHARGEBACK`, the hold released through `closing`).
 */
export const recordChargeback: CommandHandler<'RecordChargeback'> = (c, { state: s, common }) => {
  const problem = checkNewChargeback(s, c);
  if (problem) return refuse(problem);
  const suspend = onChargebackOf(s.policy) === 'SUSPEND';
  const opened: EventOf<'ChargebackOpened'> = {
    type: 'ChargebackOpened',
    data: { ...common, provider: c.provider, caseId: c.caseId, amount: c.amount, dueBy: c.dueBy, deadlines: suspend ? [{ kind: 'REPRESENTMENT', dueAt: c.dueBy }] : [] },
  };
  return suspend ? emit(opened) : emit(opened, ...closing(s, common, 'CHARGEBACK', s.refunded, s.externallyRefunded));
};

/** The decision's own rules: the open case, nothing back when won, more than zero and at most the chargeback's amount when lost. */
const checkOutcome = (s: OpenedDispute, c: Extract<DisputeCommand, { type: 'RecordChargebackOutcome' }>): DisputeError | undefined => {
  const open = openChargebackOf(s);
  if (open === undefined || open.caseId !== c.caseId) {
    const which = open === undefined ? 'no chargeback is open' : `the open one is ${open.caseId}`;
    return disputeError('UnknownChargeback', `No chargeback ${c.caseId} is open in this dispute (${which}).`, { caseId: c.caseId });
  }
  if (c.amount.currency !== open.amount.currency) {
    return disputeError('CurrencyMismatch', `The amount is in ${c.amount.currency}, but this dispute is in ${open.amount.currency}.`);
  }
  if (c.outcome === 'WON' && c.amount.amount !== 0) {
    return disputeError('ChargebackOutcomeMismatch', `A won chargeback gives nothing back to the buyer: set the amount to 0, not ${formatMoney(c.amount)}.`, { amount: c.amount });
  }
  if (c.outcome === 'LOST' && c.amount.amount === 0) return disputeError('AmountMustBePositive', 'A lost chargeback gives back more than zero.');
  if (c.amount.amount > open.amount.amount) {
    return disputeError('ChargebackOutcomeMismatch', `A lost chargeback gives back at most the ${formatMoney(open.amount)} disputed, not ${formatMoney(c.amount)}.`, {
      amount: c.amount,
      disputed: open.amount,
    });
  }
  return undefined;
};

/**
 * The end of a dispute that a lost chargeback covers: once resolved, the close (the refund still due
 * is paid); before, a resolution for the buyer on basis `CHARGEBACK`, then the close. `after` is the
 * dispute with the loss counted.
 */
const coveredEnd = (ctx: DecideContext, after: OpenedDispute) => {
  const { common } = ctx;
  const elsewhere = externallyRefundedOf(after);
  const total = money(after.refunded.amount + elsewhere.amount + chargedBackOf(after).amount, after.refundable.currency);
  if (after.resolution !== undefined) return closing(after, common, refundOutcome(after, total), after.refunded, elsewhere);
  const refund = money(elsewhere.amount + chargedBackOf(after).amount, after.refundable.currency);
  const liability = resolutionLiability(after, refund, 'CHARGEBACK');
  const resolved: EventOf<'Resolved'> = {
    type: 'Resolved',
    data: { ...common, outcome: 'BUYER_FAVOUR', basis: 'CHARGEBACK', refund, isFullRefund: refund.amount === after.refundable.amount, liability },
  };
  const settled: OpenedDispute = { ...after, resolution: { outcome: 'BUYER_FAVOUR', basis: 'CHARGEBACK', refund, isFullRefund: resolved.data.isFullRefund, at: common.at, liability } };
  return [resolved, ...closing(settled, common, refundOutcome(after, total), after.refunded, elsewhere)];
};

/**
 * The payment integration records the card network's decision on the open chargeback. Won: the
 * dispute resumes where it was. Lost: the amount counts as given back; when that covers what is at
 * stake (or still due) the dispute closes, else it resumes with less left to refund.
 */
export const recordChargebackOutcome: CommandHandler<'RecordChargebackOutcome'> = (c, ctx) => {
  const s = ctx.state;
  const problem = checkOutcome(s, c);
  if (problem) return refuse(problem);
  const open = openChargebackOf(s)!;
  const decided: EventOf<'ChargebackDecided'> = {
    type: 'ChargebackDecided',
    data: { ...ctx.common, caseId: c.caseId, outcome: c.outcome, amount: c.amount, resumes: open.suspendedFrom },
  };
  if (c.outcome === 'WON') return emit(decided);
  const after: OpenedDispute = { ...s, status: open.suspendedFrom, chargedBack: money(chargedBackOf(s).amount + c.amount.amount, s.refundable.currency) };
  const left = refundStillDue(after) ?? amountAtStake(after);
  return left.amount === 0 ? emit(decided, ...coveredEnd(ctx, after)) : emit(decided);
};

/**
 * The refusal of a running, due deadline other than `REPRESENTMENT` while a chargeback is open: the
 * dispute's own deadlines keep running but wait for the card network's decision (they fire once the
 * dispute resumes). `undefined` when it may fire.
 */
export const heldDeadline = (s: OpenedDispute, kind: DeadlineKind): DisputeError | undefined => {
  const open = openChargebackOf(s);
  if (open === undefined || s.status !== 'CHARGEBACK_OPEN' || kind === 'REPRESENTMENT') return undefined;
  return disputeError(
    'ChargebackOpen',
    `The ${kind} deadline waits while chargeback ${open.caseId} (${open.provider}) is open; it fires once the chargeback's outcome is recorded.`,
    { caseId: open.caseId, kind },
  );
};
