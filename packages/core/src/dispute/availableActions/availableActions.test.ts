import type { Instant } from '../../codecs/instant';
import type { UserId } from '../../codecs/ids';
import { actors, day, escalate, makeProposal, openKeptItem, openNotReceived, policyWith, recordChargeback, recordChargebackOutcome, submitEvidence } from '../../testing';
import { runCommands } from '../../testing/arbitraries';
import { initialState } from '../state';
import type { Actor } from '../vocabulary';
import { availableActions } from './availableActions';

const as = (role: Actor['role'], id: string): Actor => ({ role, id: id as UserId });
const at = (text: string) => text as Instant;

// The kept-item dispute opens on day 8 (seed policy): the seller answers before day 13.
const opened = runCommands([openKeptItem({ at: day(8) }), makeProposal({ at: day(9), proposalId: 'p-seller-1', amount: 2_000 })]).state;

describe('availableActions', () => {
  it('before any dispute: only a buyer may open one, under rules the order decides', () => {
    expect(availableActions(initialState, as('buyer', 'b'), at(day(1)))).toEqual([{ type: 'OpenDispute', bounds: { dependsOnOrder: true } }]);
    expect(availableActions(initialState, as('seller', 's'), at(day(1)))).toEqual([]);
  });

  it('after the seller offers 20.00 USD: the buyer may accept or reject it, counter, escalate from day 11, by day 14', () => {
    const buyer = actors.buyer as Actor;
    const early = availableActions(opened, buyer, at(day(10)));
    expect(early.map((a) => a.type)).toEqual(['MakeProposal', 'AcceptProposal', 'RejectProposal', 'SubmitEvidence', 'PostMessage', 'CancelDispute']);
    const accept = early.find((a) => a.type === 'AcceptProposal');
    expect(accept?.type === 'AcceptProposal' && accept.bounds.proposals.map((p) => p.proposalId)).toEqual(['p-seller-1']);
    expect(accept?.deadline).toEqual({ kind: 'BUYER_RESPONSE', dueAt: day(14) });
    const later = availableActions(opened, buyer, at(day(11)));
    expect(later.find((a) => a.type === 'Escalate')).toEqual({ type: 'Escalate', bounds: { earliest: day(11) }, deadline: { kind: 'NEGOTIATION_WINDOW', dueAt: day(23) } });
  });

  it('the seller may accept the buyer\'s request, not their own offer; a stranger, a party posing as mediator and a time before the last event get nothing', () => {
    const accept = availableActions(opened, actors.seller as Actor, at(day(10))).find((a) => a.type === 'AcceptProposal');
    expect(accept?.type === 'AcceptProposal' && accept.bounds.proposals.map((p) => p.proposalId)).toEqual(['p-open']);
    expect(availableActions(opened, as('buyer', 'someone-else'), at(day(10)))).toEqual([]);
    expect(availableActions(opened, as('mediator', (actors.buyer as Actor).id), at(day(10)))).toEqual([]);
    expect(availableActions(opened, actors.buyer as Actor, at(day(8)))).toEqual([]);
    expect(() => availableActions(opened, actors.buyer as Actor, at('tomorrow'))).toThrow('at must be an ISO-8601 instant, got "tomorrow"');
  });

  it('chargebacks: the system may record one up to what may still be refunded; while it is open, only its outcome (a loss up to its amount), messages and evidence', () => {
    const system = actors.system as Actor;
    const before = availableActions(opened, system, at(day(10))).find((a) => a.type === 'RecordChargeback');
    expect(before).toEqual({ type: 'RecordChargeback', bounds: { amount: { min: 1, max: 10_000, currency: 'USD' }, dueAfter: day(10) } });
    const suspended = runCommands([openKeptItem({ at: day(8) }), recordChargeback({ at: day(9), amount: 4_000, dueBy: day(20) })]).state;
    expect(availableActions(suspended, system, at(day(10))).map((a) => a.type)).toEqual(['RecordChargebackOutcome']);
    expect(availableActions(suspended, system, at(day(10)))[0]).toEqual({ type: 'RecordChargebackOutcome', bounds: { caseId: 'cb-1', lost: { min: 1, max: 4_000, currency: 'USD' } } });
    expect(availableActions(suspended, actors.seller as Actor, at(day(10))).map((a) => a.type)).toEqual(['SubmitEvidence', 'PostMessage']);
    // Past the representment due date the scheduler may fire it; the dispute's own deadlines wait.
    const late = availableActions(suspended, system, at(day(21))).find((a) => a.type === 'ExpireDeadline');
    expect(late?.type === 'ExpireDeadline' && late.bounds.due.map((d) => d.kind)).toEqual(['REPRESENTMENT']);
    const partlyLost = runCommands([
      openKeptItem({ at: day(8) }),
      recordChargeback({ at: day(9), amount: 1_000, dueBy: day(20) }),
      recordChargebackOutcome({ at: day(10), outcome: 'LOST', amount: 1_000 }),
    ]).state;
    const again = availableActions(partlyLost, system, at(day(11))).find((a) => a.type === 'RecordChargeback');
    expect(again?.type === 'RecordChargeback' && again.bounds.amount).toEqual({ min: 1, max: 9_000, currency: 'USD' });
  });

  describe('a ruling option says who pays its refund when the mediator gives no split', () => {
    const mediator = actors.mediator as Actor;
    const payers = (state: typeof opened, when: string) => {
      const action = availableActions(state, mediator, at(when)).find((a) => a.type === 'IssueRuling');
      return action?.type === 'IssueRuling' ? action.bounds.options.map((o) => [o.outcome, o.returnRequired, o.liability.withoutSplit]) : undefined;
    };
    const seller = { payer: 'SELLER', cause: 'POLICY_DEFAULT' };

    it('seed: the seller, by the policy default', () => {
      const escalated = runCommands([openKeptItem({ at: day(8) }), escalate({ at: day(11) })]).state;
      expect(payers(escalated, day(12))).toEqual([['SELLER_FAVOUR', false, seller], ['BUYER_FAVOUR', false, seller], ['BUYER_FAVOUR', true, seller]]);
    });

    it('a PLATFORM default: the platform, for either outcome', () => {
      const platformFunded = policyWith('seed', { name: 'platform-funded', liability: { default: 'PLATFORM', platformCoversWhen: [] } });
      const escalated = runCommands([openKeptItem({ at: day(8), policy: platformFunded }), escalate({ at: day(11) })]).state;
      const platform = { payer: 'PLATFORM', cause: 'POLICY_DEFAULT' };
      expect(payers(escalated, day(12))).toEqual([['SELLER_FAVOUR', false, platform], ['BUYER_FAVOUR', false, platform], ['BUYER_FAVOUR', true, platform]]);
    });

    it('DELIVERY_PROVEN: the platform covers a ruling for the buyer against tracking shown before the escalation; without tracking, the seller', () => {
      const deliveryProven = policyWith('seed', { name: 'delivery-proven', onSellerSilence: 'ESCALATE', liability: { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] } });
      const open = openNotReceived({ at: day(8), policy: deliveryProven, order: { deliveredAt: day(6) } });
      const tracking = { kind: 'TRACKING', uri: 'https://files.example.com/tracking.pdf', mime: 'application/pdf' };
      const shown = runCommands([open, submitEvidence({ at: day(9), evidenceId: 'ev-track', by: 'seller', evidence: tracking }), escalate({ at: day(11) })]).state;
      expect(payers(shown, day(12))).toEqual([['SELLER_FAVOUR', false, seller], ['BUYER_FAVOUR', false, { payer: 'PLATFORM', cause: 'DELIVERY_PROVEN' }]]);
      const notShown = runCommands([open, escalate({ at: day(11) })]).state;
      expect(payers(notShown, day(12))).toEqual([['SELLER_FAVOUR', false, seller], ['BUYER_FAVOUR', false, seller]]);
    });
  });
});
