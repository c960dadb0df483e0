import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { CommandId, Identifier, ProposalId } from '../codecs/ids';
import { instantFromMillis, millisOf } from '../codecs/instant';
import type { Money, MinorUnits } from '../money/money';
import { policies } from '../policy/presets';
import { openDisputeCommand, openingChoiceArb, scenarioArb, type DisputeScenario } from '../testing/arbitraries';
import type { DisputeCommand } from './commands';
import { decide, type Decision } from './decide';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { checkHistory } from './invariants';
import { initialState, isOpened, type DisputeState, type DisputeStatus } from './state';
import type { Actor, DeadlineKind, Party } from './vocabulary';

/**
 * A model-based test of the dispute lifecycle: a small, independent model of the status, the
 * proposals, the running deadlines and the money, driven by `fc.commands` side by side with the
 * real decider. Each command says what the model expects (the events' effect, or the refusal's
 * tag) and checks that the decider agrees; after each one the status, deadlines, open proposals
 * and money of both must match. Policies with calendar-day deadlines: `seed`, `aliexpress`, `paypal`.
 */

const DAY_MS = 86_400_000;
type Author = 'buyer' | 'seller' | 'mediator';
type ModelPolicy = (typeof policies)['seed'];

interface ModelProposal {
  readonly author: Author;
  readonly amount: number;
  readonly returnRequired: boolean;
  open: boolean;
}

interface Model {
  readonly policy: ModelPolicy;
  readonly refundable: number;
  readonly returnKind: boolean;
  readonly itemReceived: boolean;
  readonly fullOnly: boolean;
  readonly openedAt: number;
  now: number;
  status: DisputeStatus;
  readonly proposals: Map<string, ModelProposal>;
  current: Partial<Record<Author, string>>;
  /** Running deadlines by slot (`kind/party`). */
  deadlines: Map<string, { readonly kind: DeadlineKind; readonly party?: Party; readonly dueAt: number }>;
  requests: Set<Party>;
  escalated: boolean;
  round: 'DISPUTE' | 'RETURN' | undefined;
  ruled: boolean;
  settled: boolean;
  pendingRefund: number | undefined;
  owed: number | undefined;
  refunded: number;
  /** Failed refund attempts since the resolution or the last retry. */
  refundFailures: number;
}

interface Real {
  readonly scenario: DisputeScenario;
  state: DisputeState;
  readonly events: DisputeEvent[];
  seq: number;
}

// ------------------------------------------------------------------ the model's rules

const days = (d: { days: number } | { businessDays: number }): number => ('days' in d ? d.days : d.businessDays) * DAY_MS;
const slot = (kind: DeadlineKind, party?: Party): string => `${kind}/${party ?? '-'}`;
const start = (m: Model, kind: DeadlineKind, duration: { days: number } | { businessDays: number }, party?: Party): void => {
  m.deadlines.set(slot(kind, party), { kind, dueAt: m.now + days(duration), ...(party === undefined ? {} : { party }) });
};
const stop = (m: Model, kind: DeadlineKind, party?: Party): void => {
  m.deadlines.delete(slot(kind, party));
};
const negotiating = (m: Model): boolean => m.status === 'AWAITING_SELLER' || m.status === 'AWAITING_BUYER';
const canNegotiate = (m: Model): boolean => !m.settled && (negotiating(m) || m.status === 'UNDER_MEDIATION');

const resolve = (m: Model, amount: number): void => {
  m.settled = true;
  m.deadlines = new Map();
  m.requests = new Set();
  if (amount > 0) {
    m.status = 'AWAITING_REFUND';
    m.owed = amount;
  } else {
    m.status = 'CLOSED';
  }
};

/** The refund is blocked: only a mediator's retry leads on. */
const block = (m: Model): void => {
  m.status = 'REFUND_BLOCKED';
  m.deadlines = new Map();
};

const settle = (m: Model, amount: number, returnRequired: boolean): void => {
  m.settled = true;
  if (returnRequired && amount > 0) {
    m.status = 'AWAITING_RETURN_SHIPMENT';
    m.pendingRefund = amount;
    m.deadlines = new Map();
    m.requests = new Set();
    start(m, 'RETURN_SHIPMENT', m.policy.deadlines.returnShipment);
  } else {
    resolve(m, amount);
  }
};

const escalate = (m: Model, round: 'DISPUTE' | 'RETURN'): void => {
  m.status = 'UNDER_MEDIATION';
  m.escalated = true;
  m.round = round;
  m.ruled = false;
  m.deadlines = new Map();
  m.requests = new Set();
};

const accept = (m: Model, id: string): void => {
  const p = m.proposals.get(id)!;
  p.open = false;
  settle(m, p.amount, p.returnRequired);
};

const addProposal = (m: Model, id: string, author: Author, amount: number, returnRequired: boolean): void => {
  const previous = m.current[author];
  if (previous !== undefined) m.proposals.get(previous)!.open = false;
  m.proposals.set(id, { author, amount, returnRequired, open: true });
  m.current[author] = id;
};

/** What the model says an expiry does (process rules §6, with the policy's choices). */
const expire = (m: Model, kind: DeadlineKind, party?: Party): void => {
  stop(m, kind, party);
  const currentOpen = (author: Author): string | undefined => {
    const id = m.current[author];
    return id !== undefined && m.proposals.get(id)!.open ? id : undefined;
  };
  switch (kind) {
    case 'SELLER_RESPONSE': {
      const request = currentOpen('buyer');
      if (m.policy.onSellerSilence === 'ACCEPT_BUYER_REQUEST' && request !== undefined) accept(m, request);
      else escalate(m, 'DISPUTE');
      return;
    }
    case 'BUYER_RESPONSE': {
      const offer = currentOpen('seller');
      if (m.policy.onBuyerSilence === 'CLOSE_SELLER_FAVOUR') resolve(m, 0);
      else if (m.policy.onBuyerSilence === 'ACCEPT_STANDING_OFFER' && offer !== undefined) accept(m, offer);
      else escalate(m, 'DISPUTE');
      return;
    }
    case 'NEGOTIATION_WINDOW':
      if (m.policy.onNegotiationExpiry === 'ESCALATE') escalate(m, 'DISPUTE');
      else {
        m.deadlines = new Map();
        m.status = 'CLOSED';
      }
      return;
    case 'EVIDENCE_REQUEST':
      if (party !== undefined) m.requests.delete(party);
      return;
    case 'RETURN_SHIPMENT':
      resolve(m, 0);
      return;
    case 'REFUND_DUE':
      block(m);
      return;
    default:
      if (m.policy.onReturnReceiptSilence === 'AUTO_REFUND') resolve(m, m.pendingRefund ?? m.refundable);
      else escalate(m, 'RETURN');
  }
};

// ------------------------------------------------------------------ running both

const send = (m: Model, r: Real, actor: Actor, fields: Record<string, unknown>): Decision => {
  r.seq += 1;
  const command = { disputeId: r.scenario.disputeId, commandId: `m-${r.seq}` as CommandId, actor, at: instantFromMillis(m.now), ...fields } as DisputeCommand;
  const decision = decide(command, r.state);
  if (E.isRight(decision)) {
    r.events.push(...decision.right);
    r.state = decision.right.reduce(evolve, r.state);
  }
  return decision;
};
const actorOf = (r: Real, who: Author | 'system'): Actor =>
  who === 'buyer' ? r.scenario.buyer : who === 'seller' ? r.scenario.seller : who === 'mediator' ? r.scenario.mediators[0]! : r.scenario.system;
const money = (r: Real, amount: number): Money => ({ amount: amount as MinorUnits, currency: r.scenario.order.paid.currency });

const accepted = (decision: Decision): void => {
  expect(E.isLeft(decision) ? `${decision.left._tag}: ${decision.left.message}` : 'accepted').toBe('accepted');
};
const refused = (decision: Decision, tag: string): void => {
  expect(E.isLeft(decision) ? decision.left._tag : 'accepted').toBe(tag);
};

/** After every command: the decider's state agrees with the model. */
const agree = (m: Model, r: Real): void => {
  const s = r.state;
  expect(s.status).toBe(m.status);
  if (!isOpened(s)) return;
  const real = s.deadlines.map((d) => `${slot(d.kind, d.party)}@${d.dueAt}`).sort();
  const modelled = [...m.deadlines.values()].map((d) => `${slot(d.kind, d.party)}@${instantFromMillis(d.dueAt)}`).sort();
  expect(real).toEqual(modelled);
  expect(s.proposals.filter((p) => p.status === 'OPEN').map((p) => p.proposalId).sort()).toEqual(
    [...m.proposals.entries()].filter(([, p]) => p.open).map(([id]) => id).sort(),
  );
  expect(s.refunded.amount).toBe(m.refunded);
  if (m.status === 'AWAITING_REFUND') expect(s.resolution?.refund.amount).toBe(m.owed);
};

const cmd = (name: string, check: (m: Readonly<Model>) => boolean, run: (m: Model, r: Real) => void): fc.Command<Model, Real> => ({
  check,
  run: (m, r) => {
    run(m, r);
    agree(m, r);
  },
  toString: () => name,
});

const amountFor = (m: Readonly<Model>, share: number, min: number): number => Math.max(min, Math.min(m.refundable, Math.floor(share * (m.refundable + 1))));
const partyArb = fc.constantFrom<Party>('buyer', 'seller');

// ------------------------------------------------------------------ the commands

const commands = [
  fc.integer({ min: 1, max: 6 * DAY_MS }).map((ms) =>
    cmd(`Wait(${Math.round(ms / 3_600_000)}h)`, (m) => m.status !== 'CLOSED', (m) => {
      m.now += ms;
    }),
  ),
  fc.constant(
    cmd('FireEarliestDeadline', (m) => m.deadlines.size > 0, (m, r) => {
      const next = [...m.deadlines.values()].sort((a, b) => a.dueAt - b.dueAt)[0]!;
      m.now = Math.max(m.now, next.dueAt);
      accepted(send(m, r, actorOf(r, 'system'), { type: 'ExpireDeadline', kind: next.kind, dueAt: instantFromMillis(next.dueAt), ...(next.party === undefined ? {} : { party: next.party }) }));
      expire(m, next.kind, next.party);
    }),
  ),
  fc.constant(
    cmd('ExpireTooEarly', (m) => [...m.deadlines.values()].some((d) => d.dueAt > m.now), (m, r) => {
      const next = [...m.deadlines.values()].find((d) => d.dueAt > m.now)!;
      refused(send(m, r, actorOf(r, 'system'), { type: 'ExpireDeadline', kind: next.kind, dueAt: instantFromMillis(next.dueAt), ...(next.party === undefined ? {} : { party: next.party }) }), 'DeadlineNotDue');
    }),
  ),
  fc.record({ share: fc.double({ min: 0, max: 1, noNaN: true }), withReturn: fc.boolean() }).map(({ share, withReturn }) =>
    cmd(`SellerOffers(${share.toFixed(2)}, return ${withReturn})`, canNegotiate, (m, r) => {
      const amount = amountFor(m, share, 0);
      const returnRequired = withReturn && m.itemReceived && amount > 0;
      const id = `p-s-${r.seq}`;
      accepted(send(m, r, actorOf(r, 'seller'), { type: 'MakeProposal', proposalId: id as ProposalId, amount: money(r, amount), returnRequired }));
      addProposal(m, id, 'seller', amount, returnRequired);
      if (negotiating(m)) {
        stop(m, 'SELLER_RESPONSE');
        start(m, 'BUYER_RESPONSE', m.policy.deadlines.buyerResponse);
        m.status = 'AWAITING_BUYER';
      }
    }),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((share) =>
    cmd(`BuyerRevises(${share.toFixed(2)})`, canNegotiate, (m, r) => {
      const amount = m.fullOnly ? m.refundable : amountFor(m, share, 1);
      const id = `p-b-${r.seq}`;
      accepted(send(m, r, actorOf(r, 'buyer'), { type: 'MakeProposal', proposalId: id as ProposalId, amount: money(r, amount), returnRequired: m.returnKind }));
      addProposal(m, id, 'buyer', amount, m.returnKind);
      if (negotiating(m)) {
        stop(m, 'BUYER_RESPONSE');
        start(m, 'SELLER_RESPONSE', m.policy.deadlines.sellerResponse);
        m.status = 'AWAITING_SELLER';
      }
    }),
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map((share) =>
    cmd(`MediatorProposes(${share.toFixed(2)})`, (m) => canNegotiate(m) && m.status === 'UNDER_MEDIATION', (m, r) => {
      const amount = amountFor(m, share, 1);
      const id = `p-m-${r.seq}`;
      accepted(send(m, r, actorOf(r, 'mediator'), { type: 'MakeProposal', proposalId: id as ProposalId, amount: money(r, amount), returnRequired: false }));
      addProposal(m, id, 'mediator', amount, false);
    }),
  ),
  fc.constant(
    cmd('ProposeWhenSettled', (m) => m.settled && m.status !== 'CLOSED', (m, r) => {
      refused(send(m, r, actorOf(r, 'seller'), { type: 'MakeProposal', proposalId: `p-late-${r.seq}` as ProposalId, amount: money(r, 1), returnRequired: false }), 'AlreadySettled');
    }),
  ),
  // An acceptance settles the dispute, so it is offered less often than the other moves.
  fc.record({ party: partyArb, pick: fc.nat(), go: fc.nat(2) }).map(({ party, pick, go }) =>
    cmd(`Accept(${party}, #${pick})`, (m) => go === 0 && canNegotiate(m) && [...m.proposals.values()].some((p) => p.open && p.author !== party), (m, r) => {
      const candidates = [...m.proposals.entries()].filter(([, p]) => p.open && p.author !== party);
      const [id, p] = candidates[pick % candidates.length]!;
      const decision = send(m, r, actorOf(r, party), { type: 'AcceptProposal', proposalId: id as ProposalId });
      if (p.author === 'mediator' && !m.policy.mediatorProposalBindingOn.includes(party)) return refused(decision, 'AcceptanceNotBinding');
      accepted(decision);
      accept(m, id);
    }),
  ),
  fc.constantFrom<Party>('buyer', 'seller').map((party) =>
    cmd(`AcceptOwn(${party})`, (m) => canNegotiate(m) && [...m.proposals.values()].some((p) => p.open && p.author === party), (m, r) => {
      const [id] = [...m.proposals.entries()].find(([, p]) => p.open && p.author === party)!;
      refused(send(m, r, actorOf(r, party), { type: 'AcceptProposal', proposalId: id as ProposalId }), 'CannotAcceptOwnProposal');
    }),
  ),
  fc.record({ party: partyArb, pick: fc.nat() }).map(({ party, pick }) =>
    cmd(`Reject(${party}, #${pick})`, (m) => canNegotiate(m) && [...m.proposals.values()].some((p) => p.open && p.author !== party), (m, r) => {
      const candidates = [...m.proposals.entries()].filter(([, p]) => p.open && p.author !== party);
      const [id, p] = candidates[pick % candidates.length]!;
      accepted(send(m, r, actorOf(r, party), { type: 'RejectProposal', proposalId: id as ProposalId }));
      p.open = false;
      if (negotiating(m)) {
        stop(m, party === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE');
        start(m, party === 'seller' ? 'BUYER_RESPONSE' : 'SELLER_RESPONSE', party === 'seller' ? m.policy.deadlines.buyerResponse : m.policy.deadlines.sellerResponse);
        m.status = party === 'seller' ? 'AWAITING_BUYER' : 'AWAITING_SELLER';
      }
    }),
  ),
  partyArb.map((party) =>
    cmd(`Escalate(${party})`, negotiating, (m, r) => {
      const decision = send(m, r, actorOf(r, party), { type: 'Escalate' });
      if (party === 'seller' && !m.policy.sellerMayEscalate) return refused(decision, 'NotPermitted');
      if (!m.policy.manualEscalation) return refused(decision, 'ManualEscalationDisabled');
      if (m.now < m.openedAt + days(m.policy.escalateEarliestAfter)) return refused(decision, 'EscalationTooEarly');
      accepted(decision);
      escalate(m, 'DISPUTE');
    }),
  ),
  partyArb.map((party) =>
    cmd(`RequestEvidence(${party})`, (m) => m.status === 'UNDER_MEDIATION', (m, r) => {
      const decision = send(m, r, actorOf(r, 'mediator'), { type: 'RequestEvidence', requestId: `rq-${r.seq}` as Identifier, from: party, description: 'Photos, please.' });
      if (m.requests.has(party)) return refused(decision, 'EvidenceRequestAlreadyOpen');
      accepted(decision);
      m.requests.add(party);
      start(m, 'EVIDENCE_REQUEST', m.policy.deadlines.evidenceRequest, party);
    }),
  ),
  partyArb.map((party) =>
    cmd(`SubmitEvidence(${party})`, (m) => m.status !== 'CLOSED', (m, r) => {
      const evidence = { evidenceId: `ev-${r.seq}`, kind: 'PHOTO', uri: 'https://files.example.com/x.jpg', sha256: 'f'.repeat(64), mime: 'image/jpeg', sizeBytes: 10 };
      accepted(send(m, r, actorOf(r, party), { type: 'SubmitEvidence', evidence }));
      if (m.requests.delete(party)) stop(m, 'EVIDENCE_REQUEST', party);
    }),
  ),
  fc.record({ buyerFavour: fc.boolean(), share: fc.double({ min: 0, max: 1, noNaN: true }), withReturn: fc.boolean() }).map(({ buyerFavour, share, withReturn }) =>
    cmd(`Rule(${buyerFavour ? 'buyer' : 'seller'}, ${share.toFixed(2)}, return ${withReturn})`, (m) => m.status === 'UNDER_MEDIATION', (m, r) => {
      const amount = buyerFavour ? amountFor(m, share, 1) : 0;
      const returnRequired = buyerFavour && withReturn && m.itemReceived && m.round !== 'RETURN';
      const decision = send(m, r, actorOf(r, 'mediator'), {
        type: 'IssueRuling',
        rulingId: `r-${r.seq}` as Identifier,
        outcome: buyerFavour ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
        refund: money(r, amount),
        returnRequired,
        rationale: 'Model ruling.',
      });
      if (m.ruled) return refused(decision, 'RulingAlreadyIssued');
      accepted(decision);
      m.ruled = true;
      settle(m, amount, returnRequired);
    }),
  ),
  // Cancelling ends a run, so it is offered rarely.
  fc.nat(9).map((n) =>
    cmd('Cancel', (m) => n === 0 && m.status !== 'CLOSED', (m, r) => {
      const decision = send(m, r, actorOf(r, 'buyer'), { type: 'CancelDispute' });
      if (m.settled) return refused(decision, 'AlreadySettled');
      accepted(decision);
      m.deadlines = new Map();
      m.status = 'CLOSED';
    }),
  ),
  fc.constant(
    cmd('ShipReturn', (m) => m.status === 'AWAITING_RETURN_SHIPMENT', (m, r) => {
      const decision = send(m, r, actorOf(r, 'buyer'), { type: 'MarkReturnShipped', carrier: 'DHL', trackingNumber: `T${r.seq}` });
      if (m.now >= m.deadlines.get(slot('RETURN_SHIPMENT'))!.dueAt) return refused(decision, 'ReturnDeadlinePassed');
      accepted(decision);
      stop(m, 'RETURN_SHIPMENT');
      start(m, 'RETURN_RECEIPT', m.policy.deadlines.returnReceipt);
      m.status = 'AWAITING_RETURN_RECEIPT';
    }),
  ),
  fc.integer({ min: 0, max: 3 * DAY_MS }).map((late) =>
    cmd(`ShipReturnLate(+${Math.round(late / 3_600_000)}h)`, (m) => m.status === 'AWAITING_RETURN_SHIPMENT', (m, r) => {
      m.now = Math.max(m.now, m.deadlines.get(slot('RETURN_SHIPMENT'))!.dueAt + late);
      refused(send(m, r, actorOf(r, 'buyer'), { type: 'MarkReturnShipped', carrier: 'DHL', trackingNumber: `T${r.seq}` }), 'ReturnDeadlinePassed');
    }),
  ),
  fc.boolean().map((asExpected) =>
    cmd(`ConfirmReturn(${asExpected ? 'as expected' : 'damaged'})`, (m) => m.status === 'AWAITING_RETURN_RECEIPT', (m, r) => {
      accepted(send(m, r, actorOf(r, 'seller'), { type: 'ConfirmReturnReceived', condition: asExpected ? 'AS_EXPECTED' : 'DAMAGED' }));
      stop(m, 'RETURN_RECEIPT');
      if (asExpected) resolve(m, m.pendingRefund!);
      else escalate(m, 'RETURN');
    }),
  ),
  fc.boolean().map((exact) =>
    cmd(`PayRefund(${exact ? 'owed' : 'other amount'})`, (m) => m.status === 'AWAITING_REFUND', (m, r) => {
      const amount = exact ? m.owed! : m.owed! === 1 ? 2 : m.owed! - 1;
      const decision = send(m, r, actorOf(r, 'system'), { type: 'IssueRefund', refundId: `rf-${r.seq}` as Identifier, amount: money(r, amount), gatewayReference: 'gw' as Identifier });
      if (!exact) return refused(decision, 'RefundAmountMismatch');
      accepted(decision);
      m.refunded = amount;
      m.status = 'CLOSED';
      m.deadlines = new Map();
    }),
  ),
  fc.constant(
    cmd('RefundFails', (m) => m.status === 'AWAITING_REFUND', (m, r) => {
      accepted(send(m, r, actorOf(r, 'system'), { type: 'RecordRefundFailure', attempt: 1, errorCode: 'timeout', retryable: true }));
      m.refundFailures += 1;
      if (m.refundFailures >= (m.policy.maxRefundFailures ?? 3)) block(m);
      else if (m.refundFailures === 1) start(m, 'REFUND_DUE', m.policy.deadlines.refundDue ?? { days: 5 });
    }),
  ),
  fc.constant(
    cmd('RefundFailsForGood', (m) => m.status === 'AWAITING_REFUND', (m, r) => {
      accepted(send(m, r, actorOf(r, 'system'), { type: 'RecordRefundFailure', attempt: 1, errorCode: 'account_closed', retryable: false, permanent: true }));
      m.refundFailures += 1;
      block(m);
    }),
  ),
  fc.constant(
    cmd('MediatorRetriesRefund', (m) => m.status === 'REFUND_BLOCKED', (m, r) => {
      accepted(send(m, r, actorOf(r, 'mediator'), { type: 'RetryRefund' }));
      m.status = 'AWAITING_REFUND';
      m.refundFailures = 0;
    }),
  ),
  fc.constantFrom<Author | 'system'>('buyer', 'seller', 'mediator', 'system').map((who) =>
    cmd(`AnythingAfterClose(${who})`, (m) => m.status === 'CLOSED', (m, r) => {
      const fields = who === 'system' ? { type: 'RecordRefundFailure', attempt: 1, errorCode: 'x', retryable: false } : who === 'mediator' ? { type: 'RequestEvidence', requestId: 'rq-late', from: 'buyer', description: 'Late.' } : { type: 'PostMessage', messageId: 'late', text: 'Hello?' };
      refused(send(m, r, actorOf(r, who), fields), 'DisputeClosed');
    }),
  ),
];

describe.each(['seed', 'aliexpress', 'paypal'] as const)('the lifecycle under the %s policy', (preset) => {
  it('the decider agrees with a simple model of status, proposals, deadlines and money', () => {
    fc.assert(
      fc.property(scenarioArb({ policy: preset }), fc.oneof(openingChoiceArb, openingChoiceArb.map((c) => ({ ...c, group: 'NOT_AS_DESCRIBED' as const, returnItem: true }))), fc.commands(commands, { maxCommands: 60, size: 'max' }), (scenario, choice, cmds) => {
        const open = openDisputeCommand(scenario, { ...choice, consistent: true, timing: typeof choice.timing === 'number' ? choice.timing : 0.5 });
        const opening = decide(open, initialState);
        fc.pre(E.isRight(opening));
        const events = E.isRight(opening) ? [...opening.right] : [];
        const opened = events[0]!;
        if (opened.type !== 'DisputeOpened') throw new Error('expected DisputeOpened');
        const d = opened.data;
        const at = millisOf(d.at);
        const policy = policies[preset];
        const model: Model = {
          policy,
          refundable: d.refundable.amount,
          returnKind: d.kind === 'RETURN_AND_REFUND',
          itemReceived: d.itemReceived,
          fullOnly: d.reason.group === 'NOT_RECEIVED' || (d.kind === 'RETURN_AND_REFUND' && !policy.allowPartialOnReturn),
          openedAt: at,
          now: at,
          status: 'AWAITING_SELLER',
          proposals: new Map([[d.proposalId, { author: 'buyer', amount: d.requested.amount, returnRequired: d.kind === 'RETURN_AND_REFUND', open: true }]]),
          current: { buyer: d.proposalId },
          deadlines: new Map(),
          requests: new Set(),
          escalated: false,
          round: undefined,
          ruled: false,
          settled: false,
          pendingRefund: undefined,
          owed: undefined,
          refunded: 0,
          refundFailures: 0,
        };
        start(model, 'SELLER_RESPONSE', policy.deadlines.sellerResponse);
        start(model, 'NEGOTIATION_WINDOW', policy.deadlines.negotiationWindow);
        const real: Real = { scenario, state: events.reduce(evolve, initialState), events, seq: 0 };
        agree(model, real);
        fc.modelRun(() => ({ model, real }), cmds);
        expect(checkHistory(real.events)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
