import type { Identifier } from '../../codecs/ids';
import type { LiabilitySplit } from '../../dispute/liability';
import { openChargebackOf } from '../../dispute/chargebacks';
import { amountAtStake, refundStillDue, stillRefundable } from '../../dispute/refundDue';
import type { Deadline, DeadlineKind, Party } from '../../dispute/vocabulary';
import type { MinorUnits, Money } from '../../money/money';
import type { CommandOf } from './commandOf';
import { amountFor } from './openings';
import { at, DAY_MS, EARLIEST, partial } from './shared';
import type { StepBuild } from './stepBuild';
import { deadlinesEverStarted, runningDeadlines } from './steps';

/** Builders of the process's commands from a step: mediation, returns, deadlines and refunds. */

/** A mediator's evidence request, under a fresh id (or one used before). */
export const evidenceRequestFromStep = (b: StepBuild): CommandOf<'RequestEvidence'> => ({
  type: 'RequestEvidence',
  ...b.envelope,
  requestId: b.existing<Identifier>(b.s?.seen.requestIds, b.id('rq')),
  from: b.step.flag ? 'buyer' : 'seller',
  description: 'Please send a photo of the parcel.',
});

/**
 * Who pays a ruled refund, set by the mediator two rulings in three: split between seller and
 * platform (now and then all on one), and one split in four that does not add up (refused,
 * LiabilityMismatch).
 */
const liabilityFromStep = (step: StepBuild['step'], refund: Money): { readonly liability?: LiabilitySplit } => {
  if (step.pick % 3 === 0) return {};
  const platform = step.seed % 4 === 0 ? refund.amount : step.seed % 4 === 1 ? 0 : Math.floor((refund.amount * (step.seed % 97)) / 97);
  const fits = refund.amount - platform;
  // A split that does not add up is one off, downwards when it can be (one up could pass the largest safe integer).
  const seller = Math.floor(step.seed / 4) % 4 === 3 ? (fits > 0 ? fits - 1 : fits + 1) : fits;
  return { liability: { seller: { amount: seller as MinorUnits, currency: refund.currency }, platform: { amount: platform as MinorUnits, currency: refund.currency } } };
};

/** A ruling for either party, sometimes with a return (never in the return round), sometimes saying who pays. */
export const rulingFromStep = (b: StepBuild): CommandOf<'IssueRuling'> => {
  const { s, step, refundable } = b;
  const buyerFavour = step.flag;
  const returnRequired = buyerFavour && step.variant % 3 === 0 && (s?.itemReceived ?? true) && s?.mediationRound !== 'RETURN';
  const refund = amountFor(step.amount, refundable, step.seed, () => (buyerFavour ? (step.variant % 2 === 0 ? refundable.amount : partial(refundable, step.seed)) : 0));
  return {
    type: 'IssueRuling',
    ...b.envelope,
    rulingId: b.id('r') as Identifier,
    outcome: buyerFavour ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
    refund,
    returnRequired,
    rationale: 'Generated ruling.',
    ...(returnRequired && step.variant % 2 === 0 ? { returnShippingPaidBy: 'seller' as const } : {}),
    ...liabilityFromStep(step, refund),
  };
};

/** The buyer's shipment of the return. */
export const shipmentFromStep = (b: StepBuild): CommandOf<'MarkReturnShipped'> => ({
  type: 'MarkReturnShipped',
  ...b.envelope,
  carrier: 'UPS',
  trackingNumber: `1Z${b.index}`,
});

const DISPUTED_CONDITIONS = ['NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS'] as const;

/** The seller's receipt of the return: as expected six times in ten. */
export const receiptFromStep = (b: StepBuild): CommandOf<'ConfirmReturnReceived'> => ({
  type: 'ConfirmReturnReceived',
  ...b.envelope,
  condition: b.step.variant < 6 ? 'AS_EXPECTED' : DISPUTED_CONDITIONS[b.step.pick % DISPUTED_CONDITIONS.length]!,
});

const DEADLINE_KINDS: ReadonlyArray<DeadlineKind> = ['SELLER_RESPONSE', 'BUYER_RESPONSE', 'NEGOTIATION_WINDOW', 'EVIDENCE_REQUEST', 'RETURN_SHIPMENT', 'RETURN_RECEIPT', 'REPRESENTMENT'];

/** An expiry of a running deadline (half the time), of one that ran once, or of a random one. */
export const expiryFromStep = (b: StepBuild): CommandOf<'ExpireDeadline'> => {
  const { step, time } = b;
  const running = runningDeadlines(b.context.state);
  const known = deadlinesEverStarted(b.context.events);
  const mode = step.variant % 4;
  const target: Deadline | undefined =
    mode <= 1 && running.length > 0 ? running[step.pick % running.length] : mode === 2 && known.length > 0 ? known[step.pick % known.length] : undefined;
  const deadline: Deadline = target ?? { kind: DEADLINE_KINDS[step.pick % DEADLINE_KINDS.length]!, dueAt: at(Math.max(EARLIEST, time - 10 * DAY_MS + (step.seed % (20 * DAY_MS)))) };
  const party: Party | undefined = deadline.party ?? (deadline.kind === 'EVIDENCE_REQUEST' ? (step.flag ? 'buyer' : 'seller') : undefined);
  return {
    type: 'ExpireDeadline',
    ...b.envelope,
    kind: deadline.kind,
    dueAt: deadline.dueAt,
    ...(party === undefined || (step.fresh && step.flag && target !== undefined) ? {} : { party }),
  };
};

/** A refund of what is owed (or of a chosen amount). */
export const refundFromStep = (b: StepBuild): CommandOf<'IssueRefund'> => {
  const { step, refundable } = b;
  const owed = (b.s === undefined ? undefined : refundStillDue(b.s)) ?? refundable;
  return {
    type: 'IssueRefund',
    ...b.envelope,
    refundId: b.id('rf') as Identifier,
    amount: amountFor(step.amount === 'full' ? 'natural' : step.amount, refundable, step.seed, () => owed.amount),
    gatewayReference: b.id('gw') as Identifier,
  };
};

/** A failed refund attempt. */
export const refundFailureFromStep = (b: StepBuild): CommandOf<'RecordRefundFailure'> => ({
  type: 'RecordRefundFailure',
  ...b.envelope,
  attempt: 1 + b.step.variant,
  errorCode: `E${b.step.variant}`,
  retryable: b.step.flag,
  ...(b.step.variant < 3 ? { permanent: true } : {}),
});

/** A mediator's retry of a blocked refund. */
export const refundRetryFromStep = (b: StepBuild): CommandOf<'RetryRefund'> => ({ type: 'RetryRefund', ...b.envelope });

const EXTERNAL_METHODS = ['BANK_TRANSFER', 'OTHER_PAYMENT_PROVIDER', 'CASH', 'CHEQUE', 'OTHER'] as const;

/**
 * A refund made elsewhere: half the time what is at stake (it ends the dispute), else part of it
 * (accepted only once the refund is due), or an amount from the step's choice; under a fresh
 * reference (or one used before). The natural actor is the seller, or a mediator for a blocked refund.
 */
export const externalRefundFromStep = (b: StepBuild): CommandOf<'RecordExternalRefund'> => {
  const { s, step, refundable } = b;
  const stake = s === undefined ? refundable : amountAtStake(s);
  const used = (s?.externalRefunds ?? []).map((r) => r.refundRef);
  return {
    type: 'RecordExternalRefund',
    ...b.envelope,
    refundRef: b.existing<Identifier>(used, b.id('x')),
    amount: amountFor(step.amount, refundable, step.seed, () => (step.variant % 2 === 0 || stake.amount <= 1 ? stake.amount : 1 + (step.seed % (stake.amount - 1)))),
    method: EXTERNAL_METHODS[step.pick % EXTERNAL_METHODS.length]!,
  };
};

/** A mediator's second ruling on a blocked refund: for the seller, or for the buyer (all, part, or just what was refunded elsewhere). */
export const ruleAgainFromStep = (b: StepBuild): CommandOf<'RuleAgain'> => {
  const { s, step, refundable } = b;
  const elsewhere = s?.externallyRefunded?.amount ?? 0;
  const buyerFavour = step.flag || elsewhere > 0;
  const natural = (): number =>
    !buyerFavour ? 0 : step.variant % 3 === 0 ? refundable.amount : step.variant % 3 === 1 ? Math.max(1, elsewhere) : Math.max(elsewhere, partial(refundable, step.seed));
  return {
    type: 'RuleAgain',
    ...b.envelope,
    rulingId: b.id('r2') as Identifier,
    outcome: buyerFavour ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
    refund: amountFor(step.amount, refundable, step.seed, natural),
    rationale: 'Generated second ruling.',
  };
};

const PROVIDERS = ['visa', 'mastercard', 'amex'] as const;

/**
 * A chargeback the payment integration reports: all or part of what may still be refunded (or an
 * amount from the step's choice), answer due a few days on (now and then already passed), under a
 * fresh case id (or one used before).
 */
export const chargebackFromStep = (b: StepBuild): CommandOf<'RecordChargeback'> => {
  const { s, step, refundable, time } = b;
  const left = s === undefined ? refundable : stillRefundable(s);
  const used = (s?.chargebacks ?? []).map((c) => c.caseId);
  const dueBy = step.variant === 9 ? time : time + (1 + (step.seed % 20)) * DAY_MS;
  return {
    type: 'RecordChargeback',
    ...b.envelope,
    provider: PROVIDERS[step.pick % PROVIDERS.length]!,
    caseId: b.existing<Identifier>(used, b.id('cb')),
    amount: amountFor(step.amount, refundable, step.seed, () => (step.variant % 2 === 0 || left.amount <= 1 ? left.amount : 1 + (step.seed % (left.amount - 1)))),
    dueBy: at(dueBy),
  };
};

/**
 * The card network's decision on the open chargeback: won (nothing back) or lost (all of it, or part),
 * for its case (or, when the step is not fresh, another one).
 */
export const chargebackOutcomeFromStep = (b: StepBuild): CommandOf<'RecordChargebackOutcome'> => {
  const { s, step, refundable } = b;
  const open = s === undefined ? undefined : openChargebackOf(s);
  const disputed = open?.amount.amount ?? refundable.amount;
  const lost = !step.flag;
  return {
    type: 'RecordChargebackOutcome',
    ...b.envelope,
    caseId: (open !== undefined && step.fresh ? open.caseId : b.id('cb-other')) as Identifier,
    outcome: lost ? 'LOST' : 'WON',
    amount: amountFor(step.amount, refundable, step.seed, () => (!lost ? 0 : step.variant % 2 === 0 || disputed <= 1 ? disputed : 1 + (step.seed % (disputed - 1)))),
  };
};
