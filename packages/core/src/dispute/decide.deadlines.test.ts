import { expectOpened as opened } from '../testing/fixtures';
import type { BusinessCalendar } from '../policy/businessCalendar';
import {
  acceptProposal,
  cancelDispute,
  confirmReturnReceived,
  day,
  escalate,
  eventFrom,
  expireDeadline,
  makeProposal,
  markReturnShipped,
  openKeptItem,
  openNotReceived,
  openReturn,
  plusDays,
  policyWith,
  PRICE,
  rejectProposal,
  requestEvidence,
  spec,
  submitEvidence,
  usd,
} from '../testing';
import { makeDecide } from './decide';
import { disputeDecider } from './decider';
import { evolve } from './evolve';
import { initialState } from './state';

/** Who pays a refund when nothing moves it off the seller: the seller, by the policy's default. */
const sellerLiable = (refund: ReturnType<typeof usd>) => ({ seller: refund, platform: usd(0), cause: 'POLICY_DEFAULT' as const });

/** Process rules §6 and §4 row `ExpireDeadline`: what each deadline's expiry does under each policy choice. */
const dispute = spec(disputeDecider);

const system = { role: 'system', id: 'system' };

describe('SELLER_RESPONSE expiry', () => {
  // Opened on day 1: SELLER_RESPONSE due day 6.
  const notReceived = dispute.givenCommands([openNotReceived({ at: day(1) })]);

  it('accepts the buyer’s request on the seller’s behalf and resolves on SELLER_SILENCE', () => {
    const expire = expireDeadline({ at: day(6), kind: 'SELLER_RESPONSE', dueAt: day(6) });
    notReceived
      .when(expire)
      .then([
        eventFrom(expire, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(6) }),
        eventFrom(expire, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(PRICE), returnRequired: false, onBehalfOf: 'seller' }),
        eventFrom(expire, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'SELLER_SILENCE', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_REFUND');
        expect(opened(s).deadlines).toEqual([]);
      });
  });

  it('for a return, accepts the request and starts the return (ReturnRequested on SELLER_SILENCE)', () => {
    const expire = expireDeadline({ at: day(14), kind: 'SELLER_RESPONSE', dueAt: day(13) });
    dispute
      .givenCommands([openReturn({ at: day(8) })])
      .when(expire)
      .then([
        eventFrom(expire, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(13) }),
        eventFrom(expire, 'ProposalAccepted', { proposalId: 'p-open', amount: usd(PRICE), returnRequired: true, onBehalfOf: 'seller' }),
        eventFrom(expire, 'ReturnRequested', { refund: usd(PRICE), basis: 'SELLER_SILENCE', deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(24) }] }),
      ])
      .thenState((s) => s.status === 'AWAITING_RETURN_SHIPMENT');
  });

  it('accepts the buyer’s latest revision, not the superseded opening request', () => {
    const expire = expireDeadline({ at: day(15), kind: 'SELLER_RESPONSE', dueAt: day(15) });
    dispute
      .givenCommands([
        openKeptItem({ at: day(8) }),
        makeProposal({ at: day(9), proposalId: 'p-s1', amount: 1_000 }),
        makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-b2', amount: 3_000 }),
      ])
      .when(expire)
      .then([
        eventFrom(expire, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(15) }),
        eventFrom(expire, 'ProposalAccepted', { proposalId: 'p-b2', amount: usd(3_000), returnRequired: false, onBehalfOf: 'seller' }),
        eventFrom(expire, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'SELLER_SILENCE', refund: usd(3_000), isFullRefund: false, liability: sellerLiable(usd(3_000)) }),
      ]);
  });

  it('escalates when the buyer’s request is no longer open (the seller rejected it)', () => {
    // seller offers (day 9), seller rejects the request (day 10), buyer rejects the offer (day 11): SELLER_RESPONSE due day 16
    const expire = expireDeadline({ at: day(16), kind: 'SELLER_RESPONSE', dueAt: day(16) });
    dispute
      .givenCommands([
        openKeptItem({ at: day(8) }),
        makeProposal({ at: day(9), proposalId: 'p-s1', amount: 1_000 }),
        rejectProposal({ at: day(10), proposalId: 'p-open' }),
        rejectProposal({ at: day(11), by: 'buyer', proposalId: 'p-s1' }),
      ])
      .when(expire)
      .then([
        eventFrom(expire, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(16) }),
        eventFrom(expire, 'Escalated', { reason: 'SELLER_SILENCE' }),
      ]);
  });

  it('onSellerSilence ESCALATE (ebay): escalates after 3 business days', () => {
    // opened Tuesday 3 March 10:00 (day 1): 3 business days later is Friday 6 March 10:00 (day 4)
    const ebay = dispute.givenCommands([openNotReceived({ at: day(1), policy: 'ebay' })]);
    expect(opened(ebay.state).deadlines).toContainEqual({ kind: 'SELLER_RESPONSE', dueAt: day(4) });
    const expire = expireDeadline({ at: day(4), kind: 'SELLER_RESPONSE', dueAt: day(4) });
    ebay
      .when(expire)
      .then([eventFrom(expire, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(4) }), eventFrom(expire, 'Escalated', { reason: 'SELLER_SILENCE' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
  });
});

describe('BUYER_RESPONSE expiry', () => {
  /** The seed preset, except that the buyer's silence accepts the seller's standing offer. */
  const acceptOffer = policyWith('seed', { name: 'silence-accepts-offer', onBuyerSilence: 'ACCEPT_STANDING_OFFER' });
  // Kept item opened on day 8; the seller offers 20.00 USD on day 9: BUYER_RESPONSE due day 14.
  const offer = (amount: number, extra: { returnRequired?: boolean } = {}) =>
    dispute.givenCommands([openKeptItem({ at: day(8), policy: acceptOffer }), makeProposal({ at: day(9), proposalId: 'p-s1', amount, ...extra })]);
  const expire = () => expireDeadline({ at: day(14), kind: 'BUYER_RESPONSE', dueAt: day(14) });

  it('seed (ESCALATE): the buyer’s silence is no agreement — escalates on BUYER_SILENCE, the offer stays unaccepted', () => {
    const e = expire();
    for (const policy of ['seed', undefined] as const) {
      dispute
        .givenCommands([openKeptItem({ at: day(8), ...(policy === undefined ? {} : { policy }) }), makeProposal({ at: day(9), proposalId: 'p-s1', amount: 2_000 })])
        .when(e)
        .then([eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(14) }), eventFrom(e, 'Escalated', { reason: 'BUYER_SILENCE' })])
        .thenState((s) => {
          expect(s.status).toBe('UNDER_MEDIATION');
          expect(opened(s).settled).toBe(false);
          expect(opened(s).acceptedProposalId).toBeUndefined();
          expect(opened(s).resolution).toBeUndefined();
          expect(opened(s).proposals.find((p) => p.proposalId === 'p-s1')?.status).toBe('OPEN');
        });
    }
  });

  it('ACCEPT_STANDING_OFFER: accepts the seller’s offer on the buyer’s behalf, resolved on BUYER_SILENCE', () => {
    const e = expire();
    offer(2_000)
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(14) }),
        eventFrom(e, 'ProposalAccepted', { proposalId: 'p-s1', amount: usd(2_000), returnRequired: false, onBehalfOf: 'buyer' }),
        eventFrom(e, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'BUYER_SILENCE', refund: usd(2_000), isFullRefund: false, liability: sellerLiable(usd(2_000)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('ACCEPT_STANDING_OFFER: a standing “no refund” offer closes the dispute for the seller', () => {
    const e = expire();
    offer(0)
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(14) }),
        eventFrom(e, 'ProposalAccepted', { proposalId: 'p-s1', amount: usd(0), returnRequired: false, onBehalfOf: 'buyer' }),
        eventFrom(e, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'BUYER_SILENCE', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(e, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED');
  });

  it('ACCEPT_STANDING_OFFER: a standing offer with a return starts the return', () => {
    const e = expire();
    offer(PRICE, { returnRequired: true })
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(14) }),
        eventFrom(e, 'ProposalAccepted', { proposalId: 'p-s1', amount: usd(PRICE), returnRequired: true, onBehalfOf: 'buyer' }),
        eventFrom(e, 'ReturnRequested', { refund: usd(PRICE), basis: 'BUYER_SILENCE', deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(24) }] }),
      ]);
  });

  it('ACCEPT_STANDING_OFFER without a seller offer (the seller only rejected): escalates', () => {
    const e = expire();
    dispute
      .givenCommands([openKeptItem({ at: day(8), policy: acceptOffer }), rejectProposal({ at: day(9), proposalId: 'p-open' })])
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(14) }), eventFrom(e, 'Escalated', { reason: 'BUYER_SILENCE' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION');
  });

  it('CLOSE_SELLER_FAVOUR (paypal): resolved for the seller on BUYER_SILENCE and closed', () => {
    // paypal: BUYER_RESPONSE runs 10 days, so the offer made on day 9 is due on day 19
    const e = expireDeadline({ at: day(19), kind: 'BUYER_RESPONSE', dueAt: day(19) });
    dispute
      .givenCommands([openKeptItem({ at: day(8), policy: 'paypal' }), makeProposal({ at: day(9), proposalId: 'p-s1', amount: 2_000 })])
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(19) }),
        eventFrom(e, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'BUYER_SILENCE', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        // paypal holds the disputed amount (4,000 asked); the seller wins, so all of it goes back
        eventFrom(e, 'PayoutHoldReleased', { amount: usd(4_000), consumed: usd(0) }),
        eventFrom(e, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED' && opened(s).outcome === 'SELLER_FAVOUR');
  });

  it('ESCALATE (ebay): escalates on BUYER_SILENCE, 3 business days after the offer', () => {
    // offer on Monday 9 March 10:00 (day 7): due Thursday 12 March 10:00 (day 10)
    const e = expireDeadline({ at: day(10), kind: 'BUYER_RESPONSE', dueAt: day(10) });
    dispute
      .givenCommands([openKeptItem({ at: day(4), policy: 'ebay' }), makeProposal({ at: day(7), proposalId: 'p-s1', amount: 2_000 })])
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'BUYER_RESPONSE', dueAt: day(10) }), eventFrom(e, 'Escalated', { reason: 'BUYER_SILENCE' })]);
  });
});

describe('NEGOTIATION_WINDOW expiry', () => {
  it('ESCALATE (seed): escalates on NEGOTIATION_EXPIRED and clears the other negotiation deadlines', () => {
    // opened day 1 (window due day 16); the seller offers on day 12 (BUYER_RESPONSE due day 17)
    const e = expireDeadline({ at: day(16), kind: 'NEGOTIATION_WINDOW', dueAt: day(16) });
    dispute
      .givenCommands([openNotReceived({ at: day(1) }), makeProposal({ at: day(12), proposalId: 'p-s1', amount: 5_000 })])
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'NEGOTIATION_WINDOW', dueAt: day(16) }), eventFrom(e, 'Escalated', { reason: 'NEGOTIATION_EXPIRED' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
  });

  it('CLOSE_CANCELLED (paypal): DisputeCancelled(NEGOTIATION_EXPIRED) and DisputeClosed(CANCELLED_BY_BUYER)', () => {
    // paypal: the window runs 20 days, so opened on day 1 it is due on day 21
    const e = expireDeadline({ at: day(21), kind: 'NEGOTIATION_WINDOW', dueAt: day(21) });
    dispute
      .givenCommands([openNotReceived({ at: day(1), policy: 'paypal' }), makeProposal({ at: day(12), proposalId: 'p-s1', amount: 5_000 })])
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'NEGOTIATION_WINDOW', dueAt: day(21) }),
        eventFrom(e, 'DisputeCancelled', { reason: 'NEGOTIATION_EXPIRED' }),
        // paypal holds the disputed amount (the whole price asked); the cancellation gives it all back
        eventFrom(e, 'PayoutHoldReleased', { amount: usd(PRICE), consumed: usd(0) }),
        eventFrom(e, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED' && opened(s).cancelled && opened(s).deadlines.length === 0);
  });
});

describe('aliexpress: the automatic step-in waits for the seller’s 15 days (decision 0003)', () => {
  // Opened on day 11 (10 days after shipment): SELLER_RESPONSE and NEGOTIATION_WINDOW both fall due on day 26.
  const silentSeller = () => dispute.givenCommands([openNotReceived({ at: day(11), policy: 'aliexpress' })]);

  it('runs both deadlines 15 days: nothing escalates after 7 days', () => {
    const s = silentSeller();
    expect(opened(s.state).deadlines).toEqual([
      { kind: 'SELLER_RESPONSE', dueAt: day(26) },
      { kind: 'NEGOTIATION_WINDOW', dueAt: day(26) },
    ]);
    s.when(expireDeadline({ at: day(18), kind: 'NEGOTIATION_WINDOW', dueAt: day(18) })).thenFails('DeadlineNotActive');
  });

  it('the seller’s silence escalates, whichever of the two deadlines fires first', () => {
    const sellerFirst = expireDeadline({ at: day(26), kind: 'SELLER_RESPONSE', dueAt: day(26) });
    silentSeller()
      .when(sellerFirst)
      .then([eventFrom(sellerFirst, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(26) }), eventFrom(sellerFirst, 'Escalated', { reason: 'SELLER_SILENCE' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
    silentSeller()
      .givenCommands([sellerFirst])
      .when(expireDeadline({ at: day(26), kind: 'NEGOTIATION_WINDOW', dueAt: day(26) }))
      .thenFails('DeadlineNotActive');

    const windowFirst = expireDeadline({ at: day(26), kind: 'NEGOTIATION_WINDOW', dueAt: day(26) });
    silentSeller()
      .when(windowFirst)
      .then([eventFrom(windowFirst, 'DeadlineExpired', { kind: 'NEGOTIATION_WINDOW', dueAt: day(26) }), eventFrom(windowFirst, 'Escalated', { reason: 'NEGOTIATION_EXPIRED' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).deadlines.length === 0);
    silentSeller()
      .givenCommands([windowFirst])
      .when(expireDeadline({ at: day(26), kind: 'SELLER_RESPONSE', dueAt: day(26) }))
      .thenFails('DeadlineNotActive');
  });
});

describe('EVIDENCE_REQUEST expiry', () => {
  const autoRule = policyWith('seed', { name: 'strict-evidence', autoRuleAgainstSilentParty: true });
  // Opened day 8, escalated day 11, evidence requested on day 12: due day 15.
  const asked = (from: 'buyer' | 'seller', policy?: typeof autoRule, open = openKeptItem) =>
    dispute.givenCommands([
      open({ at: day(8), ...(policy === undefined ? {} : { policy }) }),
      escalate({ at: day(11) }),
      requestEvidence({ at: day(12), requestId: `req-${from}`, from }),
    ]);
  const expire = (party: 'buyer' | 'seller') => expireDeadline({ at: day(15), kind: 'EVIDENCE_REQUEST', dueAt: day(15), party });

  it('is only recorded under seed: the request closes, the mediator decides', () => {
    const e = expire('seller');
    asked('seller')
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' })])
      .thenState((s) => {
        expect(s.status).toBe('UNDER_MEDIATION');
        expect(opened(s).openEvidenceRequests).toEqual([]);
        expect(opened(s).deadlines).toEqual([]);
      });
  });

  it('expires only the named party’s request when both are open', () => {
    const e = expire('buyer');
    asked('seller')
      .givenCommands([requestEvidence({ at: day(12), requestId: 'req-buyer', from: 'buyer' })])
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'buyer' })])
      .thenState((s) => {
        expect(opened(s).openEvidenceRequests.map((r) => r.from)).toEqual(['seller']);
        expect(opened(s).deadlines).toEqual([{ kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' }]);
      });
  });

  it('autoRuleAgainstSilentParty, silent buyer: a ruling for the seller, closed', () => {
    const e = expire('buyer');
    asked('buyer', autoRule)
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'buyer' }),
        eventFrom(e, 'RulingIssued', {
          rulingId: 'auto-req-buyer',
          outcome: 'SELLER_FAVOUR',
          refund: usd(0),
          returnRequired: false,
          rationale: `The buyer did not answer the evidence request by ${day(15)}; under the strict-evidence policy the mediation rules against the silent party.`,
          round: 'DISPUTE',
          liability: sellerLiable(usd(0)),
        }),
        eventFrom(e, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'RULING', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(e, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED');
  });

  it('autoRuleAgainstSilentParty, silent seller: a ruling for the buyer’s current request', () => {
    const e = expire('seller');
    asked('seller', autoRule)
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' }),
        eventFrom(e, 'RulingIssued', {
          rulingId: 'auto-req-seller',
          outcome: 'BUYER_FAVOUR',
          refund: usd(4_000),
          returnRequired: false,
          rationale: `The seller did not answer the evidence request by ${day(15)}; under the strict-evidence policy the mediation rules against the silent party.`,
          round: 'DISPUTE',
          liability: sellerLiable(usd(4_000)),
        }),
        eventFrom(e, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(4_000), isFullRefund: false, liability: sellerLiable(usd(4_000)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('autoRuleAgainstSilentParty, silent seller in a return dispute: the ruling requires the return', () => {
    const e = expire('seller');
    asked('seller', autoRule, openReturn)
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'seller' }),
        eventFrom(e, 'RulingIssued', {
          rulingId: 'auto-req-seller',
          outcome: 'BUYER_FAVOUR',
          refund: usd(PRICE),
          returnRequired: true,
          rationale: `The seller did not answer the evidence request by ${day(15)}; under the strict-evidence policy the mediation rules against the silent party.`,
          round: 'DISPUTE',
          liability: sellerLiable(usd(PRICE)),
        }),
        eventFrom(e, 'ReturnRequested', { refund: usd(PRICE), basis: 'RULING', deadlines: [{ kind: 'RETURN_SHIPMENT', dueAt: day(25) }] }),
      ]);
  });

  it('autoRuleAgainstSilentParty, silent seller in the return round: a ruling for the pending refund, no new return', () => {
    // return agreed day 9, shipped day 10, disputed day 12; evidence requested day 13 (due day 16)
    const e = expireDeadline({ at: day(16), kind: 'EVIDENCE_REQUEST', dueAt: day(16), party: 'seller' });
    dispute
      .givenCommands([
        openReturn({ at: day(8), policy: autoRule }),
        acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' }),
        markReturnShipped({ at: day(10) }),
        confirmReturnReceived({ at: day(12), condition: 'MISSING_ITEMS' }),
        requestEvidence({ at: day(13), requestId: 'req-r', from: 'seller' }),
      ])
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'EVIDENCE_REQUEST', dueAt: day(16), party: 'seller' }),
        eventFrom(e, 'RulingIssued', {
          rulingId: 'auto-req-r',
          outcome: 'BUYER_FAVOUR',
          refund: usd(PRICE),
          returnRequired: false,
          rationale: `The seller did not answer the evidence request by ${day(16)}; under the strict-evidence policy the mediation rules against the silent party.`,
          round: 'RETURN',
          liability: sellerLiable(usd(PRICE)),
        }),
        eventFrom(e, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RULING', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ]);
  });

  it('an answered request has no deadline left to expire (DeadlineNotActive)', () => {
    asked('seller', autoRule)
      .givenCommands([submitEvidence({ at: day(13), by: 'seller', evidenceId: 'ev-s' })])
      .when(expire('seller'))
      .thenFails('DeadlineNotActive');
  });

  it('the other party’s deadline is not this one (DeadlineNotActive)', () => {
    asked('seller').when(expire('buyer')).thenFails('DeadlineNotActive');
  });
});

describe('RETURN_SHIPMENT and RETURN_RECEIPT expiry', () => {
  // return agreed on day 9: ship before day 19; shipped on day 12: confirm before day 22
  const returnAgreed = (policy?: ReturnType<typeof policyWith>) =>
    dispute.givenCommands([
      openReturn({ at: day(8), ...(policy === undefined ? {} : { policy }) }),
      acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' }),
    ]);

  it('RETURN_SHIPMENT: the buyer did not ship, resolved for the seller on RETURN_NOT_SHIPPED and closed', () => {
    const e = expireDeadline({ at: day(19), kind: 'RETURN_SHIPMENT', dueAt: day(19) });
    returnAgreed()
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'RETURN_SHIPMENT', dueAt: day(19) }),
        eventFrom(e, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'RETURN_NOT_SHIPPED', refund: usd(0), isFullRefund: false, liability: sellerLiable(usd(0)) }),
        eventFrom(e, 'DisputeClosed', { outcome: 'SELLER_FAVOUR', refunded: usd(0) }),
      ])
      .thenState((s) => s.status === 'CLOSED' && opened(s).outcome === 'SELLER_FAVOUR');
  });

  it('RETURN_RECEIPT AUTO_REFUND (seed): resolved for the buyer on RETURN_RECEIPT_SILENCE', () => {
    const e = expireDeadline({ at: day(22), kind: 'RETURN_RECEIPT', dueAt: day(22) });
    returnAgreed()
      .givenCommands([markReturnShipped({ at: day(12) })])
      .when(e)
      .then([
        eventFrom(e, 'DeadlineExpired', { kind: 'RETURN_RECEIPT', dueAt: day(22) }),
        eventFrom(e, 'Resolved', { outcome: 'BUYER_FAVOUR', basis: 'RETURN_RECEIPT_SILENCE', refund: usd(PRICE), isFullRefund: true, liability: sellerLiable(usd(PRICE)) }),
      ])
      .thenState((s) => s.status === 'AWAITING_REFUND');
  });

  it('RETURN_RECEIPT ESCALATE: a second mediation round on RETURN_RECEIPT_SILENCE', () => {
    const e = expireDeadline({ at: day(22), kind: 'RETURN_RECEIPT', dueAt: day(22) });
    returnAgreed(policyWith('seed', { onReturnReceiptSilence: 'ESCALATE' }))
      .givenCommands([markReturnShipped({ at: day(12) })])
      .when(e)
      .then([eventFrom(e, 'DeadlineExpired', { kind: 'RETURN_RECEIPT', dueAt: day(22) }), eventFrom(e, 'Escalated', { reason: 'RETURN_RECEIPT_SILENCE' })])
      .thenState((s) => s.status === 'UNDER_MEDIATION' && opened(s).mediationRound === 'RETURN');
  });
});

describe('ExpireDeadline: early, stale, unknown and repeated timers do nothing', () => {
  const notReceived = dispute.givenCommands([openNotReceived({ at: day(1) })]);

  it('refuses a deadline that is not due yet (DeadlineNotDue)', () => {
    notReceived
      .when(expireDeadline({ at: plusDays(day(6), 0, -1), kind: 'SELLER_RESPONSE', dueAt: day(6) }))
      .thenFails('DeadlineNotDue', (e) => e.details?.dueAt === day(6));
  });

  it('refuses a stale dueAt after the deadline restarted (DeadlineNotActive)', () => {
    // opened day 8 (due day 13); the buyer revises on day 10, so SELLER_RESPONSE now falls due on day 15
    dispute
      .givenCommands([openKeptItem({ at: day(8) }), makeProposal({ at: day(10), by: 'buyer', proposalId: 'p-b2', amount: 3_000 })])
      .when(expireDeadline({ at: day(13), kind: 'SELLER_RESPONSE', dueAt: day(13) }))
      .thenFails('DeadlineNotActive', (e) => e.message.includes(day(15)));
  });

  it('refuses a kind that is not running (DeadlineNotActive)', () => {
    notReceived
      .when(expireDeadline({ at: day(7), kind: 'BUYER_RESPONSE', dueAt: day(6) }))
      .thenFails('DeadlineNotActive', (e) => e.message === 'No BUYER_RESPONSE deadline is running.');
    notReceived.when(expireDeadline({ at: day(7), kind: 'RETURN_SHIPMENT', dueAt: day(6) })).thenFails('DeadlineNotActive');
  });

  it('refuses a repeated expiry (DeadlineNotActive)', () => {
    notReceived
      .givenCommands([expireDeadline({ at: day(16), kind: 'NEGOTIATION_WINDOW', dueAt: day(16) })])
      .when(expireDeadline({ at: day(16), kind: 'NEGOTIATION_WINDOW', dueAt: day(16) }))
      .thenFails('DeadlineNotActive');
  });

  it('accepts a late timer while the deadline still runs', () => {
    const late = expireDeadline({ at: day(9), kind: 'SELLER_RESPONSE', dueAt: day(6) });
    notReceived.when(late).thenState((s, events) => {
      expect(events[0]).toEqual(eventFrom(late, 'DeadlineExpired', { kind: 'SELLER_RESPONSE', dueAt: day(6) }));
      return s.status === 'AWAITING_REFUND';
    });
  });

  it('refuses anyone but the system (NotPermitted)', () => {
    for (const by of ['buyer', 'seller', 'mediator'] as const) {
      notReceived.when(expireDeadline({ at: day(6), kind: 'SELLER_RESPONSE', dueAt: day(6), by })).thenFails('NotPermitted');
    }
  });

  it('does nothing after closure (DisputeClosed)', () => {
    notReceived
      .givenCommands([cancelDispute({ at: day(2) })])
      .when(expireDeadline({ at: day(6), kind: 'SELLER_RESPONSE', dueAt: day(6) }))
      .thenFails('DisputeClosed');
  });
});

describe('Deadlines use the business calendar', () => {
  it('uses the holidays stored in the policy', () => {
    // ebay, opened Tuesday 3 March 10:00; Thursday 5 March is a holiday: Wed 4, Fri 6, Mon 9 → due day 7
    const withHoliday = policyWith('ebay', { businessCalendar: { holidays: ['2026-03-05'] } });
    expect(withHoliday.businessCalendar.weekendDays).toEqual([0, 6]);
    dispute
      .when(openNotReceived({ at: day(1), policy: withHoliday }))
      .thenState((s) => opened(s).deadlines.some((d) => d.kind === 'SELLER_RESPONSE' && d.dueAt === day(7)));
  });

  it('makeDecide({ calendar }) injects a calendar that replaces the policy’s', () => {
    // every day is a business day except Wednesday 4 March: Thu 5, Fri 6, Sat 7 → due day 5
    const calendar: BusinessCalendar = { isBusinessDay: (isoDate) => isoDate !== '2026-03-04' };
    const injected = spec({ decide: makeDecide({ calendar }), evolve, initialState });
    injected
      .when(openNotReceived({ at: day(1), policy: 'ebay' }))
      .thenState((s) => {
        expect(opened(s).deadlines).toEqual([
          { kind: 'SELLER_RESPONSE', dueAt: day(5) },
          { kind: 'NEGOTIATION_WINDOW', dueAt: day(31) },
        ]);
      });
    // the default decider, with the policy's own calendar (weekends off), gives Friday 6 March (day 4)
    dispute
      .when(openNotReceived({ at: day(1), policy: 'ebay' }))
      .thenState((s) => opened(s).deadlines.some((d) => d.kind === 'SELLER_RESPONSE' && d.dueAt === day(4)));
  });

  it('calendar days ignore the calendar', () => {
    const calendar: BusinessCalendar = { isBusinessDay: () => false };
    spec({ decide: makeDecide({ calendar }), evolve, initialState })
      .when(openNotReceived({ at: day(1) }))
      .thenState((s) => opened(s).deadlines.some((d) => d.kind === 'SELLER_RESPONSE' && d.dueAt === day(6)));
  });

  it('the system actor of the expiry events is the command’s actor', () => {
    const e = expireDeadline({ at: day(6), kind: 'SELLER_RESPONSE', dueAt: day(6) });
    dispute
      .givenCommands([openNotReceived({ at: day(1) })])
      .when(e)
      .thenState((_s, events) => events.every((ev) => JSON.stringify(ev.data.by) === JSON.stringify(system)));
  });
});
