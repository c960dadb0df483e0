import * as f from '../testing/fixtures';
import { seedPolicy } from '../policy/presets';
import { describeEvent } from './describeEvent';

const cause = f.command({ type: 'PostMessage', disputeId: 'd1', commandId: 'c1', actor: f.actors.seller, at: f.day(3), messageId: 'm0', text: 'the cause' });
const money = (amount: number) => ({ amount, currency: 'USD' });
const deadline = [{ kind: 'BUYER_RESPONSE', dueAt: f.day(8) }];

describe('describeEvent', () => {
  it.each([
    [
      'DisputeOpened',
      {
        order: f.orderJson(),
        kind: 'REFUND_ONLY',
        itemReceived: false,
        reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
        proposalId: 'p-open',
        requested: money(10_000),
        refundable: money(10_000),
        description: 'Never arrived.',
        evidence: [],
        policy: seedPolicy,
        deadlines: [{ kind: 'SELLER_RESPONSE', dueAt: f.day(8) }],
      },
      'opened a REFUND_ONLY dispute (NOT_RECEIVED/IN_TRANSIT_OVERDUE) about order order-1, asking 100.00 USD of 100.00 USD refundable, under the seed policy',
      10_000,
    ],
    ['ProposalMade', { proposalId: 'p2', amount: money(2_500), returnRequired: true, deadlines: deadline, supersedes: 'p1' }, 'proposed 25.00 USD, with a return (p2, replacing p1)', 2_500],
    ['ProposalAccepted', { proposalId: 'p2', amount: money(2_500), returnRequired: false }, 'accepted proposal p2: 25.00 USD, no return', 2_500],
    ['ProposalAccepted', { proposalId: 'p2', amount: money(2_500), returnRequired: false, onBehalfOf: 'seller' }, "accepted proposal p2 on the silent seller's behalf: 25.00 USD, no return", 2_500],
    ['ProposalRejected', { proposalId: 'p2', deadlines: deadline, note: 'Too  low,\nsorry.' }, 'rejected proposal p2 “Too low, sorry.”', undefined],
    ['ProposalRejected', { proposalId: 'p2', deadlines: deadline }, 'rejected proposal p2', undefined],
    ['EvidenceSubmitted', { evidence: f.evidenceJson('ev-1'), answersRequestId: 'r1' }, 'submitted evidence ev-1 (PHOTO, image/jpeg) answering request r1', undefined],
    ['EvidenceSubmitted', { evidence: f.evidenceJson('ev-1') }, 'submitted evidence ev-1 (PHOTO, image/jpeg)', undefined],
    ['EvidenceRequested', { requestId: 'r1', from: 'seller', description: 'Tracking, please.', deadlines: [{ kind: 'EVIDENCE_REQUEST', party: 'seller', dueAt: f.day(6) }] }, 'asked the seller for evidence (r1): “Tracking, please.”', undefined],
    ['MessagePosted', { messageId: 'm1', text: 'x'.repeat(100) }, `wrote “${'x'.repeat(79)}…”`, undefined],
    ['Escalated', { reason: 'BUYER_REQUEST' }, 'escalated to mediation (BUYER_REQUEST)', undefined],
    ['RulingIssued', { rulingId: 'r', outcome: 'SELLER_FAVOUR', refund: money(0), returnRequired: false, rationale: 'Delivered.', round: 'DISPUTE' }, "ruled in the seller's favour (DISPUTE round): refund 0.00 USD, no return — “Delivered.”", 0],
    ['ReturnRequested', { refund: money(10_000), basis: 'AGREEMENT', deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: f.day(13) }] }, 'requested the item back before a refund of 100.00 USD (AGREEMENT)', 10_000],
    ['ReturnShipped', { carrier: 'DHL', trackingNumber: 'JD1', deadlines: [{ kind: 'RETURN_RECEIPT', dueAt: f.day(13) }] }, 'shipped the return with DHL, tracking JD1', undefined],
    ['ReturnReceived', { condition: 'DAMAGED' }, 'received the return: DAMAGED', undefined],
    ['DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: f.day(6), party: 'seller' }, `EVIDENCE_REQUEST (seller) deadline due ${f.day(6)} expired`, undefined],
    ['Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: money(10_000), isFullRefund: true }, "resolved in the buyer's favour by RULING: full refund of 100.00 USD", 10_000],
    ['Resolved', { outcome: 'SELLER_FAVOUR', basis: 'RETURN_NOT_SHIPPED', refund: money(0), isFullRefund: false }, "resolved in the seller's favour by RETURN_NOT_SHIPPED: no refund of 0.00 USD", 0],
    ['RefundIssued', { refundId: 'rf', amount: money(2_500), gatewayReference: 'gw-9', idempotencyKey: 'dispute:d1:refund' }, 'refunded 25.00 USD (gateway reference gw-9)', 2_500],
    ['RefundFailed', { attempt: 2, errorCode: 'DECLINED', retryable: false }, 'refund attempt 2 failed: DECLINED (not retryable)', undefined],
    ['RefundFailed', { attempt: 1, errorCode: 'TIMEOUT', retryable: true }, 'refund attempt 1 failed: TIMEOUT (will be retried)', undefined],
    ['DisputeCancelled', { reason: 'BUYER_WITHDREW', note: 'Arrived.' }, 'cancelled the dispute (BUYER_WITHDREW) “Arrived.”', undefined],
    ['DisputeCancelled', { reason: 'NEGOTIATION_EXPIRED' }, 'cancelled the dispute (NEGOTIATION_EXPIRED)', undefined],
    ['DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: money(2_500) }, 'closed: REFUNDED_PARTIAL, 25.00 USD refunded', 2_500],
  ] as const)('%s (case %#)', (type, data, what, amount) => {
    const described = describeEvent(f.eventFrom(cause, type, data as Record<string, unknown>));
    expect(described.what).toBe(what);
    expect(described.money?.amount).toBe(amount);
  });
});
