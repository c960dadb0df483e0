import * as E from 'fp-ts/lib/Either.js';
import { instantFromMillis, type DisputeService, type OpenedDispute } from '@disputekit/core';
import type { Clock } from '@disputekit/core';
import type { MediatorQueueQueries } from '../readModels/mediatorQueue';

/** A small deterministic random generator (mulberry32), so a failing seed can be replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const HOUR = 3_600_000;
const sha = 'a'.repeat(64);
const evidence = (id: string) => ({ evidenceId: id, kind: 'PHOTO', uri: `https://files.example/${id}.jpg`, sha256: sha, mime: 'image/jpeg', sizeBytes: 1024 });

/** The opening command of simulated dispute `i` (test and demo support): one of three typical cases. */
export const simulatedOpening = (i: number, random: () => number, at: number, prefix = 'sim'): Record<string, unknown> => {
  const currency = random() < 0.7 ? 'USD' : 'EUR';
  const paid = 1_000 + Math.floor(random() * 49_000);
  const buyer = `buyer-${i % 7}`;
  const seller = `seller-${i % 3}`;
  const flavour = Math.floor(random() * 3);
  const base = {
    type: 'OpenDispute',
    disputeId: `${prefix}-${i}`,
    commandId: `${prefix}-${i}-open`,
    actor: { role: 'buyer', id: buyer },
    at: instantFromMillis(at),
    order: {
      orderId: `${prefix}-order-${i}`,
      buyerId: buyer,
      sellerId: seller,
      paid: { amount: paid, currency },
      alreadyRefunded: { amount: 0, currency },
      paidAt: instantFromMillis(at - 48 * HOUR),
    },
    proposalId: `${prefix}-${i}-p0`,
    description: 'Simulated dispute',
  };
  if (flavour === 0) {
    return { ...base, kind: 'REFUND_ONLY', itemReceived: false, reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' }, requested: { amount: paid, currency }, evidence: [] };
  }
  if (flavour === 1) {
    const partial = 1 + Math.floor(random() * (paid - 1));
    return { ...base, kind: 'REFUND_ONLY', itemReceived: true, reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' }, requested: { amount: partial, currency }, evidence: [evidence(`${prefix}-${i}-e0`)] };
  }
  return { ...base, kind: 'RETURN_AND_REFUND', itemReceived: true, reason: { group: 'NOT_AS_DESCRIBED', code: 'WRONG_ITEM' }, requested: { amount: paid, currency }, evidence: [evidence(`${prefix}-${i}-e0`)] };
};

/**
 * Simulated buyers, sellers and mediators (test and demo support): each call to `act` lets every
 * party of every open dispute act with some probability, the way people do — accept, counter,
 * reject, escalate, ship, confirm, rule — or stay silent and let the deadlines decide. The
 * mediators work from the mediator queue read model. Refusals are expected and ignored.
 */
export const createSimulatedParties = (options: {
  readonly service: DisputeService;
  readonly clock: Clock;
  readonly random: () => number;
  readonly mediatorQueue: MediatorQueueQueries;
  /** How eager people are to act at each step (default 0.3). */
  readonly activity?: number;
}) => {
  const { service, clock, random } = options;
  const activity = options.activity ?? 0.3;
  let counter = 0;
  const id = (what: string) => `${what}-${++counter}`;
  const send = async (command: Record<string, unknown>) => {
    const result = await service.handle({ commandId: id('cmd'), at: instantFromMillis(clock.now()), ...command });
    return E.isRight(result);
  };
  const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(random() * items.length)]!;
  const current = (s: OpenedDispute, author: 'buyer' | 'seller' | 'mediator') => {
    const pid = s.currentProposals[author];
    return s.proposals.find((p) => p.proposalId === pid && p.status === 'OPEN');
  };
  const buyerAmount = (s: OpenedDispute) =>
    s.reason.group === 'NOT_RECEIVED' || s.kind === 'RETURN_AND_REFUND' ? s.refundable.amount : 1 + Math.floor(random() * s.refundable.amount);

  const actOn = async (s: OpenedDispute) => {
    const buyer = { role: 'buyer', id: s.buyerId };
    const seller = { role: 'seller', id: s.sellerId };
    const base = { disputeId: s.disputeId };
    const r = random();
    switch (s.status) {
      case 'AWAITING_SELLER': {
        const request = current(s, 'buyer');
        if (request !== undefined && r < 0.3) return send({ ...base, type: 'AcceptProposal', actor: seller, proposalId: request.proposalId });
        if (r < 0.6) {
          return send({ ...base, type: 'MakeProposal', actor: seller, proposalId: id('p'), amount: { amount: Math.floor(random() * s.refundable.amount), currency: s.refundable.currency }, returnRequired: false });
        }
        if (request !== undefined && r < 0.8) return send({ ...base, type: 'RejectProposal', actor: seller, proposalId: request.proposalId });
        return false;
      }
      case 'AWAITING_BUYER': {
        const offer = current(s, 'seller');
        if (offer !== undefined && r < 0.4) return send({ ...base, type: 'AcceptProposal', actor: buyer, proposalId: offer.proposalId });
        if (r < 0.6) return send({ ...base, type: 'Escalate', actor: buyer });
        if (r < 0.8) {
          return send({ ...base, type: 'MakeProposal', actor: buyer, proposalId: id('p'), amount: { amount: buyerAmount(s), currency: s.refundable.currency }, returnRequired: s.kind === 'RETURN_AND_REFUND' });
        }
        if (r < 0.83) return send({ ...base, type: 'CancelDispute', actor: buyer });
        return false;
      }
      case 'UNDER_MEDIATION': {
        const request = s.openEvidenceRequests[0];
        if (request !== undefined && r < 0.5) {
          const party = request.from === 'buyer' ? buyer : seller;
          return send({ ...base, type: 'SubmitEvidence', actor: party, evidence: evidence(id('e')) });
        }
        return false;
      }
      case 'AWAITING_RETURN_SHIPMENT':
        return r < 0.5 ? send({ ...base, type: 'MarkReturnShipped', actor: buyer, carrier: 'UPS', trackingNumber: id('1Z') }) : false;
      case 'AWAITING_RETURN_RECEIPT':
        if (r < 0.4) return send({ ...base, type: 'ConfirmReturnReceived', actor: seller, condition: 'AS_EXPECTED' });
        if (r < 0.5) return send({ ...base, type: 'ConfirmReturnReceived', actor: seller, condition: 'DAMAGED' });
        return false;
      default:
        return false;
    }
  };

  const mediate = async () => {
    const waiting = await options.mediatorQueue.waiting({ limit: 100 });
    if (E.isLeft(waiting)) return;
    for (const item of waiting.right.items) {
      if (random() > activity) continue;
      const mediator = { role: 'mediator', id: pick(['mediator-ann', 'mediator-bo']) };
      const base = { disputeId: item.disputeId, actor: mediator };
      const loaded = await service.load(item.disputeId);
      if (E.isLeft(loaded) || loaded.right.state.status !== 'UNDER_MEDIATION') continue;
      const s = loaded.right.state;
      if (item.openEvidenceRequestCount === 0 && random() < 0.25 && s.openEvidenceRequests.length === 0) {
        await send({ ...base, type: 'RequestEvidence', requestId: id('req'), from: pick(['buyer', 'seller']), description: 'Please send a photo.' });
        continue;
      }
      const buyerWins = random() < 0.65;
      const refund = buyerWins ? 1 + Math.floor(random() * s.refundable.amount) : 0;
      await send({
        ...base,
        type: 'IssueRuling',
        rulingId: id('ruling'),
        outcome: buyerWins ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
        refund: { amount: refund, currency: s.refundable.currency },
        returnRequired: buyerWins && s.itemReceived && s.mediationRound !== 'RETURN' && random() < 0.3,
        rationale: 'Simulated ruling.',
      });
    }
  };

  return {
    /** Lets every party of these disputes act (or not) once, then the mediators. */
    async act(disputeIds: ReadonlyArray<string>): Promise<void> {
      for (const disputeId of disputeIds) {
        if (random() > activity) continue;
        const loaded = await service.load(disputeId);
        if (E.isRight(loaded) && loaded.right.state.status !== 'NONE' && loaded.right.state.status !== 'CLOSED') await actOn(loaded.right.state);
      }
      await mediate();
    },
  };
};
