import { liabilityPolicyOf } from '../../policy/liabilityPolicy';
import type { EventOf, ResolutionBasis } from '../events';
import { liabilityOf, liabilitySplitProblem, type Liability } from '../liability';
import { fmt, inCommand, type EventCheck } from './audit';

/**
 * Liability: L1, who pays a refund adds up to it (both parts in its currency); L2, only a ruling
 * puts a refund's cost on the platform unless the policy's default party is the platform — a ruling's
 * cause is one its author and the policy allow, and a resolution takes the liability of the ruling
 * it rests on, or else puts the whole refund on the default party. Events stored before liability
 * existed read as all on the seller.
 */

const afterReturn: ReadonlyArray<ResolutionBasis> = ['RETURN_CONFIRMED', 'RETURN_RECEIPT_SILENCE'];

const describe = (l: Liability): string => `seller ${fmt(l.seller)}, platform ${fmt(l.platform)}`;

const sameSplit = (a: Liability, b: Liability): boolean =>
  a.seller.amount === b.seller.amount && a.platform.amount === b.platform.amount && a.seller.currency === b.seller.currency && a.platform.currency === b.platform.currency;

/** L1 on a recorded liability. */
const checkSums = (c: EventCheck, what: string, recorded: { readonly refund: EventOf<'Resolved'>['data']['refund']; readonly liability?: Liability | undefined }): void => {
  if (recorded.liability === undefined) return;
  const problem = liabilitySplitProblem(recorded.liability, recorded.refund);
  if (problem !== undefined) c.report('L1', `The ${what}'s liability does not fit its refund: ${problem}.`);
};

/** The whole refund on the policy's default party. */
const onDefaultParty = (c: EventCheck, l: Liability): boolean =>
  liabilityPolicyOf(c.dispute.policy).default === 'PLATFORM' ? l.seller.amount === 0 : l.platform.amount === 0;

/** L1, and L2 on a ruling's cause (a first ruling or a revised one): a mediator's split from a mediator, a cover rule the policy lists, or the default party. */
export const checkRulingLiability = (c: EventCheck, event: EventOf<'RulingIssued'> | EventOf<'RulingRevised'>): void => {
  const e = event.data;
  checkSums(c, 'ruling', e);
  c.t.liability.ruled = liabilityOf(e);
  const l = e.liability;
  if (l === undefined) return;
  const policy = liabilityPolicyOf(c.dispute.policy);
  if (l.cause === 'MEDIATOR') {
    if (e.by.role !== 'mediator') c.report('L2', `A ${e.by.role} ruling says a mediator set who pays.`);
  } else if (l.cause === 'POLICY_DEFAULT') {
    if (!onDefaultParty(c, l)) c.report('L2', `The ruling puts ${describe(l)} by the policy's default, which is ${policy.default}.`);
  } else if (!policy.platformCoversWhen.includes(l.cause) || policy.default !== 'SELLER' || e.outcome !== 'BUYER_FAVOUR' || l.seller.amount !== 0) {
    c.report('L2', `The ruling says the platform covers it (${l.cause}), but the policy (${policy.default}, covering ${policy.platformCoversWhen.join(', ') || 'nothing'}) does not, or not all of it.`);
  }
};

/** A return asked for by a ruling keeps the ruling's liability for the resolution after it. */
export const noteReturnLiability = (c: EventCheck): void => {
  const ruling = inCommand(c.audit, 'RulingIssued');
  c.t.liability.returned = ruling?.type === 'RulingIssued' ? liabilityOf(ruling.data) : undefined;
};

/** L1 and L2 on a resolution; it also fixes the seller's share that a payout hold gives up (M6). */
export const checkResolvedLiability = (c: EventCheck, event: EventOf<'Resolved'>): void => {
  const e = event.data;
  checkSums(c, 'resolution', e);
  const l = liabilityOf(e);
  c.t.liability.sellerShare = l.seller.amount;
  // A resolution stored before liability existed records none to compare: its refund is checked by M3.
  if (e.liability === undefined) return;
  const ruling = inCommand(c.audit, 'RulingIssued');
  const ruled = ruling?.type === 'RulingIssued' ? liabilityOf(ruling.data) : afterReturn.includes(e.basis) ? c.t.liability.returned : undefined;
  if (ruled !== undefined) {
    if (!sameSplit(ruled, l)) c.report('L2', `The resolution puts ${describe(l)}, but the ruling it rests on put ${describe(ruled)}.`);
  } else if (!onDefaultParty(c, l)) {
    c.report('L2', `The resolution (${e.basis}) puts ${describe(l)}; without a ruling the whole refund is on the policy's default party, ${liabilityPolicyOf(c.dispute.policy).default}.`);
  }
};

/** A revised ruling replaces the resolution: L1 and L2 as for a ruling, and its seller's share is what a payout hold gives up (M6). */
export const checkRevisedLiability = (c: EventCheck, event: EventOf<'RulingRevised'>): void => {
  checkRulingLiability(c, event);
  c.t.liability.sellerShare = liabilityOf(event.data).seller.amount;
};
