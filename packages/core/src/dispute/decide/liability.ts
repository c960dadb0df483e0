import { isBefore } from '../../codecs/instant';
import type { Money } from '../../money/money';
import { liabilityPolicyOf, type PlatformCoverRule } from '../../policy/liabilityPolicy';
import type { ResolutionBasis } from '../events';
import { disputeError, type DisputeError } from '../errors';
import { liabilitySplitProblem, platformPays, sellerPays, type Liability, type LiabilitySplit } from '../liability';
import type { OpenedDispute } from '../state';
import type { RulingOutcome } from '../vocabulary';
import type { DecideContext } from './context';

/** What the liability rules read of a command's context: the dispute, its timing, and the instant. */
export type LiabilityContext = Pick<DecideContext, 'state' | 'timing'> & { readonly common: Pick<DecideContext['common'], 'at'> };

/** The resolutions that follow a return: they keep the liability of the ruling that asked for it. */
const afterReturn: ReadonlyArray<ResolutionBasis> = ['RETURN_CONFIRMED', 'RETURN_RECEIPT_SILENCE'];

/** The refund on the policy's default party. */
const byDefault = (s: OpenedDispute, refund: Money): Liability =>
  liabilityPolicyOf(s.policy).default === 'PLATFORM' ? platformPays(refund, 'POLICY_DEFAULT') : sellerPays(refund, 'POLICY_DEFAULT');

/** Whether a platform-cover rule holds for a ruling at `ctx.common.at`. */
const coverRuleHolds = (ctx: LiabilityContext, rule: PlatformCoverRule): boolean => {
  const s = ctx.state;
  const facts = s.coverFacts;
  switch (rule) {
    case 'LATE_RULING': {
      const after = liabilityPolicyOf(s.policy).rulingDueAfter;
      return after !== undefined && facts.escalatedAt !== undefined && isBefore(ctx.timing.due(facts.escalatedAt, after), ctx.common.at);
    }
    case 'DELIVERY_PROVEN':
      return s.reason.group === 'NOT_RECEIVED' && s.order.deliveredAt !== undefined && facts.sellerTrackingBeforeEscalation;
    default:
      return false;
  }
};

/** `LiabilityMismatch` when a ruling's split (`IssueRuling`, `RuleAgain`) does not fit its refund; `undefined` without a split or when it fits. */
export const liabilityMismatch = (ruling: { readonly refund: Money; readonly liability?: LiabilitySplit | undefined }): DisputeError | undefined => {
  const problem = ruling.liability === undefined ? undefined : liabilitySplitProblem(ruling.liability, ruling.refund);
  return problem === undefined ? undefined : disputeError('LiabilityMismatch', `The ruling's liability does not fit its refund: ${problem}.`);
};

/**
 * Who pays a ruled refund: the mediator's split when the ruling gives one; else, under a `SELLER`
 * default, the platform when one of the policy's cover rules holds for a ruling for the buyer and the
 * seller was never silent (`sellerSilentNow`: this very command expired a deadline of the seller's);
 * else the default party.
 */
export const rulingLiability = (
  ctx: LiabilityContext,
  ruling: { readonly outcome: RulingOutcome; readonly refund: Money; readonly liability?: LiabilitySplit | undefined },
  sellerSilentNow = false,
): Liability => {
  if (ruling.liability !== undefined) return { seller: ruling.liability.seller, platform: ruling.liability.platform, cause: 'MEDIATOR' };
  const policy = liabilityPolicyOf(ctx.state.policy);
  const covers =
    policy.default === 'SELLER' && ruling.outcome === 'BUYER_FAVOUR' && ruling.refund.amount > 0 && !ctx.state.coverFacts.sellerSilent && !sellerSilentNow;
  const rule = covers ? policy.platformCoversWhen.find((r) => coverRuleHolds(ctx, r)) : undefined;
  return rule === undefined ? byDefault(ctx.state, ruling.refund) : platformPays(ruling.refund, rule);
};

/**
 * Who pays a resolution's refund: the ruling's liability when the resolution rests on a ruling (in
 * this command, or the one whose return it follows); otherwise the policy's default party.
 */
export const resolutionLiability = (s: OpenedDispute, refund: Money, basis: ResolutionBasis, ruled?: Liability): Liability => {
  if (ruled !== undefined) return ruled;
  const returned = afterReturn.includes(basis) && s.pendingReturn?.basis === 'RULING' ? s.rulingLiability : undefined;
  return returned !== undefined && returned.seller.amount + returned.platform.amount === refund.amount ? returned : byDefault(s, refund);
};

/**
 * What the seller pays of `refunded` (the gateway's refund and the lost chargebacks): its part of the
 * resolution less what it already paid the buyer itself (`elsewhere`, decision 0005), so that a
 * seller who refunded outside the gateway never pays more than its part (all of `refunded` before a
 * resolution, or in histories without liability).
 */
export const sellerShareOf = (s: OpenedDispute, refunded: Money, elsewhere = 0): number =>
  s.resolution === undefined ? refunded.amount : Math.min(refunded.amount, Math.max(0, s.resolution.liability.seller.amount - elsewhere));
