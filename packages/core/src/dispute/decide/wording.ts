import type { WindowAnchor } from '../../policy/policy';
import type { OpenedDispute } from '../state';
import { fail, type Decision } from './decision';

/** How a refusal names where the dispute stands. */
export const statusText: Record<OpenedDispute['status'], string> = {
  AWAITING_SELLER: 'waiting for the seller',
  AWAITING_BUYER: 'waiting for the buyer',
  UNDER_MEDIATION: 'under mediation',
  AWAITING_RETURN_SHIPMENT: 'waiting for the buyer to ship the return',
  AWAITING_RETURN_RECEIPT: 'waiting for the seller to confirm the return',
  AWAITING_REFUND: 'waiting for the refund to be paid',
  REFUND_BLOCKED: 'waiting for a mediator because the refund is blocked',
  CHARGEBACK_OPEN: "suspended while the card issuer decides the buyer's chargeback",
  CLOSED: 'closed',
};

/** How a refusal names the order event a protection window is counted from. */
export const anchorText: Record<WindowAnchor, string> = {
  PAID_AT: 'payment',
  SHIPPED_AT: 'shipment',
  DELIVERED_AT: 'delivery',
  DELIVERY_DEADLINE: 'the delivery deadline',
  RECEIPT_OR_DELIVERY_DEADLINE: 'receipt (or the delivery deadline)',
};

/** True when a policy limit (a count, or `UNLIMITED`) has been reached. */
export const limitReached = (limit: number | 'UNLIMITED', count: number): boolean => limit !== 'UNLIMITED' && count >= limit;

/** Refuses a command the dispute's status does not allow, with the status in the details. */
export const notAllowedInStatus = (s: OpenedDispute, message: string): Decision => fail('NotAllowedInStatus', message, { status: s.status });

/**
 * Proposals can be made, accepted and rejected only while the parties negotiate or a mediator
 * mediates. The refusal for any other status, or `undefined`.
 */
export const refuseUnlessProposalsOpen = (s: OpenedDispute, done: 'made' | 'accepted' | 'rejected'): Decision | undefined =>
  s.status === 'AWAITING_SELLER' || s.status === 'AWAITING_BUYER' || s.status === 'UNDER_MEDIATION'
    ? undefined
    : notAllowedInStatus(s, `Proposals cannot be ${done} while the dispute is ${statusText[s.status]}.`);
