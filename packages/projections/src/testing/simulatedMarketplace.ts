import * as E from 'fp-ts/lib/Either.js';
import { instantFromMillis, type Clock, type DisputeService, type OpenedDispute } from '@disputekit/core';
import type { MediatorQueueItem, MediatorQueueQueries } from '../readModels/mediatorQueue';

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
      // The seller refused the buyer's cancellation first: the `seed` policy opens a dispute only after that.
      cancellationRefusedAt: instantFromMillis(at - 47 * HOUR),
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

/** Options of `createSimulatedParties`. */
export interface SimulatedPartiesOptions {
  readonly service: DisputeService;
  readonly clock: Clock;
  readonly random: () => number;
  readonly mediatorQueue: MediatorQueueQueries;
  /** How eager people are to act at each step (default 0.3). */
  readonly activity?: number;
}

/** Simulated parties: `act` lets them act once. */
export interface SimulatedParties {
  /** Lets every party of these disputes act (or not) once, then the mediators. */
  act(disputeIds: ReadonlyArray<string>): Promise<void>;
}

/** What the simulated parties share: the options, and a counter for fresh ids. */
interface SimContext {
  readonly options: SimulatedPartiesOptions;
  readonly random: () => number;
  readonly activity: number;
  counter: number;
}

type Actor = { readonly role: string; readonly id: string };
type Base = { readonly disputeId: string };

const nextId = (ctx: SimContext, what: string): string => `${what}-${++ctx.counter}`;

const send = async (ctx: SimContext, command: Record<string, unknown>): Promise<boolean> => {
  const result = await ctx.options.service.handle({ commandId: nextId(ctx, 'cmd'), at: instantFromMillis(ctx.options.clock.now()), ...command });
  return E.isRight(result);
};

const pick = <T>(ctx: SimContext, items: ReadonlyArray<T>): T => items[Math.floor(ctx.random() * items.length)]!;

const current = (s: OpenedDispute, author: 'buyer' | 'seller' | 'mediator') => {
  const pid = s.currentProposals[author];
  return s.proposals.find((p) => p.proposalId === pid && p.status === 'OPEN');
};

const buyerAmount = (ctx: SimContext, s: OpenedDispute): number =>
  s.reason.group === 'NOT_RECEIVED' || s.kind === 'RETURN_AND_REFUND' ? s.refundable.amount : 1 + Math.floor(ctx.random() * s.refundable.amount);

const sellerTurn = (ctx: SimContext, s: OpenedDispute, base: Base, seller: Actor, r: number): Promise<boolean> | false => {
  const request = current(s, 'buyer');
  if (request !== undefined && r < 0.3) return send(ctx, { ...base, type: 'AcceptProposal', actor: seller, proposalId: request.proposalId });
  if (r < 0.6) {
    return send(ctx, { ...base, type: 'MakeProposal', actor: seller, proposalId: nextId(ctx, 'p'), amount: { amount: Math.floor(ctx.random() * s.refundable.amount), currency: s.refundable.currency }, returnRequired: false });
  }
  if (request !== undefined && r < 0.8) return send(ctx, { ...base, type: 'RejectProposal', actor: seller, proposalId: request.proposalId });
  return false;
};

const buyerTurn = (ctx: SimContext, s: OpenedDispute, base: Base, buyer: Actor, r: number): Promise<boolean> | false => {
  const offer = current(s, 'seller');
  if (offer !== undefined && r < 0.4) return send(ctx, { ...base, type: 'AcceptProposal', actor: buyer, proposalId: offer.proposalId });
  if (r < 0.6) return send(ctx, { ...base, type: 'Escalate', actor: buyer });
  if (r < 0.8) {
    return send(ctx, { ...base, type: 'MakeProposal', actor: buyer, proposalId: nextId(ctx, 'p'), amount: { amount: buyerAmount(ctx, s), currency: s.refundable.currency }, returnRequired: s.kind === 'RETURN_AND_REFUND' });
  }
  if (r < 0.83) return send(ctx, { ...base, type: 'CancelDispute', actor: buyer });
  return false;
};

const actOn = async (ctx: SimContext, s: OpenedDispute): Promise<boolean> => {
  const buyer = { role: 'buyer', id: s.buyerId };
  const seller = { role: 'seller', id: s.sellerId };
  const base = { disputeId: s.disputeId };
  const r = ctx.random();
  switch (s.status) {
    case 'AWAITING_SELLER':
      return sellerTurn(ctx, s, base, seller, r);
    case 'AWAITING_BUYER':
      return buyerTurn(ctx, s, base, buyer, r);
    case 'UNDER_MEDIATION': {
      const request = s.openEvidenceRequests[0];
      if (request !== undefined && r < 0.5) {
        const party = request.from === 'buyer' ? buyer : seller;
        return send(ctx, { ...base, type: 'SubmitEvidence', actor: party, evidence: evidence(nextId(ctx, 'e')) });
      }
      return false;
    }
    case 'AWAITING_RETURN_SHIPMENT':
      return r < 0.5 ? send(ctx, { ...base, type: 'MarkReturnShipped', actor: buyer, carrier: 'UPS', trackingNumber: nextId(ctx, '1Z') }) : false;
    case 'AWAITING_RETURN_RECEIPT':
      if (r < 0.4) return send(ctx, { ...base, type: 'ConfirmReturnReceived', actor: seller, condition: 'AS_EXPECTED' });
      if (r < 0.5) return send(ctx, { ...base, type: 'ConfirmReturnReceived', actor: seller, condition: 'DAMAGED' });
      return false;
    default:
      return false;
  }
};

/** A mediator takes one waiting dispute: retries a blocked refund, asks for evidence, or rules. */
const mediateOne = async (ctx: SimContext, item: MediatorQueueItem): Promise<void> => {
  const mediator = { role: 'mediator', id: pick(ctx, ['mediator-ann', 'mediator-bo']) };
  const base = { disputeId: item.disputeId, actor: mediator };
  const loaded = await ctx.options.service.load(item.disputeId);
  if (E.isRight(loaded) && loaded.right.state.status === 'REFUND_BLOCKED') {
    await send(ctx, { ...base, type: 'RetryRefund', note: 'Simulated retry.' });
    return;
  }
  if (E.isLeft(loaded) || loaded.right.state.status !== 'UNDER_MEDIATION') return;
  const s = loaded.right.state;
  const { random } = ctx;
  if (item.openEvidenceRequestCount === 0 && random() < 0.25 && s.openEvidenceRequests.length === 0) {
    await send(ctx, { ...base, type: 'RequestEvidence', requestId: nextId(ctx, 'req'), from: pick(ctx, ['buyer', 'seller']), description: 'Please send a photo.' });
    return;
  }
  const buyerWins = random() < 0.65;
  const refund = buyerWins ? 1 + Math.floor(random() * s.refundable.amount) : 0;
  await send(ctx, {
    ...base,
    type: 'IssueRuling',
    rulingId: nextId(ctx, 'ruling'),
    outcome: buyerWins ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
    refund: { amount: refund, currency: s.refundable.currency },
    returnRequired: buyerWins && s.itemReceived && s.mediationRound !== 'RETURN' && random() < 0.3,
    rationale: 'Simulated ruling.',
  });
};

const mediate = async (ctx: SimContext): Promise<void> => {
  const waiting = await ctx.options.mediatorQueue.waiting({ limit: 100 });
  if (E.isLeft(waiting)) return;
  for (const item of waiting.right.items) {
    if (ctx.random() > ctx.activity) continue;
    await mediateOne(ctx, item);
  }
};

const act = async (ctx: SimContext, disputeIds: ReadonlyArray<string>): Promise<void> => {
  for (const disputeId of disputeIds) {
    if (ctx.random() > ctx.activity) continue;
    const loaded = await ctx.options.service.load(disputeId);
    if (E.isRight(loaded) && loaded.right.state.status !== 'NONE' && loaded.right.state.status !== 'CLOSED') await actOn(ctx, loaded.right.state);
  }
  await mediate(ctx);
};

/**
 * Simulated buyers, sellers and mediators (test and demo support): each call to `act` lets every
 * party of every open dispute act with some probability, the way people do — accept, counter,
 * reject, escalate, ship, confirm, rule — or stay silent and let the deadlines decide. The
 * mediators work from the mediator queue read model. Refusals are expected and ignored.
 */
export const createSimulatedParties = (options: SimulatedPartiesOptions): SimulatedParties => {
  const ctx: SimContext = { options, random: options.random, activity: options.activity ?? 0.3, counter: 0 };
  return { act: (disputeIds) => act(ctx, disputeIds) };
};
