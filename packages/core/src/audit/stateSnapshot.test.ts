import { day, openNotReceived, acceptProposal, recordExternalRefund, recordChargeback, recordChargebackOutcome, openKeptItem, usd } from '../testing';
import { runCommands } from '../testing/arbitraries';
import { snapshotState } from './stateSnapshot';

/** The auditor's view of a state: how much went back, and by which way. */
describe('snapshotState', () => {
  it('shows the gateway refund, and what went back elsewhere or by lost chargebacks only when something did', () => {
    const due = runCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]).state;
    const plain = snapshotState(due);
    expect(plain.refunded).toEqual(usd(0));
    expect(plain).not.toHaveProperty('refundedElsewhere');
    expect(plain).not.toHaveProperty('chargedBack');

    const partly = runCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' }), recordExternalRefund({ at: day(3), amount: 2_500 })]).state;
    expect(snapshotState(partly)).toMatchObject({ status: 'AWAITING_REFUND', refunded: usd(0), refundedElsewhere: usd(2_500) });

    const lost = runCommands([
      openKeptItem({ at: day(8) }),
      recordChargeback({ at: day(9), amount: 1_000, dueBy: day(20) }),
      recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 1_000 }),
    ]).state;
    expect(snapshotState(lost)).toMatchObject({ refunded: usd(0), chargedBack: usd(1_000) });
  });
});
