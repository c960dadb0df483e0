import { expectOpened as opened } from '../testing/fixtures';
import { disputeDecider, policies, replay } from '../index';
import {
  acceptProposal,
  day,
  escalate,
  eventFrom,
  issueRefund,
  makeProposal,
  openNotReceived,
  orderJson,
  PAID_AT,
  PRICE,
  spec,
  usd,
} from '../testing';

/**
 * The seed document's story, end to end: the buyer tried to cancel and the seller refused; the buyer
 * did not receive the item and opens a refund-only dispute within 30 days of paying; the seller
 * offers a partial refund; the buyer escalates; the mediator
 * proposes a full refund; the seller offers a better partial refund; the buyer accepts the seller's
 * proposal; the dispute resolves and the refund is issued.
 */
describe('The seed story', () => {
  it('goes from opening to refund, event by event', () => {
    // Paid on 2 March; the seller refused to cancel an hour later, and the parcel never came. The
    // buyer opens on day 20, inside the 30-day window; without the refusal the seed opens nothing.
    const open = openNotReceived({ at: day(20) });
    expect(Date.parse(open.at) - Date.parse(PAID_AT)).toBeLessThanOrEqual(30 * 86_400_000);
    expect(open.order.cancellationRefusedAt).toBe(day(0, 1));
    spec(disputeDecider).when(openNotReceived({ at: day(20), order: { cancellationRefusedAt: undefined } })).thenFails('CancellationNotRefused');
    const afterOpen = spec(disputeDecider)
      .when(open)
      .then([
        eventFrom(open, 'DisputeOpened', {
          order: orderJson(),
          kind: 'REFUND_ONLY',
          itemReceived: false,
          reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
          proposalId: 'p-open',
          requested: usd(PRICE),
          refundable: usd(PRICE),
          description: 'The parcel never arrived and tracking has not moved for three weeks.',
          evidence: [],
          policy: policies.seed,
          deadlines: [
            { kind: 'SELLER_RESPONSE', dueAt: day(25) },
            { kind: 'NEGOTIATION_WINDOW', dueAt: day(35) },
          ],
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_SELLER');

    // The seller offers a partial refund of 30.00 USD.
    const partial = makeProposal({ at: day(21), proposalId: 'p-seller-1', amount: 3_000, note: 'It may still arrive; 30% now?' });
    const afterPartial = afterOpen
      .next()
      .when(partial)
      .then([
        eventFrom(partial, 'ProposalMade', {
          proposalId: 'p-seller-1',
          amount: usd(3_000),
          returnRequired: false,
          note: 'It may still arrive; 30% now?',
          deadlines: [{ kind: 'BUYER_RESPONSE', dueAt: day(26) }],
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_BUYER');

    // The buyer escalates (allowed from 3 days after opening).
    const esc = escalate({ at: day(23), note: 'I paid for an item I never got.' });
    const afterEscalation = afterPartial
      .next()
      .when(esc)
      .then([eventFrom(esc, 'Escalated', { reason: 'BUYER_REQUEST', note: 'I paid for an item I never got.' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);

    // The mediator proposes a full refund.
    const mediator = makeProposal({ at: day(24), by: 'mediator', proposalId: 'p-mediator-1', amount: PRICE });
    const afterMediator = afterEscalation
      .next()
      .when(mediator)
      .then([eventFrom(mediator, 'ProposalMade', { proposalId: 'p-mediator-1', amount: usd(PRICE), returnRequired: false, deadlines: [] })])
      .thenState((s) => s.status === 'UNDER_MEDIATION');

    // The seller offers a better partial refund of 60.00 USD, replacing the first offer.
    const better = makeProposal({ at: day(25), proposalId: 'p-seller-2', amount: 6_000 });
    const afterBetter = afterMediator
      .next()
      .when(better)
      .then([
        eventFrom(better, 'ProposalMade', { proposalId: 'p-seller-2', amount: usd(6_000), returnRequired: false, deadlines: [], supersedes: 'p-seller-1' }),
      ])
      .thenState((s) => s.status === 'UNDER_MEDIATION');

    // The buyer accepts the seller's proposal: the dispute resolves in the buyer's favour, partially.
    const accept = acceptProposal({ at: day(26), proposalId: 'p-seller-2' });
    const afterAccept = afterBetter
      .next()
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-seller-2', amount: usd(6_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', {
          outcome: 'BUYER_FAVOUR',
          basis: 'AGREEMENT',
          refund: usd(6_000),
          isFullRefund: false,
          liability: { seller: usd(6_000), platform: usd(0), cause: 'POLICY_DEFAULT' },
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');

    // The payment integration issues the refund; the dispute closes.
    const refund = issueRefund({ at: day(27), amount: 6_000, refundId: 'refund-seed', gatewayReference: 'pay-7781' });
    const end = afterAccept
      .next()
      .when(refund)
      .then([
        eventFrom(refund, 'RefundIssued', {
          refundId: 'refund-seed',
          amount: usd(6_000),
          gatewayReference: 'pay-7781',
          idempotencyKey: 'dispute:dispute-1:refund',
        }),
        eventFrom(refund, 'DisputeClosed', { outcome: 'REFUNDED_PARTIAL', refunded: usd(6_000) }),
      ])
      .next();

    expect(end.events.map((e) => e.type)).toEqual([
      'DisputeOpened',
      'ProposalMade',
      'Escalated',
      'ProposalMade',
      'ProposalMade',
      'ProposalAccepted',
      'Resolved',
      'RefundIssued',
      'DisputeClosed',
    ]);

    const final = opened(end.state);
    expect(final).toMatchObject({
      status: 'CLOSED',
      version: 9,
      disputeId: 'dispute-1',
      orderId: 'order-1',
      buyerId: 'buyer-1',
      sellerId: 'seller-1',
      kind: 'REFUND_ONLY',
      itemReceived: false,
      refundable: usd(PRICE),
      requested: usd(PRICE),
      refunded: usd(6_000),
      openedAt: day(20),
      lastEventAt: day(27),
      escalated: true,
      escalations: 1,
      mediationRound: 'DISPUTE',
      ruledInRound: false,
      settled: true,
      acceptedProposalId: 'p-seller-2',
      buyerRevisions: 0,
      deadlines: [],
      openEvidenceRequests: [],
      resolution: { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(6_000), isFullRefund: false, at: day(26) },
      refund: { refundId: 'refund-seed', amount: usd(6_000), gatewayReference: 'pay-7781', at: day(27) },
      refundFailures: 0,
      cancelled: false,
      outcome: 'REFUNDED_PARTIAL',
      closedAt: day(27),
    });
    expect(final.currentProposals).toEqual({ buyer: 'p-open', seller: 'p-seller-2', mediator: 'p-mediator-1' });
    expect(final.proposals.map((p) => [p.proposalId, p.by.role, p.amount.amount, p.status])).toEqual([
      ['p-open', 'buyer', PRICE, 'OPEN'],
      ['p-seller-1', 'seller', 3_000, 'SUPERSEDED'],
      ['p-mediator-1', 'mediator', PRICE, 'OPEN'],
      ['p-seller-2', 'seller', 6_000, 'ACCEPTED'],
    ]);

    // Replaying the history gives the same state (S9), and the closed dispute refuses anything more (S2).
    expect(JSON.stringify(replay(end.events))).toBe(JSON.stringify(end.state));
    end.when(issueRefund({ at: day(28), amount: 6_000, refundId: 'refund-again' })).thenFails('DisputeClosed');
  });
});
