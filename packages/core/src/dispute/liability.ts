import * as t from 'io-ts/lib/index.js';
import { literalUnion, struct } from '../codecs/struct';
import { Money, zero } from '../money/money';

/**
 * Why a resolution's refund falls where it does: the policy's default party (`POLICY_DEFAULT`), a
 * mediator who set the split in the ruling (`MEDIATOR`), or one of the policy's platform-cover rules
 * (`LATE_RULING`, `DELIVERY_PROVEN`; see `LiabilityPolicy`).
 */
export const LiabilityCause = literalUnion('LiabilityCause', ['POLICY_DEFAULT', 'MEDIATOR', 'LATE_RULING', 'DELIVERY_PROVEN'] as const);
/** Why a resolution's refund falls where it does. */
export type LiabilityCause = t.TypeOf<typeof LiabilityCause>;

/**
 * Who pays a refund, as a mediator may set it in `IssueRuling`: what the seller pays and what the
 * platform covers, in the dispute's currency, together the refund.
 */
export const LiabilitySplit = struct('LiabilitySplit', { seller: Money, platform: Money });
/** Who pays a refund: the seller's part and the platform's. */
export type LiabilitySplit = t.TypeOf<typeof LiabilitySplit>;

/**
 * Who pays a refund, as `RulingIssued` and `Resolved` record it: the split and its cause. Absent in
 * events stored before liability existed: those read as all on the seller (`liabilityOf`).
 */
export const Liability = struct('Liability', { seller: Money, platform: Money, cause: LiabilityCause });
/** Who pays a refund, and why. */
export type Liability = t.TypeOf<typeof Liability>;

/** The whole refund on the seller. */
export const sellerPays = (refund: Money, cause: LiabilityCause): Liability => ({ seller: refund, platform: zero(refund.currency), cause });

/** The whole refund on the platform. */
export const platformPays = (refund: Money, cause: LiabilityCause): Liability => ({ seller: zero(refund.currency), platform: refund, cause });

/**
 * The liability a stored `Resolved` (or `RulingIssued`) records for its refund; one stored before
 * liability existed puts the whole refund on the seller, as every refund was then.
 */
export const liabilityOf = (recorded: { readonly refund: Money; readonly liability?: Liability | undefined }): Liability =>
  recorded.liability ?? sellerPays(recorded.refund, 'POLICY_DEFAULT');

/**
 * Why a split does not fit a refund, or `undefined` when it does: both parts in the refund's
 * currency, together exactly the refund (each part is non-negative by the `Money` codec).
 */
export const liabilitySplitProblem = (split: LiabilitySplit, refund: Money): string | undefined => {
  if (split.seller.currency !== refund.currency || split.platform.currency !== refund.currency) {
    return `both parts of the liability must be in ${refund.currency}, the refund's currency (seller ${split.seller.currency}, platform ${split.platform.currency})`;
  }
  const sum = split.seller.amount + split.platform.amount;
  return sum === refund.amount ? undefined : `the seller's ${split.seller.amount} and the platform's ${split.platform.amount} make ${sum}, not the refund of ${refund.amount}`;
};
