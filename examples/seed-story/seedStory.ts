import * as E from 'fp-ts/lib/Either.js';
import {
  decide,
  evolve,
  formatMoney,
  initialState,
  parseCommand,
  type DisputeEvent,
  type DisputeState,
} from '@disputekit/core';

const USD = 'USD';
const usd = (amount: number) => ({ amount, currency: USD });
const buyer = { role: 'buyer', id: 'buyer-ana' };
const seller = { role: 'seller', id: 'seller-lucky-store' };
const mediator = { role: 'mediator', id: 'mediator-kim' };
const payments = { role: 'system', id: 'payments' };

/**
 * The commands of the seed's story, as plain JSON a marketplace would send: the seller refused to
 * cancel the order, the item never arrived, the buyer opens a refund-only dispute, negotiates,
 * escalates, and accepts the seller's better offer made during mediation; the refund goes out.
 */
export const seedStoryCommands: ReadonlyArray<Record<string, unknown>> = [
  {
    type: 'OpenDispute',
    at: '2026-03-20T09:00:00Z',
    actor: buyer,
    order: {
      orderId: 'order-1001',
      buyerId: buyer.id,
      sellerId: seller.id,
      paid: usd(4_999),
      alreadyRefunded: usd(0),
      paidAt: '2026-03-01T12:00:00Z',
      cancellationRefusedAt: '2026-03-02T09:00:00Z',
      shippedAt: '2026-03-03T08:00:00Z',
      deliveryDeadlineAt: '2026-03-18T23:59:59Z',
    },
    kind: 'REFUND_ONLY',
    itemReceived: false,
    reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    proposalId: 'p-buyer-1',
    requested: usd(4_999),
    description: 'The parcel has been "in transit" for two weeks past the delivery deadline.',
    evidence: [],
  },
  { type: 'MakeProposal', at: '2026-03-21T10:00:00Z', actor: seller, proposalId: 'p-seller-1', amount: usd(1_500), returnRequired: false, note: 'Customs delays are not our fault; we can refund 15.00.' },
  { type: 'Escalate', at: '2026-03-24T08:30:00Z', actor: buyer, note: 'I never received anything.' },
  { type: 'MakeProposal', at: '2026-03-25T14:00:00Z', actor: mediator, proposalId: 'p-mediator-1', amount: usd(4_999), returnRequired: false, note: 'Tracking shows no movement since March 5; a full refund is fair.' },
  { type: 'MakeProposal', at: '2026-03-26T09:00:00Z', actor: seller, proposalId: 'p-seller-2', amount: usd(4_000), returnRequired: false, note: 'We can refund 40.00.' },
  { type: 'AcceptProposal', at: '2026-03-26T18:00:00Z', actor: buyer, proposalId: 'p-seller-2' },
  { type: 'IssueRefund', at: '2026-03-26T18:05:00Z', actor: payments, refundId: 'refund-1', amount: usd(4_000), gatewayReference: 'gw-7f3a' },
].map((command, index) => ({ disputeId: 'dispute-1001', commandId: `cmd-${index + 1}`, ...command }));

/** One line describing an event for people. */
export const describeEvent = (event: DisputeEvent): string => {
  const d = event.data;
  const who = `${d.by.role} ${d.by.id}`;
  switch (event.type) {
    case 'DisputeOpened':
      return `${who} opened a ${event.data.kind} dispute asking ${formatMoney(event.data.requested)} (refundable ${formatMoney(event.data.refundable)})`;
    case 'ProposalMade':
      return `${who} proposed ${formatMoney(event.data.amount)}${event.data.returnRequired ? ' with a return' : ''} (${event.data.proposalId})`;
    case 'ProposalAccepted':
      return `${who} accepted ${event.data.proposalId}: ${formatMoney(event.data.amount)}`;
    case 'Escalated':
      return `${who} escalated to mediation (${event.data.reason})`;
    case 'Resolved':
      return `resolved in ${event.data.outcome} on ${event.data.basis}: refund ${formatMoney(event.data.refund)}`;
    case 'RefundIssued':
      return `refund ${formatMoney(event.data.amount)} issued (${event.data.gatewayReference}, key ${event.data.idempotencyKey})`;
    case 'DisputeClosed':
      return `closed: ${event.data.outcome}`;
    default:
      return `${who}: ${event.type}`;
  }
};

/** Runs the seed's story through the decider, printing each event; returns the final state. */
export const runSeedStory = (print: (line: string) => void): DisputeState => {
  let state: DisputeState = initialState;
  for (const json of seedStoryCommands) {
    const command = parseCommand(json);
    if (E.isLeft(command)) throw new Error(command.left.message);
    const decision = decide(command.right, state);
    if (E.isLeft(decision)) throw new Error(`${decision.left._tag}: ${decision.left.message}`);
    for (const event of decision.right) {
      state = evolve(state, event);
      print(`${event.data.at}  ${event.type.padEnd(17)} ${describeEvent(event)}  → ${state.status}`);
    }
  }
  return state;
};
