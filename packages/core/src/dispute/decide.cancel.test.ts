import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  cancelDispute,
  day,
  escalate,
  eventFrom,
  issueRuling,
  makeProposal,
  openKeptItem,
  openReturn,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';

/** Process rules §4, row `CancelDispute`: the buyer withdraws before any acceptance or ruling. */
const dispute = spec(disputeDecider);

const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);

describe('CancelDispute', () => {
  it('the buyer withdraws while the seller has not answered: DisputeCancelled, DisputeClosed(CANCELLED_BY_BUYER)', () => {
    const cancel = cancelDispute({ at: day(9), note: 'The seller sent a replacement.' });
    keptItem
      .when(cancel)
      .then([
        eventFrom(cancel, 'DisputeCancelled', { reason: 'BUYER_WITHDREW', note: 'The seller sent a replacement.' }),
        eventFrom(cancel, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) }),
      ])
      .thenState((s) => {
        expect(s.status).toBe('CLOSED');
        expect(opened(s).cancelled).toBe(true);
        expect(opened(s).outcome).toBe('CANCELLED_BY_BUYER');
        expect(opened(s).deadlines).toEqual([]);
        expect(opened(s).closedAt).toBe(day(9));
      });
  });

  it('is possible while waiting for the buyer and under mediation, before any ruling', () => {
    const afterOffer = cancelDispute({ at: day(10) });
    keptItem
      .givenCommands([makeProposal({ at: day(9), proposalId: 'p-s', amount: 1_000 })])
      .when(afterOffer)
      .then([
        eventFrom(afterOffer, 'DisputeCancelled', { reason: 'BUYER_WITHDREW' }),
        eventFrom(afterOffer, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) }),
      ]);
    const underMediation = cancelDispute({ at: day(12) });
    keptItem
      .givenCommands([escalate({ at: day(11) })])
      .when(underMediation)
      .then([
        eventFrom(underMediation, 'DisputeCancelled', { reason: 'BUYER_WITHDREW' }),
        eventFrom(underMediation, 'DisputeClosed', { outcome: 'CANCELLED_BY_BUYER', refunded: usd(0) }),
      ]);
  });

  it('is refused after an acceptance or a ruling (AlreadySettled)', () => {
    dispute
      .givenCommands([openReturn({ at: day(8) }), acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })])
      .when(cancelDispute({ at: day(10) }))
      .thenFails('AlreadySettled');
    keptItem
      .givenCommands([escalate({ at: day(11) }), issueRuling({ at: day(12), outcome: 'BUYER_FAVOUR', refund: 4_000 })])
      .when(cancelDispute({ at: day(13) }))
      .thenFails('AlreadySettled');
  });

  it('is refused to anyone but the order’s buyer (NotPermitted)', () => {
    keptItem.when(cancelDispute({ at: day(9), by: 'seller' })).thenFails('NotPermitted');
    keptItem.when(cancelDispute({ at: day(9), by: 'mediator' })).thenFails('NotPermitted');
    keptItem.when(cancelDispute({ at: day(9), by: 'system' })).thenFails('NotPermitted');
    keptItem.when(cancelDispute({ at: day(9), by: { role: 'buyer', id: 'buyer-2' } })).thenFails('NotPermitted');
  });

  it('is refused once closed (DisputeClosed)', () => {
    keptItem
      .givenCommands([cancelDispute({ at: day(9) })])
      .when(cancelDispute({ at: day(10) }))
      .thenFails('DisputeClosed', (e) => e.details?.outcome === 'CANCELLED_BY_BUYER');
  });
});
