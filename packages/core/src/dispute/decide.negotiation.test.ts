import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  escalate,
  eventFrom,
  makeProposal,
  openKeptItem,
  openNotReceived,
  openReturn,
  policyWith,
  PRICE,
  rejectProposal,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';
import type { DisputeState } from './state';

/** Who pays a refund when nothing moves it off the seller: the seller, by the policy's default. */
const sellerLiable = (refund: ReturnType<typeof usd>) => ({ seller: refund, platform: usd(0), cause: 'POLICY_DEFAULT' as const });

/**
 * Process rules §4, rows `MakeProposal`, `AcceptProposal` and `RejectProposal` before escalation:
 * the negotiation between buyer and seller.
 */
const dispute = spec(disputeDecider);

const running = (state: DisputeState) => [...opened(state).deadlines].sort((a, b) => a.kind.localeCompare(b.kind));
const statusOf = (state: DisputeState, proposalId: string) => opened(state).proposals.find((p) => p.proposalId === proposalId)?.status;

// The kept-item dispute opens on day 8: SELLER_RESPONSE due day 13, NEGOTIATION_WINDOW due day 23.
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);
// The not-received dispute opens on day 1: SELLER_RESPONSE due day 6, NEGOTIATION_WINDOW due day 16.
const notReceived = dispute.givenCommands([openNotReceived({ at: day(1) })]);
// The seller offers 20.00 USD on day 9 (BUYER_RESPONSE due day 14).
const sellerOffered = keptItem.givenCommands([makeProposal({ at: day(9), proposalId: 'p-seller-1', amount: 2_000 })]);

describe('MakeProposal by the seller', () => {
  it('emits ProposalMade, moves to AWAITING_BUYER and swaps SELLER_RESPONSE for BUYER_RESPONSE', () => {
    const offer = makeProposal({ at: day(9), proposalId: 'p-seller-1', amount: 2_000, note: 'Sorry about the shade.' });
    keptItem
      .when(offer)
      .then([
        eventFrom(offer, 'ProposalMade', {
          proposalId: 'p-seller-1',
          amount: usd(2_000),
          returnRequired: false,
          deadlines: [{ kind: 'BUYER_RESPONSE', dueAt: day(14) }],
          note: 'Sorry about the shade.',
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_BUYER');
        expect(running(s)).toEqual([
          { kind: 'BUYER_RESPONSE', dueAt: day(14) },
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
        ]);
        expect(opened(s).currentProposals).toEqual({ buyer: 'p-open', seller: 'p-seller-1' });
        expect(statusOf(s, 'p-open')).toBe('OPEN');
      });
  });

  it('supersedes the seller’s previous proposal', () => {
    const better = makeProposal({ at: day(10), proposalId: 'p-seller-2', amount: 3_000, returnRequired: true, returnShippingPaidBy: 'seller' });
    sellerOffered
      .when(better)
      .then([
        eventFrom(better, 'ProposalMade', {
          proposalId: 'p-seller-2',
          amount: usd(3_000),
          returnRequired: true,
          returnShippingPaidBy: 'seller',
          deadlines: [{ kind: 'BUYER_RESPONSE', dueAt: day(15) }],
          supersedes: 'p-seller-1',
        }),
      ])
      .thenState((s) => {
        expect(statusOf(s, 'p-seller-1')).toBe('SUPERSEDED');
        expect(statusOf(s, 'p-seller-2')).toBe('OPEN');
        expect(running(s)).toEqual([
          { kind: 'BUYER_RESPONSE', dueAt: day(15) },
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
        ]);
      });
  });

  it('may take the “no refund” stance with an amount of zero', () => {
    const stance = makeProposal({ at: day(9), proposalId: 'p-seller-0', amount: 0 });
    keptItem
      .when(stance)
      .then([
        eventFrom(stance, 'ProposalMade', {
          proposalId: 'p-seller-0',
          amount: usd(0),
          returnRequired: false,
          deadlines: [{ kind: 'BUYER_RESPONSE', dueAt: day(14) }],
        }),
      ])
      .thenState((s) => s.status === 'AWAITING_BUYER');
  });

  it('refuses an amount above refundable (RefundExceedsRefundable) or in another currency (CurrencyMismatch)', () => {
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-s', amount: PRICE + 1 })).thenFails('RefundExceedsRefundable');
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-s', amount: 2_000, currency: 'EUR' })).thenFails('CurrencyMismatch');
  });

  it('refuses a return for an item never received, or a return without a refund (ReturnImpossible)', () => {
    notReceived.when(makeProposal({ at: day(2), proposalId: 'p-s', amount: PRICE, returnRequired: true })).thenFails('ReturnImpossible');
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-s', amount: 0, returnRequired: true })).thenFails('ReturnImpossible');
  });

  it('refuses a proposal id already used in the dispute (DuplicateProposalId)', () => {
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-open', amount: 1_000 })).thenFails('DuplicateProposalId');
  });

  it('refuses a seller who is not the order’s seller (NotPermitted)', () => {
    keptItem
      .when(makeProposal({ at: day(9), proposalId: 'p-s', amount: 1_000, by: { role: 'seller', id: 'seller-2' } }))
      .thenFails('NotPermitted', (e) => e.message.includes('seller-2 is not the seller'));
  });

  it('refuses the system (NotPermitted) and a mediator before escalation (NotUnderMediation)', () => {
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-x', amount: 1_000, by: 'system' })).thenFails('NotPermitted');
    keptItem.when(makeProposal({ at: day(9), proposalId: 'p-x', amount: 1_000, by: 'mediator' })).thenFails('NotUnderMediation');
  });
});

describe('MakeProposal by the buyer (a revision)', () => {
  it('supersedes the opening request, moves back to AWAITING_SELLER and restarts SELLER_RESPONSE', () => {
    const revision = makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-buyer-2', amount: 3_000 });
    sellerOffered
      .when(revision)
      .then([
        eventFrom(revision, 'ProposalMade', {
          proposalId: 'p-buyer-2',
          amount: usd(3_000),
          returnRequired: false,
          deadlines: [{ kind: 'SELLER_RESPONSE', dueAt: day(15) }],
          supersedes: 'p-open',
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_SELLER');
        expect(running(s)).toEqual([
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
          { kind: 'SELLER_RESPONSE', dueAt: day(15) },
        ]);
        expect(statusOf(s, 'p-open')).toBe('SUPERSEDED');
        expect(statusOf(s, 'p-seller-1')).toBe('OPEN');
        expect(opened(s).buyerRevisions).toBe(1);
      });
  });

  it('restarts SELLER_RESPONSE when revised while the seller has not answered yet', () => {
    const revision = makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-buyer-2', amount: 5_000 });
    keptItem
      .when(revision)
      .then([
        eventFrom(revision, 'ProposalMade', {
          proposalId: 'p-buyer-2',
          amount: usd(5_000),
          returnRequired: false,
          deadlines: [{ kind: 'SELLER_RESPONSE', dueAt: day(15) }],
          supersedes: 'p-open',
        }),
      ])
      .thenState((s) => {
        expect(running(s)).toEqual([
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
          { kind: 'SELLER_RESPONSE', dueAt: day(15) },
        ]);
      });
  });

  it('keeps §2’s amount rules: not zero, not above refundable, same currency', () => {
    keptItem.when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: 0 })).thenFails('AmountMustBePositive');
    keptItem.when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: PRICE + 1 })).thenFails('RefundExceedsRefundable');
    keptItem.when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: 10, currency: 'GBP' })).thenFails('CurrencyMismatch');
  });

  it('keeps the full refund for an item not received (FullRefundRequired)', () => {
    notReceived.when(makeProposal({ at: day(2), by: 'buyer', proposalId: 'p-b', amount: PRICE - 100 })).thenFails('FullRefundRequired');
  });

  it('keeps the full refund for a return (FullRefundRequired)', () => {
    dispute
      .givenCommands([openReturn({ at: day(8) })])
      .when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: 5_000, returnRequired: true }))
      .thenFails('FullRefundRequired');
  });

  it('keeps the partial refund for a kept item under strictPartialForKeptItem (PartialRefundRequired)', () => {
    dispute
      .givenCommands([openKeptItem({ at: day(8), policy: policyWith('seed', { strictPartialForKeptItem: true }) })])
      .when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: PRICE }))
      .thenFails('PartialRefundRequired');
  });

  it('must match the dispute kind: no return in refund-only, a return in return-and-refund (InconsistentDisputeKind)', () => {
    keptItem
      .when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: 3_000, returnRequired: true }))
      .thenFails('InconsistentDisputeKind');
    dispute
      .givenCommands([openReturn({ at: day(8) })])
      .when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b', amount: PRICE, returnRequired: false }))
      .thenFails('InconsistentDisputeKind');
  });

  it('stays under maxBuyerRevisions (RevisionLimitReached)', () => {
    const oneRevision = dispute.givenCommands([openKeptItem({ at: day(8), policy: policyWith('seed', { maxBuyerRevisions: 1 }) })]);
    const revised = oneRevision.givenCommands([makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b1', amount: 3_500 })]);
    revised.when(makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-b2', amount: 3_000 })).thenFails('RevisionLimitReached');
    dispute
      .givenCommands([openKeptItem({ at: day(8), policy: policyWith('seed', { maxBuyerRevisions: 0 }) })])
      .when(makeProposal({ at: day(9), by: 'buyer', proposalId: 'p-b1', amount: 3_500 }))
      .thenFails('RevisionLimitReached');
  });

  it('refuses a buyer who is not the order’s buyer (NotPermitted)', () => {
    keptItem
      .when(makeProposal({ at: day(9), by: { role: 'buyer', id: 'buyer-2' }, proposalId: 'p-b', amount: 3_000 }))
      .thenFails('NotPermitted', (e) => e.message.includes('buyer-2 is not the buyer'));
  });
});

describe('AcceptProposal', () => {
  it('seller accepts the buyer’s full request: ProposalAccepted, Resolved in the buyer’s favour, awaiting the refund', () => {
    const accept = acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' });
    notReceived
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(PRICE), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).deadlines).toEqual([]);
        expect(opened(s).acceptedProposalId).toBe('p-open');
        expect(statusOf(s, 'p-open')).toBe('ACCEPTED');
        expect(opened(s).resolution).toEqual({ outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(PRICE), isFullRefund: true, at: day(2), liability: sellerLiable(usd(PRICE)) });
      });
  });

  it('buyer accepts the seller’s partial offer: a partial refund is resolved', () => {
    const accept = acceptProposal({ at: day(10), proposalId: 'p-seller-1' });
    sellerOffered
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-seller-1', amount: usd(2_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(2_000), isFullRefund: false, liability: sellerLiable(usd(2_000)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('buyer accepts the seller’s “no refund” stance: resolved for the seller and closed', () => {
    const accept = acceptProposal({ at: day(10), proposalId: 'p-seller-0' });
    keptItem
      .givenCommands([makeProposal({ at: day(9), proposalId: 'p-seller-0', amount: 0 })])
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-seller-0', amount: usd(0), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'AGREEMENT', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(accept, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED' && opened(s).outcome === 'SELLER_FAVOUR' && opened(s).closedAt === day(10));
  });

  it('seller accepts a return request: ProposalAccepted then ReturnRequested with RETURN_SHIPMENT', () => {
    const accept = acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' });
    dispute
      .givenCommands([openReturn({ at: day(8) })])
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(PRICE), returnRequired: true }),
        eventFrom(accept, 'ReturnRequested', {
          refund: usd(PRICE),
          basis: 'AGREEMENT',
          deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(19) }],
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_RETURN_SHIPMENT');
        expect(opened(s).deadlines).toEqual([{ kind: 'RETURN_SHIPMENT', dueAt: day(19) }]);
        expect(opened(s).pendingReturn).toEqual({ basis: 'AGREEMENT', refund: usd(PRICE) });
      });
  });

  it('buyer accepts a seller offer that includes a return paid by the seller', () => {
    const accept = acceptProposal({ at: day(10), proposalId: 'p-seller-r' });
    keptItem
      .givenCommands([makeProposal({ at: day(9), proposalId: 'p-seller-r', amount: PRICE, returnRequired: true, returnShippingPaidBy: 'seller' })])
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-seller-r', amount: usd(PRICE), returnRequired: true, returnShippingPaidBy: 'seller' }),
        eventFrom(accept, 'ReturnRequested', {
          refund: usd(PRICE),
          basis: 'AGREEMENT',
          returnShippingPaidBy: 'seller',
          deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(20) }],
        }),
      ])
      .thenState((s) => opened(s).pendingReturn?.returnShippingPaidBy === 'seller');
  });

  it('seller accepts the buyer’s revision', () => {
    const accept = acceptProposal({ at: day(11), by: 'seller', proposalId: 'p-buyer-2' });
    sellerOffered
      .givenCommands([makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-buyer-2', amount: 3_000 })])
      .when(accept)
      .then([
        eventFrom(accept, 'ProposalAccepted', { proposalId: 'p-buyer-2', amount: usd(3_000), returnRequired: false }),
        eventFrom(accept, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'AGREEMENT', refund: usd(3_000), isFullRefund: false, liability: sellerLiable(usd(3_000)) }),
      ]);
  });

  it('refuses to accept one’s own proposal (CannotAcceptOwnProposal)', () => {
    keptItem.when(acceptProposal({ at: day(9), proposalId: 'p-open' })).thenFails('CannotAcceptOwnProposal');
    sellerOffered.when(acceptProposal({ at: day(10), by: 'seller', proposalId: 'p-seller-1' })).thenFails('CannotAcceptOwnProposal');
  });

  it('refuses a superseded proposal (ProposalNotCurrent)', () => {
    sellerOffered
      .givenCommands([makeProposal({ at: day(10), proposalId: 'p-seller-2', amount: 2_500 })])
      .when(acceptProposal({ at: day(11), proposalId: 'p-seller-1' }))
      .thenFails('ProposalNotCurrent', (e) => e.details?.status === 'SUPERSEDED');
    sellerOffered
      .givenCommands([makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-buyer-2', amount: 3_000 })])
      .when(acceptProposal({ at: day(11), by: 'seller', proposalId: 'p-open' }))
      .thenFails('ProposalNotCurrent', (e) => e.details?.status === 'SUPERSEDED');
  });

  it('refuses a rejected proposal (ProposalNotCurrent)', () => {
    sellerOffered
      .givenCommands([rejectProposal({ at: day(10), by: 'buyer', proposalId: 'p-seller-1' })])
      .when(acceptProposal({ at: day(11), proposalId: 'p-seller-1' }))
      .thenFails('ProposalNotCurrent', (e) => e.details?.status === 'REJECTED');
  });

  it('refuses a proposal that does not exist (UnknownProposal)', () => {
    keptItem.when(acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-nope' })).thenFails('UnknownProposal');
  });

  it('refuses a second acceptance once settled (AlreadySettled)', () => {
    dispute
      .givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })])
      .when(acceptProposal({ at: day(10), by: 'seller', proposalId: 'p-open' }))
      .thenFails('AlreadySettled');
  });

  it('refuses a mediator or the system (NotPermitted)', () => {
    keptItem.when(acceptProposal({ at: day(9), by: 'mediator', proposalId: 'p-open' })).thenFails('NotPermitted');
    keptItem.when(acceptProposal({ at: day(9), by: 'system', proposalId: 'p-open' })).thenFails('NotPermitted');
  });

  it('refuses a party that is not the order’s (NotPermitted)', () => {
    keptItem.when(acceptProposal({ at: day(9), by: { role: 'seller', id: 'seller-9' }, proposalId: 'p-open' })).thenFails('NotPermitted');
    sellerOffered.when(acceptProposal({ at: day(10), by: { role: 'buyer', id: 'buyer-9' }, proposalId: 'p-seller-1' })).thenFails('NotPermitted');
  });
});

describe('RejectProposal', () => {
  it('seller rejects the buyer’s request: AWAITING_BUYER with BUYER_RESPONSE', () => {
    const reject = rejectProposal({ at: day(9), proposalId: 'p-open', note: 'The shade was fine when shipped.' });
    keptItem
      .when(reject)
      .then([
        eventFrom(reject, 'ProposalRejected', {
          proposalId: 'p-open',
          deadlines: [{ kind: 'BUYER_RESPONSE', dueAt: day(14) }],
          note: 'The shade was fine when shipped.',
        }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_BUYER');
        expect(statusOf(s, 'p-open')).toBe('REJECTED');
        expect(running(s)).toEqual([
          { kind: 'BUYER_RESPONSE', dueAt: day(14) },
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
        ]);
      });
  });

  it('buyer rejects the seller’s offer: back to AWAITING_SELLER with SELLER_RESPONSE restarted', () => {
    const reject = rejectProposal({ at: day(10), by: 'buyer', proposalId: 'p-seller-1' });
    sellerOffered
      .when(reject)
      .then([eventFrom(reject, 'ProposalRejected', { proposalId: 'p-seller-1', deadlines: [{ kind: 'SELLER_RESPONSE', dueAt: day(15) }] })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_SELLER');
        expect(statusOf(s, 'p-seller-1')).toBe('REJECTED');
        expect(running(s)).toEqual([
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) },
          { kind: 'SELLER_RESPONSE', dueAt: day(15) },
        ]);
      });
  });

  it('refuses to reject one’s own proposal (CannotRejectOwnProposal)', () => {
    keptItem.when(rejectProposal({ at: day(9), by: 'buyer', proposalId: 'p-open' })).thenFails('CannotRejectOwnProposal');
  });

  it('refuses a proposal already rejected or superseded (ProposalNotCurrent)', () => {
    keptItem
      .givenCommands([rejectProposal({ at: day(9), proposalId: 'p-open' })])
      .when(rejectProposal({ at: day(10), proposalId: 'p-open' }))
      .thenFails('ProposalNotCurrent');
    sellerOffered
      .givenCommands([makeProposal({ at: day(10), proposalId: 'p-seller-2', amount: 2_500 })])
      .when(rejectProposal({ at: day(11), by: 'buyer', proposalId: 'p-seller-1' }))
      .thenFails('ProposalNotCurrent');
  });

  it('refuses an unknown proposal (UnknownProposal)', () => {
    keptItem.when(rejectProposal({ at: day(9), proposalId: 'p-nope' })).thenFails('UnknownProposal');
  });

  it('refuses a mediator or the system (NotPermitted)', () => {
    keptItem.when(rejectProposal({ at: day(9), by: 'mediator', proposalId: 'p-open' })).thenFails('NotPermitted');
    keptItem.when(rejectProposal({ at: day(9), by: 'system', proposalId: 'p-open' })).thenFails('NotPermitted');
  });

  it('refuses once settled (AlreadySettled)', () => {
    dispute
      .givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })])
      .when(rejectProposal({ at: day(10), proposalId: 'p-open' }))
      .thenFails('AlreadySettled');
  });

  it('after escalation a rejection starts no negotiation deadline and the status stays under mediation', () => {
    const reject = rejectProposal({ at: day(12), by: 'buyer', proposalId: 'p-seller-1' });
    sellerOffered
      .givenCommands([escalate({ at: day(11) })])
      .when(reject)
      .then([eventFrom(reject, 'ProposalRejected', { proposalId: 'p-seller-1', deadlines: [] })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
  });
});
