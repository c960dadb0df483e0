import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  escalate,
  eventFrom,
  issueRuling,
  makeProposal,
  openKeptItem,
  openNotReceived,
  plusDays,
  policyWith,
  PRICE,
  rejectProposal,
  requestEvidence,
  spec,
  submitEvidence,
  usd,
} from '../testing';
import { disputeDecider } from './decider';

/** Who pays a refund when nothing moves it off the seller: the seller, by the policy's default. */
const sellerLiable = (refund: ReturnType<typeof usd>) => ({ seller: refund, platform: usd(0), cause: 'POLICY_DEFAULT' as const });

/**
 * Process rules §4, rows `Escalate`, `RequestEvidence`, `IssueRuling`, and proposals under mediation
 * (`MakeProposal` by a mediator, acceptances of a mediator's proposal).
 */
const dispute = spec(disputeDecider);

// Opened on day 8 (kept item, 40.00 USD asked); escalation allowed from day 11.
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);
const underMediation = keptItem.givenCommands([escalate({ at: day(11) })]);

describe('Escalate', () => {
  it('the buyer escalates 3 days after opening: Escalated, negotiation deadlines cleared', () => {
    const esc = escalate({ at: day(11), note: 'The seller keeps ignoring me.' });
    keptItem
      .when(esc)
      .then([eventFrom(esc, 'Escalated', { reason: 'BUYER_REQUEST', note: 'The seller keeps ignoring me.' })])
      .thenState((s) => {
        expect(s.status).toBe('UNDER_MEDIATION');
        expect(opened(s).deadlines).toEqual([]);
        expect(opened(s).escalated).toBe(true);
        expect(opened(s).escalations).toBe(1);
        expect(opened(s).mediationRound).toBe('DISPUTE');
      });
  });

  it('refuses before openedAt + escalateEarliestAfter (EscalationTooEarly)', () => {
    keptItem.when(escalate({ at: plusDays(day(11), 0, -1) })).thenFails('EscalationTooEarly', (e) => e.details?.earliest === day(11));
  });

  it('refuses the seller unless the policy lets the seller escalate (NotPermitted)', () => {
    keptItem.when(escalate({ at: day(11), by: 'seller' })).thenFails('NotPermitted', (e) => e.message.includes('only the buyer'));
    const esc = escalate({ at: day(8), by: 'seller' });
    dispute
      .givenCommands([openKeptItem({ at: day(8), policy: 'paypal' })])
      .when(esc)
      .then([eventFrom(esc, 'Escalated', { reason: 'SELLER_REQUEST' })]);
  });

  it('ebay: the seller may escalate after 3 business days (Friday → Wednesday)', () => {
    // opened Friday 6 March 10:00 (day 4): 3 business days later is Wednesday 11 March 10:00 (day 9)
    const ebay = dispute.givenCommands([openKeptItem({ at: day(4), policy: 'ebay' })]);
    ebay.when(escalate({ at: plusDays(day(9), 0, -1), by: 'seller' })).thenFails('EscalationTooEarly', (e) => e.details?.earliest === day(9));
    const esc = escalate({ at: day(9), by: 'seller' });
    ebay.when(esc).then([eventFrom(esc, 'Escalated', { reason: 'SELLER_REQUEST' })]);
  });

  it('refuses when the policy has no manual escalation (ManualEscalationDisabled)', () => {
    dispute
      .givenCommands([openKeptItem({ at: day(12), policy: 'aliexpress' })])
      .when(escalate({ at: day(20) }))
      .thenFails('ManualEscalationDisabled');
  });

  it('refuses outside negotiation: under mediation, or once resolved (NotAllowedInStatus)', () => {
    underMediation.when(escalate({ at: day(12) })).thenFails('NotAllowedInStatus', (e) => e.details?.status === 'UNDER_MEDIATION');
    keptItem
      .givenCommands([acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })])
      .when(escalate({ at: day(12) }))
      .thenFails('NotAllowedInStatus', (e) => e.details?.status === 'AWAITING_REFUND');
  });

  it('refuses a mediator or the system (NotPermitted)', () => {
    keptItem.when(escalate({ at: day(11), by: 'mediator' })).thenFails('NotPermitted');
    keptItem.when(escalate({ at: day(11), by: 'system' })).thenFails('NotPermitted');
  });

  it('is allowed from AWAITING_BUYER too', () => {
    const esc = escalate({ at: day(11) });
    keptItem
      .givenCommands([makeProposal({ at: day(9), proposalId: 'p-s', amount: 1_000 })])
      .when(esc)
      .then([eventFrom(esc, 'Escalated', { reason: 'BUYER_REQUEST' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
  });
});

describe('Proposals under mediation', () => {
  it('a mediator proposes: ProposalMade without deadlines, status unchanged', () => {
    const proposal = makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-med-1', amount: PRICE });
    underMediation
      .when(proposal)
      .then([eventFrom(proposal, 'ProposalMade', { proposalId: 'p-med-1', amount: usd(PRICE), returnRequired: false, deadlines: [] })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).currentProposals.mediator === 'p-med-1');
  });

  it('a mediator’s new proposal supersedes the previous one', () => {
    const second = makeProposal({ at: day(13), by: 'mediator', proposalId: 'p-med-2', amount: 5_000 });
    underMediation
      .givenCommands([makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-med-1', amount: PRICE })])
      .when(second)
      .then([
        eventFrom(second, 'ProposalMade', { proposalId: 'p-med-2', amount: usd(5_000), returnRequired: false, deadlines: [], supersedes: 'p-med-1' }),
      ]);
  });

  it('a mediator proposes more than zero, at most refundable', () => {
    underMediation.when(makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-m', amount: 0 })).thenFails('AmountMustBePositive');
    underMediation
      .when(makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-m', amount: PRICE + 1 }))
      .thenFails('RefundExceedsRefundable');
  });

  it('a mediator who is the buyer or the seller is refused (NotPermitted)', () => {
    underMediation
      .when(makeProposal({ at: day(12), by: { role: 'mediator', id: 'buyer-1' }, proposalId: 'p-m', amount: PRICE }))
      .thenFails('NotPermitted', (e) => e.message.includes('party to this dispute'));
    underMediation
      .when(makeProposal({ at: day(12), by: { role: 'mediator', id: 'seller-1' }, proposalId: 'p-m', amount: PRICE }))
      .thenFails('NotPermitted');
  });

  it('the parties may still propose: no negotiation deadline starts, the status stays UNDER_MEDIATION', () => {
    const buyer = makeProposal({ at: day(12), by: 'buyer', proposalId: 'p-b2', amount: 3_000 });
    underMediation
      .when(buyer)
      .then([eventFrom(buyer, 'ProposalMade', { proposalId: 'p-b2', amount: usd(3_000), returnRequired: false, deadlines: [], supersedes: 'p-open' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
    const seller = makeProposal({ at: day(12), proposalId: 'p-s2', amount: 2_500 });
    underMediation
      .when(seller)
      .then([eventFrom(seller, 'ProposalMade', { proposalId: 'p-s2', amount: usd(2_500), returnRequired: false, deadlines: [] })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
  });

  it('the seller may still accept the buyer’s request under mediation', () => {
    const accept = acceptProposal({ at: day(12), by: 'seller', proposalId: 'p-open' });
    underMediation
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(4_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(4_000), isFullRefund: false, liability: sellerLiable(usd(4_000)) }),
      ]);
  });

  const mediatorProposed = underMediation.givenCommands([makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-med-1', amount: 6_000 })]);

  it('the buyer accepts the mediator’s proposal: binding under seed', () => {
    const accept = acceptProposal({ at: day(13), proposalId: 'p-med-1' });
    mediatorProposed
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-med-1', amount: usd(6_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(6_000), isFullRefund: false, liability: sellerLiable(usd(6_000)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('the seller’s acceptance of a mediator’s proposal does not bind under seed (AcceptanceNotBinding)', () => {
    mediatorProposed.when(acceptProposal({ at: day(13), by: 'seller', proposalId: 'p-med-1' })).thenFails('AcceptanceNotBinding');
  });

  it('binds the seller when mediatorProposalBindingOn includes the seller', () => {
    const both = policyWith('seed', { mediatorProposalBindingOn: ['buyer', 'seller'] });
    const accept = acceptProposal({ at: day(13), by: 'seller', proposalId: 'p-med-1' });
    dispute
      .givenCommands([
        openKeptItem({ at: day(8), policy: both }),
        escalate({ at: day(11) }),
        makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-med-1', amount: 6_000 }),
      ])
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-med-1', amount: usd(6_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(6_000), isFullRefund: false, liability: sellerLiable(usd(6_000)) }),
      ]);
  });

  it('does not bind the buyer when mediatorProposalBindingOn leaves the buyer out (AcceptanceNotBinding)', () => {
    const sellerOnly = policyWith('seed', { mediatorProposalBindingOn: ['seller'] });
    dispute
      .givenCommands([
        openKeptItem({ at: day(8), policy: sellerOnly }),
        escalate({ at: day(11) }),
        makeProposal({ at: day(12), by: 'mediator', proposalId: 'p-med-1', amount: 6_000 }),
      ])
      .when(acceptProposal({ at: day(13), proposalId: 'p-med-1' }))
      .thenFails('AcceptanceNotBinding');
  });

  it('the buyer may reject the mediator’s proposal; it is then no longer current', () => {
    const reject = rejectProposal({ at: day(13), by: 'buyer', proposalId: 'p-med-1' });
    mediatorProposed
      .when(reject)
      .then([eventFrom(reject, 'ProposalRejected', { proposalId: 'p-med-1', deadlines: [] })])
      .next()
      .when(acceptProposal({ at: day(14), proposalId: 'p-med-1' }))
      .thenFails('ProposalNotCurrent');
  });
});

describe('RequestEvidence', () => {
  it('a mediator asks the seller: EvidenceRequested with a per-party EVIDENCE_REQUEST deadline', () => {
    const request = requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller', description: 'Photos of the lamp before shipping.' });
    underMediation
      .when(request)
      .then([
        eventFrom(request, 'EvidenceRequested', {
          requestId: 'req-1',
          from: 'seller',
          description: 'Photos of the lamp before shipping.',
          deadlines: [{ kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' }],
        }),
      ])
      .thenState((s) => {
        expect(opened(s).openEvidenceRequests).toEqual([{ requestId: 'req-1', from: 'seller', requestedAt: day(12), dueAt: day(15) }]);
        expect(opened(s).deadlines).toEqual([{ kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' }]);
      });
  });

  it('one request per party may be open at a time: both parties can be asked at once', () => {
    const fromBuyer = requestEvidence({ at: day(13), requestId: 'req-2', from: 'buyer' });
    underMediation
      .givenCommands([requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller' })])
      .when(fromBuyer)
      .thenState((s) => {
        expect([...opened(s).deadlines].sort((a, b) => (a.party ?? '').localeCompare(b.party ?? ''))).toEqual([
          { kind: 'EVIDENCE_REQUEST', dueAt: day(16), party: 'buyer' },
          { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' },
        ]);
      });
  });

  it('refuses a second open request to the same party (EvidenceRequestAlreadyOpen)', () => {
    underMediation
      .givenCommands([requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller' })])
      .when(requestEvidence({ at: day(13), requestId: 'req-2', from: 'seller' }))
      .thenFails('EvidenceRequestAlreadyOpen');
  });

  it('refuses a request id already used (DuplicateRequestId)', () => {
    underMediation
      .givenCommands([
        requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller' }),
        submitEvidence({ at: day(13), by: 'seller', evidenceId: 'ev-seller-1' }),
      ])
      .when(requestEvidence({ at: day(14), requestId: 'req-1', from: 'seller' }))
      .thenFails('DuplicateRequestId');
  });

  it('refuses before escalation (NotUnderMediation)', () => {
    keptItem.when(requestEvidence({ at: day(9), requestId: 'req-1', from: 'buyer' })).thenFails('NotUnderMediation');
  });

  it('refuses a party or the system (NotPermitted)', () => {
    underMediation.when(requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller', by: 'buyer' })).thenFails('NotPermitted');
    underMediation.when(requestEvidence({ at: day(12), requestId: 'req-1', from: 'seller', by: 'system' })).thenFails('NotPermitted');
  });
});

describe('IssueRuling', () => {
  it('rules for the buyer without a return: RulingIssued, Resolved on the ruling', () => {
    const ruling = issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: 4_000, rationale: 'The photos show the damage.' });
    underMediation
      .when(ruling)
      .then([
        eventFrom(ruling, 'RulingIssued', {
          rulingId: 'ruling-1',
          outcome: 'BUYER_FAVOUR',
          refund: usd(4_000),
          returnRequired: false,
          rationale: 'The photos show the damage.',
          round: 'DISPUTE',
          liability: sellerLiable(usd(4_000)),
        }),
        eventFrom(ruling, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(4_000), isFullRefund: false, liability: sellerLiable(usd(4_000)) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).ruledInRound).toBe(true);
        expect(opened(s).settled).toBe(true);
      });
  });

  it('rules for the buyer with a return: RulingIssued, then ReturnRequested with RETURN_SHIPMENT', () => {
    const ruling = issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true, returnShippingPaidBy: 'seller' });
    underMediation
      .when(ruling)
      .then([
        eventFrom(ruling, 'RulingIssued', {
          rulingId: 'ruling-1',
          outcome: 'BUYER_FAVOUR',
          refund: usd(PRICE),
          returnRequired: true,
          returnShippingPaidBy: 'seller',
          rationale: 'The evidence supports this outcome.',
          round: 'DISPUTE',
          liability: sellerLiable(usd(PRICE)),
        }),
        eventFrom(ruling, 'ReturnRequested', {
          refund: usd(PRICE),
          basis: 'RULING',
          returnShippingPaidBy: 'seller',
          deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(23) }],
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_RETURN_SHIPMENT' && opened(s).pendingReturn?.basis === 'RULING');
  });

  it('rules for the seller: RulingIssued, Resolved for the seller, closed with nothing refunded', () => {
    const ruling = issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 0 });
    underMediation
      .when(ruling)
      .then([
        eventFrom(ruling, 'RulingIssued', {
          rulingId: 'ruling-1',
          outcome: 'SELLER_FAVOUR',
          refund: usd(0),
          returnRequired: false,
          rationale: 'The evidence supports this outcome.',
          round: 'DISPUTE',
          liability: sellerLiable(usd(0)),
        }),
        eventFrom(ruling, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'RULING', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(ruling, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED' && opened(s).outcome === 'SELLER_FAVOUR');
  });

  it('refuses a seller-favour ruling that refunds or requires a return (InconsistentRuling)', () => {
    underMediation.when(issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 100 })).thenFails('InconsistentRuling');
    underMediation
      .when(issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 0, returnRequired: true }))
      .thenFails('InconsistentRuling');
  });

  it('refuses a buyer-favour ruling of zero (AmountMustBePositive), above refundable, or in another currency', () => {
    underMediation.when(issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: 0 })).thenFails('AmountMustBePositive');
    underMediation.when(issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: PRICE + 1 })).thenFails('RefundExceedsRefundable');
    underMediation.when(issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: 10, currency: 'EUR' })).thenFails('CurrencyMismatch');
  });

  it('refuses a return of an item never received (ReturnImpossible)', () => {
    dispute
      .givenCommands([openNotReceived({ at: day(1) }), escalate({ at: day(4) })])
      .when(issueRuling({ at: day(5), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true }))
      .thenFails('ReturnImpossible');
  });

  it('refuses outside mediation (NotUnderMediation): before escalation, and after a ruling moved the dispute on', () => {
    keptItem.when(issueRuling({ at: day(9), outcome: 'BUYER_FAVOUR', refund: 4_000 })).thenFails('NotUnderMediation');
    underMediation
      .givenCommands([issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true })])
      .when(issueRuling({ at: day(14), rulingId: 'ruling-2', outcome: 'SELLER_FAVOUR', refund: 0 }))
      .thenFails('NotUnderMediation');
  });

  it('refuses a second ruling in the same mediation round (RulingAlreadyIssued)', () => {
    // Decide never leaves a dispute under mediation after a ruling, so this guard is met only by a
    // history that stops right after `RulingIssued` (a truncated or foreign history).
    const first = issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: 4_000 });
    const rulingOnly = eventFrom(first, 'RulingIssued', {
      rulingId: 'ruling-1',
      outcome: 'BUYER_FAVOUR',
      refund: usd(4_000),
      returnRequired: false,
      rationale: 'The evidence supports this outcome.',
      round: 'DISPUTE',
      liability: sellerLiable(usd(4_000)),
    });
    underMediation
      .given([rulingOnly])
      .when(issueRuling({ at: day(14), rulingId: 'ruling-2', outcome: 'SELLER_FAVOUR', refund: 0 }))
      .thenFails('RulingAlreadyIssued');
  });

  it('refuses the parties and the system (NotPermitted), and a mediator who is a party', () => {
    underMediation.when(issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: 4_000, by: 'buyer' })).thenFails('NotPermitted');
    underMediation.when(issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 0, by: 'seller' })).thenFails('NotPermitted');
    underMediation.when(issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 0, by: 'system' })).thenFails('NotPermitted');
    underMediation
      .when(issueRuling({ at: day(13), outcome: 'SELLER_FAVOUR', refund: 0, by: { role: 'mediator', id: 'seller-1' } }))
      .thenFails('NotPermitted');
  });

  it('after a ruling no proposal, acceptance or rejection is possible (AlreadySettled)', () => {
    const ruled = underMediation.givenCommands([issueRuling({ at: day(13), outcome: 'BUYER_FAVOUR', refund: PRICE, returnRequired: true })]);
    ruled.when(makeProposal({ at: day(14), proposalId: 'p-late', amount: 100 })).thenFails('AlreadySettled');
    ruled.when(acceptProposal({ at: day(14), by: 'seller', proposalId: 'p-open' })).thenFails('AlreadySettled');
    ruled.when(rejectProposal({ at: day(14), proposalId: 'p-open' })).thenFails('AlreadySettled');
  });
});
