import type { OpenedDispute } from '../state';
import type { AmountRange, ProposalTerms, RulingOption } from './actionBounds';

const range = (s: OpenedDispute, min: number, max: number): AmountRange | undefined =>
  min <= max ? { min, max, currency: s.refundable.currency } : undefined;

/** The amounts a buyer may ask for (process rules §2), or `undefined` when none fits. */
export const buyerAmountRange = (s: OpenedDispute): AmountRange | undefined => {
  const full = s.refundable.amount;
  const fullOnly = s.reason.group === 'NOT_RECEIVED' || (s.kind === 'RETURN_AND_REFUND' && !s.policy.allowPartialOnReturn);
  if (fullOnly) return range(s, full, full);
  const partialOnly = s.kind === 'REFUND_ONLY' && s.itemReceived && s.policy.strictPartialForKeptItem;
  return range(s, 1, partialOnly ? full - 1 : full);
};

/** The terms a buyer may propose: the return is fixed by the dispute's kind. */
export const buyerTerms = (s: OpenedDispute): ReadonlyArray<ProposalTerms> => {
  const amount = buyerAmountRange(s);
  const returnRequired = s.kind === 'RETURN_AND_REFUND';
  if (amount === undefined || (returnRequired && !s.itemReceived)) return [];
  return [{ returnRequired, amount }];
};

/** The terms a seller (from 0) or a mediator (from 1) may propose; a return only for a received item, with a refund. */
export const counterTerms = (s: OpenedDispute, minimum: 0 | 1): ReadonlyArray<ProposalTerms> => {
  const full = s.refundable.amount;
  const withoutReturn = range(s, minimum, full);
  const withReturn = s.itemReceived ? range(s, 1, full) : undefined;
  return [
    ...(withoutReturn === undefined ? [] : [{ returnRequired: false, amount: withoutReturn }]),
    ...(withReturn === undefined ? [] : [{ returnRequired: true, amount: withReturn }]),
  ];
};

/** The rulings a mediator may issue: for the seller (nothing refunded), or for the buyer (with a return where possible). */
export const rulingOptions = (s: OpenedDispute): ReadonlyArray<RulingOption> => {
  const zero = range(s, 0, 0)!;
  const positive = range(s, 1, s.refundable.amount);
  const returnPossible = s.itemReceived && (s.mediationRound ?? 'DISPUTE') !== 'RETURN';
  return [
    { outcome: 'SELLER_FAVOUR', returnRequired: false, refund: zero },
    ...(positive === undefined ? [] : [{ outcome: 'BUYER_FAVOUR' as const, returnRequired: false, refund: positive }]),
    ...(positive !== undefined && returnPossible ? [{ outcome: 'BUYER_FAVOUR' as const, returnRequired: true, refund: positive }] : []),
  ];
};
