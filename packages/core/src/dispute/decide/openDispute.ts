import { isBefore } from '../../codecs/instant';
import { formatMoney, type Money } from '../../money/money';
import type { DisputePolicy } from '../../policy/policy';
import { formatDuration } from '../../policy/duration';
import { policies } from '../../policy/presets';
import type { OpenDispute } from '../commands';
import { disputeError, type DisputeError } from '../errors';
import { windowAnchorInstant } from '../windowAnchor';
import { checkBuyerAmount } from './amounts';
import { emit, refuse, type Decision } from './decision';
import { placePayoutHold } from './payoutHold';
import type { Timing } from './timing';
import { anchorText } from './wording';

/** The policy an opening chooses: a preset by name, a whole policy, or the seed preset. */
const policyOf = (c: OpenDispute): DisputePolicy =>
  c.policy === undefined ? policies.seed : typeof c.policy === 'string' ? policies[c.policy] : c.policy;

/** The order's refunded amount must be in its currency and no more than it paid. */
const checkOrderAmounts = ({ order }: OpenDispute): DisputeError | undefined => {
  if (order.alreadyRefunded.currency !== order.paid.currency) {
    return disputeError('InvalidOrder', `The order's refunded amount is in ${order.alreadyRefunded.currency} but it was paid in ${order.paid.currency}.`);
  }
  if (order.alreadyRefunded.amount > order.paid.amount) {
    return disputeError('InvalidOrder', `The order says ${formatMoney(order.alreadyRefunded)} was refunded, more than the ${formatMoney(order.paid)} paid.`);
  }
  return undefined;
};

/** What the dispute can still refund: `paid − alreadyRefunded`. */
const refundableOf = ({ order }: OpenDispute): Money => ({
  amount: (order.paid.amount - order.alreadyRefunded.amount) as Money['amount'],
  currency: order.paid.currency,
});

/** When the protection window closes, or the refusal when the order lacks its anchor or it has closed. */
const checkWindowCloses = (c: OpenDispute, policy: DisputePolicy, timing: Timing): DisputeError | undefined => {
  const { from, after } = policy.openWindow.closes;
  const closes = windowAnchorInstant(c.order, from);
  if (closes === undefined) {
    return disputeError(
      'OutsideProtectionWindow',
      `Under the ${policy.name} policy the protection window is counted from ${anchorText[from]}, which this order does not have yet.`,
    );
  }
  const closesAt = timing.due(closes, after);
  if (isBefore(closesAt, c.at)) {
    return disputeError(
      'OutsideProtectionWindow',
      `The buyer protection for this order ended at ${closesAt} (${formatDuration(after)} after ${anchorText[from]}); a dispute can no longer be opened.`,
      { closesAt },
    );
  }
  return undefined;
};

/** The refusal when the policy's window has an opening the order has not reached yet. */
const checkWindowOpens = (c: OpenDispute, policy: DisputePolicy, timing: Timing): DisputeError | undefined => {
  const opensFrom = policy.openWindow.opens;
  if (opensFrom === undefined) return undefined;
  const opens = windowAnchorInstant(c.order, opensFrom.from);
  if (opens === undefined) {
    return disputeError('OutsideProtectionWindow', `A dispute can only be opened after ${anchorText[opensFrom.from]}, which has not happened yet.`);
  }
  const opensAt = timing.due(opens, opensFrom.after);
  if (isBefore(c.at, opensAt)) {
    return disputeError(
      'OutsideProtectionWindow',
      `A dispute about this order can be opened from ${opensAt} (${formatDuration(opensFrom.after)} after ${anchorText[opensFrom.from]}).`,
      { opensAt },
    );
  }
  return undefined;
};

/** The reason, the kind and whether the item arrived must agree, and the policy must allow the reason. */
const checkReasonAndKind = (c: OpenDispute, policy: DisputePolicy): DisputeError | undefined => {
  if (c.reason.group === 'CHANGED_MIND' && !policy.allowNoReasonReturns) {
    return disputeError('NoReasonReturnsNotAllowed', `The ${policy.name} policy does not allow returns without a reason.`);
  }
  if (c.reason.group === 'NOT_RECEIVED' && (c.itemReceived || c.kind !== 'REFUND_ONLY')) {
    return disputeError('InconsistentDisputeKind', 'An item that was not received can only be the subject of a refund-only dispute with itemReceived = false.');
  }
  if (c.reason.group === 'NOT_AS_DESCRIBED' && !c.itemReceived) {
    return disputeError('InconsistentDisputeKind', 'An item "not as described" must have been received (itemReceived = true).');
  }
  if (c.reason.group === 'CHANGED_MIND' && c.kind !== 'RETURN_AND_REFUND') {
    return disputeError('InconsistentDisputeKind', 'A return without a reason must be a return-and-refund dispute.');
  }
  if (c.kind === 'RETURN_AND_REFUND' && !c.itemReceived) {
    return disputeError('InconsistentDisputeKind', 'An item can only be returned if it was received (itemReceived = true).');
  }
  return undefined;
};

/** The policy's preconditions: a refused cancellation, evidence when the item arrived, and the evidence limit. */
const checkPreconditions = (c: OpenDispute, policy: DisputePolicy): DisputeError | undefined => {
  if (policy.requireCancellationRefused && c.order.cancellationRefusedAt === undefined) {
    return disputeError(
      'CancellationNotRefused',
      `The ${policy.name} policy opens a dispute only after the seller refused to cancel, and the order has no cancellationRefusedAt: ask the seller to cancel the order first, then open the dispute with order.cancellationRefusedAt set to when the seller refused.`,
      { missing: 'order.cancellationRefusedAt' },
    );
  }
  if (c.itemReceived && policy.requireEvidenceWhenReceived && c.evidence.length === 0) {
    return disputeError('EvidenceRequired', 'Attach at least one piece of evidence (a photo, video or document) about the item you received.');
  }
  if (policy.maxEvidencePerParty !== 'UNLIMITED' && c.evidence.length > policy.maxEvidencePerParty) {
    return disputeError('EvidenceLimitReached', `At most ${policy.maxEvidencePerParty} pieces of evidence can be attached by each party.`);
  }
  const evidenceIds = new Set<string>();
  for (const item of c.evidence) {
    if (evidenceIds.has(item.evidenceId)) return disputeError('DuplicateEvidence', `Evidence ${item.evidenceId} is attached twice.`);
    evidenceIds.add(item.evidenceId);
  }
  return undefined;
};

/** Every rule of an opening (process rules §1–§2), in the order the refusals are reported. */
const checkOpening = (c: OpenDispute, policy: DisputePolicy, timing: Timing): DisputeError | undefined => {
  if (c.actor.id !== c.order.buyerId) {
    return disputeError('NotPermitted', `Only the order's buyer (${c.order.buyerId}) can open a dispute about it; ${c.actor.id} is not that buyer.`);
  }
  const orderProblem = checkOrderAmounts(c);
  if (orderProblem) return orderProblem;
  const refundable = refundableOf(c);
  if (refundable.amount === 0) {
    return disputeError('NothingRefundable', `This order has already been refunded in full (${formatMoney(c.order.alreadyRefunded)}); there is nothing left to dispute.`);
  }
  if (isBefore(c.at, c.order.paidAt)) {
    return disputeError('OutsideProtectionWindow', 'A dispute cannot be opened before the order was paid.', { paidAt: c.order.paidAt });
  }
  return (
    checkWindowCloses(c, policy, timing) ??
    checkWindowOpens(c, policy, timing) ??
    checkReasonAndKind(c, policy) ??
    checkPreconditions(c, policy) ??
    checkBuyerAmount({ kind: c.kind, itemReceived: c.itemReceived, reason: c.reason, policy, refundable }, c.requested)
  );
};

/**
 * The buyer opens a dispute: `DisputeOpened` with the order snapshot, the whole policy and the
 * `SELLER_RESPONSE` and `NEGOTIATION_WINDOW` deadlines. `timingOf` gives the chosen policy's timing.
 */
export const openDispute = (c: OpenDispute, timingOf: (policy: DisputePolicy) => Timing): Decision => {
  const policy = policyOf(c);
  const timing = timingOf(policy);
  const problem = checkOpening(c, policy, timing);
  if (problem) return refuse(problem);
  const common = { disputeId: c.disputeId, at: c.at, by: c.actor, commandId: c.commandId };
  return emit(
    {
      type: 'DisputeOpened',
      data: {
        ...common,
        order: c.order,
        kind: c.kind,
        itemReceived: c.itemReceived,
        reason: c.reason,
        proposalId: c.proposalId,
        requested: c.requested,
        refundable: refundableOf(c),
        description: c.description,
        evidence: c.evidence,
        policy,
        deadlines: [timing.deadline('SELLER_RESPONSE', c.at), timing.deadline('NEGOTIATION_WINDOW', c.at)],
      },
    },
    ...placePayoutHold(common, c, policy, refundableOf(c)),
  );
};
