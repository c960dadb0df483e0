import { millisOf } from '../codecs/instant';
import type { Money } from '../money/money';
import type { DisputePolicy } from '../policy/policy';
import { eventCodecs, type DisputeEvent, type EventOf, type EventType } from './events';
import { evolve } from './evolve';
import { initialState, type DisputeState, type DisputeStatus } from './state';
import type { Deadline, DeadlineKind, Party, Role } from './vocabulary';

/**
 * The invariants of process rules §7, by their ids. `checkHistory` reports M1–M4, S1–S8, A1–A2,
 * T1–T3 and I1; `checkOrderHistories` reports M5. S9 and T4 are properties of the decider (a fold
 * and a fair run), not of one history, so the property tests check them instead.
 */
export type InvariantRule =
  | 'M1' | 'M2' | 'M3' | 'M4' | 'M5'
  | 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9'
  | 'A1' | 'A2'
  | 'T1' | 'T2' | 'T3' | 'T4'
  | 'I1';

/** One broken invariant: which rule, what is wrong in plain words, and where (0-based position in the input). */
export interface Violation {
  readonly rule: InvariantRule;
  readonly message: string;
  /** Position of the offending event in the history (for `checkOrderHistories`, of the offending history). */
  readonly index?: number;
}

/** An event of a history, bare or with its stream version (versions let S1 check 1..n without gaps). */
export type HistoryEntry = DisputeEvent | { readonly version: number; readonly event: DisputeEvent };

type Author = 'buyer' | 'seller' | 'mediator';
type ProposalStatus = 'OPEN' | 'SUPERSEDED' | 'REJECTED' | 'ACCEPTED';
interface TrackedProposal {
  readonly author: Author;
  readonly amount: Money;
  readonly returnRequired: boolean;
  status: ProposalStatus;
}

/** What the auditor learns from `DisputeOpened` and keeps for the rest of the history. */
interface Dispute {
  readonly disputeId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly currency: Money['currency'];
  readonly refundable: number;
  readonly policy: DisputePolicy;
}

/** What the auditor tracks itself, independently of `evolve` (which it only asks for the status). */
interface Tracking {
  readonly proposals: Map<string, TrackedProposal>;
  readonly current: Partial<Record<Author, string>>;
  running: Deadline[];
  readonly expired: Set<string>;
  escalated: boolean;
  returnEscalated: boolean;
  round: 'DISPUTE' | 'RETURN' | undefined;
  readonly rulings: { DISPUTE: number; RETURN: number };
  acceptances: number;
  settled: boolean;
  pendingReturn: { readonly refund: Money; shipped: boolean } | undefined;
  resolved: { readonly outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR'; readonly refund: Money } | undefined;
  cancelled: boolean;
  readonly refunds: Money[];
  closed: boolean;
}

interface Indexed {
  readonly event: DisputeEvent;
  readonly index: number;
}

const PARTIES: ReadonlyArray<Role> = ['buyer', 'seller'];
const NEGOTIATING: ReadonlyArray<DisputeStatus> = ['AWAITING_SELLER', 'AWAITING_BUYER'];
const RESTARTABLE: ReadonlyArray<DeadlineKind> = ['SELLER_RESPONSE', 'BUYER_RESPONSE'];
const RETURN_PHASE_REASONS: ReadonlyArray<string> = ['RETURN_DISPUTED', 'RETURN_RECEIPT_SILENCE'];
const MANUAL_REASONS: ReadonlyArray<string> = ['BUYER_REQUEST', 'SELLER_REQUEST'];

/** The deadline kinds that lead out of each waiting state when they expire (process rules §3 and §6). */
const WAYS_OUT: Partial<Record<DisputeStatus, ReadonlyArray<DeadlineKind>>> = {
  AWAITING_SELLER: ['SELLER_RESPONSE', 'NEGOTIATION_WINDOW'],
  AWAITING_BUYER: ['BUYER_RESPONSE', 'NEGOTIATION_WINDOW'],
  AWAITING_RETURN_SHIPMENT: ['RETURN_SHIPMENT'],
  AWAITING_RETURN_RECEIPT: ['RETURN_RECEIPT'],
};

/** The deadline kind whose expiry causes each automatic escalation or resolution. */
const EXPIRY_CAUSE: Readonly<Record<string, DeadlineKind>> = {
  SELLER_SILENCE: 'SELLER_RESPONSE',
  BUYER_SILENCE: 'BUYER_RESPONSE',
  NEGOTIATION_EXPIRED: 'NEGOTIATION_WINDOW',
  RETURN_RECEIPT_SILENCE: 'RETURN_RECEIPT',
  RETURN_NOT_SHIPPED: 'RETURN_SHIPMENT',
};

const slotKey = (d: { readonly kind: DeadlineKind; readonly party?: Party | undefined }): string => `${d.kind}/${d.party ?? '-'}`;
const expiryKey = (d: { readonly kind: DeadlineKind; readonly party?: Party | undefined; readonly dueAt: string }): string =>
  `${slotKey(d)}@${d.dueAt}`;
const describeSlot = (d: { readonly kind: DeadlineKind; readonly party?: Party | undefined }): string =>
  d.party === undefined ? d.kind : `${d.kind} (${d.party})`;
const fmt = (m: Money): string => `${m.amount} ${m.currency}`;
const sameMoney = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency;
const authorOf = (role: Role): Author => (role === 'buyer' || role === 'seller' ? role : 'mediator');

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

const isVersioned = (u: unknown): u is { readonly version: unknown; readonly event: unknown } =>
  isRecord(u) && 'event' in u && 'version' in u && !('type' in u);

const isEventType = (u: unknown): u is EventType => typeof u === 'string' && Object.prototype.hasOwnProperty.call(eventCodecs, u);

/** The Money fields of an event, read defensively (the event may not be well-formed). */
const moneyFieldsOf = (type: EventType, data: Record<string, unknown>): ReadonlyArray<readonly [string, unknown]> => {
  switch (type) {
    case 'DisputeOpened': {
      const order = isRecord(data.order) ? data.order : {};
      return [
        ['order.paid', order.paid],
        ['order.alreadyRefunded', order.alreadyRefunded],
        ['requested', data.requested],
        ['refundable', data.refundable],
      ];
    }
    case 'ProposalMade':
    case 'ProposalAccepted':
    case 'RefundIssued':
      return [['amount', data.amount]];
    case 'RulingIssued':
    case 'ReturnRequested':
    case 'Resolved':
      return [['refund', data.refund]];
    case 'DisputeClosed':
      return [['refunded', data.refunded]];
    default:
      return [];
  }
};

/** The amount fields the refundable cap applies to (M1), on a well-formed event. */
const cappedAmountOf = (event: DisputeEvent): Money | undefined => {
  switch (event.type) {
    case 'DisputeOpened':
      return event.data.requested;
    case 'ProposalMade':
    case 'ProposalAccepted':
    case 'RefundIssued':
      return event.data.amount;
    case 'RulingIssued':
    case 'ReturnRequested':
    case 'Resolved':
      return event.data.refund;
    case 'DisputeClosed':
      return event.data.refunded;
    default:
      return undefined;
  }
};

/** Deadlines an event carries in `data.deadlines`, if its type starts any. */
const startedBy = (event: DisputeEvent): ReadonlyArray<Deadline> => {
  switch (event.type) {
    case 'DisputeOpened':
    case 'ProposalMade':
    case 'ProposalRejected':
    case 'EvidenceRequested':
    case 'ReturnRequested':
    case 'ReturnShipped':
      return event.data.deadlines;
    default:
      return [];
  }
};

/** The deadline slots an event may start (process rules §4 and §6). */
const startableBy = (event: DisputeEvent, escalated: boolean): ReadonlyArray<{ kind: DeadlineKind; party?: Party }> => {
  switch (event.type) {
    case 'DisputeOpened':
      return [{ kind: 'SELLER_RESPONSE' }, { kind: 'NEGOTIATION_WINDOW' }];
    case 'ProposalMade':
      if (escalated) return [];
      return event.data.by.role === 'buyer' ? [{ kind: 'SELLER_RESPONSE' }] : event.data.by.role === 'seller' ? [{ kind: 'BUYER_RESPONSE' }] : [];
    case 'ProposalRejected':
      if (escalated) return [];
      return event.data.by.role === 'seller' ? [{ kind: 'BUYER_RESPONSE' }] : event.data.by.role === 'buyer' ? [{ kind: 'SELLER_RESPONSE' }] : [];
    case 'EvidenceRequested':
      return [{ kind: 'EVIDENCE_REQUEST', party: event.data.from }];
    case 'ReturnRequested':
      return [{ kind: 'RETURN_SHIPMENT' }];
    case 'ReturnShipped':
      return [{ kind: 'RETURN_RECEIPT' }];
    default:
      return [];
  }
};

/**
 * Checks a dispute's history against the invariants of process rules §7 (M1–M4, S1–S8, A1–A2,
 * T1–T3, I1) and returns every violation found, each with the position of the offending event.
 * An empty array means the history is consistent with the rules.
 *
 * It is an audit oracle for histories that came from elsewhere (a store, an import, a tampered
 * file), so it never throws and never re-runs `decide`: it tracks proposals, deadlines, money and
 * the mediation rounds itself, and asks `evolve` only for the status. Pass `{ version, event }`
 * entries to also check that versions run 1..n without gaps.
 */
export const checkHistory = (history: Iterable<HistoryEntry>): ReadonlyArray<Violation> => {
  const violations: Violation[] = [];
  const report = (rule: InvariantRule, message: string, index?: number): void => {
    violations.push(index === undefined ? { rule, message } : { rule, message, index });
  };

  let dispute: Dispute | undefined;
  const t: Tracking = {
    proposals: new Map(),
    current: {},
    running: [],
    expired: new Set(),
    escalated: false,
    returnEscalated: false,
    round: undefined,
    rulings: { DISPUTE: 0, RETURN: 0 },
    acceptances: 0,
    settled: false,
    pendingReturn: undefined,
    resolved: undefined,
    cancelled: false,
    refunds: [],
    closed: false,
  };
  let state: DisputeState = initialState;
  let lastAt: number | undefined;
  let position = -1;
  /** The version the next versioned entry must have: one more than the version of the entry before it. */
  let expectedVersion = 1;
  const seenCommands = new Set<string>();
  let group: Indexed[] = [];

  const inCommand = (type: EventType, where: (e: DisputeEvent) => boolean = () => true): DisputeEvent | undefined =>
    group.find((g) => g.event.type === type && where(g.event))?.event;
  const expiryInCommand = (kind: DeadlineKind): boolean =>
    inCommand('DeadlineExpired', (e) => e.type === 'DeadlineExpired' && e.data.kind === kind) !== undefined;

  const stopSlot = (kind: DeadlineKind, party?: Party): void => {
    t.running = t.running.filter((d) => slotKey(d) !== slotKey({ kind, party }));
  };
  const stopKinds = (...kinds: DeadlineKind[]): void => {
    t.running = t.running.filter((d) => !kinds.includes(d.kind));
  };

  /** Checks made once all of a command's events have been read. */
  const closeCommand = (status: DisputeStatus): void => {
    if (group.length === 0 || dispute === undefined) {
      group = [];
      return;
    }
    const last = group[group.length - 1]!.index;
    const settlement = inCommand('ProposalAccepted') ?? inCommand('RulingIssued');
    if (settlement !== undefined && !inCommand('ReturnRequested') && !inCommand('Resolved')) {
      report('S5', `The ${settlement.type} is not followed, in the same command, by a resolution or a return request.`, last);
    }
    const resolved = inCommand('Resolved');
    if (resolved?.type === 'Resolved' && resolved.data.refund.amount === 0 && !inCommand('DisputeClosed')) {
      report('S3', 'A resolution that refunds nothing must close the dispute in the same command.', last);
    }
    if (inCommand('DisputeCancelled') && !inCommand('DisputeClosed')) {
      report('S3', 'A cancellation must close the dispute in the same command.', last);
    }
    if (inCommand('RefundIssued') && !inCommand('DisputeClosed')) {
      report('M3', 'An issued refund must close the dispute in the same command.', last);
    }
    const ways = WAYS_OUT[status];
    if (ways !== undefined && !t.running.some((d) => ways.includes(d.kind))) {
      report(
        'T3',
        `The dispute is left ${status} with no running deadline that leads out of it (expected one of ${ways.join(', ')}; running: ${
          t.running.map(describeSlot).join(', ') || 'none'
        }).`,
        last,
      );
    }
    group = [];
  };

  /** Who may have caused each event (A1). Returns a complaint, or undefined. */
  const roleProblem = (event: DisputeEvent, policy: DisputePolicy): string | undefined => {
    const role = event.data.by.role;
    const only = (...roles: Role[]): string | undefined =>
      roles.includes(role) ? undefined : `${event.type} was caused by a ${role}; only ${roles.join(' or ')} may cause it.`;
    const consequenceOf = (...causes: EventType[]): string | undefined =>
      causes.some((c) => inCommand(c) !== undefined)
        ? undefined
        : `${event.type} is only the consequence of ${causes.join(' or ')} in the same command, and there is none.`;
    switch (event.type) {
      case 'DisputeOpened':
        return only('buyer');
      case 'ProposalMade':
        return only('buyer', 'seller', 'mediator');
      case 'ProposalAccepted': {
        const onBehalfOf = event.data.onBehalfOf;
        if (role !== 'system') {
          return only('buyer', 'seller') ?? (onBehalfOf === undefined ? undefined : `A ${role} cannot accept on behalf of the ${onBehalfOf}.`);
        }
        if (onBehalfOf === undefined) return 'The system accepted a proposal without naming the silent party it accepted for.';
        const kind: DeadlineKind = onBehalfOf === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE';
        return expiryInCommand(kind) ? undefined : `The system accepted on the ${onBehalfOf}'s behalf without a ${kind} expiry in the same command.`;
      }
      case 'ProposalRejected':
      case 'EvidenceSubmitted':
      case 'MessagePosted':
        return only('buyer', 'seller');
      case 'EvidenceRequested':
        return only('mediator');
      case 'Escalated': {
        const reason = event.data.reason;
        if (reason === 'BUYER_REQUEST') return only('buyer');
        if (reason === 'SELLER_REQUEST') {
          return only('seller') ?? (policy.sellerMayEscalate ? undefined : `Under the ${policy.name} policy the seller may not escalate.`);
        }
        if (reason === 'RETURN_DISPUTED') {
          return (
            only('seller') ??
            (inCommand('ReturnReceived', (e) => e.type === 'ReturnReceived' && e.data.condition !== 'AS_EXPECTED')
              ? undefined
              : 'A RETURN_DISPUTED escalation must follow a return received in a disputed condition, in the same command.')
          );
        }
        const kind = EXPIRY_CAUSE[reason];
        return (
          only('system') ?? (kind !== undefined && expiryInCommand(kind) ? undefined : `A ${reason} escalation must follow a ${kind} expiry in the same command.`)
        );
      }
      case 'RulingIssued':
        if (role !== 'system') return only('mediator');
        if (!policy.autoRuleAgainstSilentParty) return `The system ruled, but the ${policy.name} policy does not rule against silent parties.`;
        return expiryInCommand('EVIDENCE_REQUEST') ? undefined : 'The system ruled without an EVIDENCE_REQUEST expiry in the same command.';
      case 'ReturnRequested':
        return consequenceOf('ProposalAccepted', 'RulingIssued');
      case 'ReturnShipped':
        return only('buyer');
      case 'ReturnReceived':
        return only('seller');
      case 'DeadlineExpired':
      case 'RefundIssued':
      case 'RefundFailed':
        return only('system');
      case 'Resolved': {
        const basis = event.data.basis;
        if (basis === 'AGREEMENT') {
          return inCommand('ProposalAccepted', (e) => e.data.by.role !== 'system')
            ? undefined
            : 'A resolution by AGREEMENT must follow a party\'s acceptance in the same command.';
        }
        if (basis === 'RULING') return consequenceOf('RulingIssued');
        if (basis === 'RETURN_CONFIRMED') {
          return inCommand('ReturnReceived', (e) => e.type === 'ReturnReceived' && e.data.condition === 'AS_EXPECTED')
            ? undefined
            : 'A RETURN_CONFIRMED resolution must follow a return received as expected, in the same command.';
        }
        const kind = EXPIRY_CAUSE[basis];
        return kind !== undefined && expiryInCommand(kind) ? undefined : `A ${basis} resolution must follow a ${kind} expiry in the same command.`;
      }
      case 'DisputeCancelled':
        if (event.data.reason === 'BUYER_WITHDREW') return only('buyer');
        return (
          only('system') ??
          (expiryInCommand('NEGOTIATION_WINDOW') ? undefined : 'A NEGOTIATION_EXPIRED cancellation must follow a NEGOTIATION_WINDOW expiry in the same command.')
        );
      case 'DisputeClosed':
        return consequenceOf('Resolved', 'DisputeCancelled', 'RefundIssued');
      default:
        return undefined;
    }
  };

  /** Checks made on every well-formed event once the dispute is known. */
  const checkEvent = (event: DisputeEvent, index: number, d: Dispute, statusBefore: DisputeStatus): void => {
    const data = event.data;
    const at = millisOf(data.at);
    const policy = d.policy;

    // S1: one stream, one dispute.
    if (data.disputeId !== d.disputeId) report('S1', `${event.type} belongs to dispute ${data.disputeId}, not ${d.disputeId}.`, index);
    // S2: nothing after closing.
    if (t.closed) report('S2', `${event.type} comes after DisputeClosed; a closed dispute accepts nothing more.`, index);
    // T1: time never goes backwards.
    if (lastAt !== undefined && at < lastAt) report('T1', `${event.type} at ${data.at} is earlier than the event before it.`, index);
    lastAt = lastAt === undefined ? at : Math.max(lastAt, at);

    // I1 (and the shape of one command): a command's events are contiguous and appear once.
    const first = group[0]?.event;
    if (first !== undefined && first.data.commandId !== data.commandId) closeCommand(statusBefore);
    if (group.length === 0) {
      if (seenCommands.has(data.commandId)) {
        report('I1', `Command ${data.commandId} appears again after other commands; a repeated command must append nothing.`, index);
      }
      seenCommands.add(data.commandId);
    } else {
      if (group.some((g) => g.event.type === event.type)) {
        report('I1', `Command ${data.commandId} emitted ${event.type} twice; a repeated command must append nothing.`, index);
      }
      const head = group[0]!.event.data;
      if (head.by.role !== data.by.role || head.by.id !== data.by.id) {
        report('A1', `The events of command ${data.commandId} do not carry the same actor.`, index);
      }
      if (head.at !== data.at) report('T1', `The events of command ${data.commandId} do not carry the same instant.`, index);
    }

    // A2: the parties are the order's.
    if (data.by.role === 'buyer' && data.by.id !== d.buyerId) report('A2', `${data.by.id} acted as buyer, but the order's buyer is ${d.buyerId}.`, index);
    if (data.by.role === 'seller' && data.by.id !== d.sellerId) report('A2', `${data.by.id} acted as seller, but the order's seller is ${d.sellerId}.`, index);
    // A1: roles.
    if (data.by.role === 'mediator' && (data.by.id === d.buyerId || data.by.id === d.sellerId)) {
      report('A1', `${data.by.id} is a party to this dispute and cannot act as its mediator.`, index);
    }
    const problem = roleProblem(event, policy);
    if (problem !== undefined) report('A1', problem, index);

    // M1: every amount within the refundable cap.
    const capped = cappedAmountOf(event);
    if (capped !== undefined && capped.amount > d.refundable) {
      report('M1', `${event.type} carries ${fmt(capped)}, more than the ${d.refundable} refundable.`, index);
    }

    group.push({ event, index });
    applyEvent(event, index, d, statusBefore, at);
  };

  /** The per-type rules, and the auditor's own tracking of proposals, deadlines and money. */
  const applyEvent = (event: DisputeEvent, index: number, d: Dispute, statusBefore: DisputeStatus, at: number): void => {
    const policy = d.policy;
    // Deadlines this event stops, before it starts its own.
    switch (event.type) {
      case 'ProposalMade':
      case 'ProposalRejected': {
        // Before escalation a party's move stops the deadline that was waiting for that party.
        const role = event.data.by.role;
        if (!t.escalated && role === 'buyer') stopKinds('BUYER_RESPONSE');
        if (!t.escalated && role === 'seller') stopKinds('SELLER_RESPONSE');
        break;
      }
      case 'EvidenceSubmitted':
        if (event.data.answersRequestId !== undefined && PARTIES.includes(event.data.by.role)) {
          stopSlot('EVIDENCE_REQUEST', event.data.by.role as Party);
        }
        break;
      case 'Escalated':
      case 'ReturnRequested':
      case 'Resolved':
      case 'DisputeCancelled':
      case 'DisputeClosed':
        t.running = [];
        break;
      case 'ReturnShipped':
        stopKinds('RETURN_SHIPMENT');
        break;
      case 'ReturnReceived':
        stopKinds('RETURN_RECEIPT');
        break;
      default:
        break;
    }

    // Deadlines this event starts (T1, T3).
    const started = startedBy(event);
    const startable = startableBy(event, t.escalated);
    const startedSlots = new Set<string>();
    for (const deadline of started) {
      if (millisOf(deadline.dueAt) <= at) {
        report('T1', `${event.type} starts a ${describeSlot(deadline)} deadline due at ${deadline.dueAt}, not later than the event itself.`, index);
      }
      if (!startable.some((s) => slotKey(s) === slotKey(deadline))) {
        report('T3', `${event.type} cannot start a ${describeSlot(deadline)} deadline.`, index);
      }
      if (startedSlots.has(slotKey(deadline))) report('T3', `${event.type} starts two ${describeSlot(deadline)} deadlines.`, index);
      startedSlots.add(slotKey(deadline));
      if (!RESTARTABLE.includes(deadline.kind) && t.running.some((r) => slotKey(r) === slotKey(deadline))) {
        report('T3', `${event.type} starts a second ${describeSlot(deadline)} deadline while one is running.`, index);
      }
      t.running = [...t.running.filter((r) => slotKey(r) !== slotKey(deadline)), deadline];
    }

    switch (event.type) {
      case 'DisputeOpened':
        report('S1', 'A second DisputeOpened: a stream holds exactly one dispute, opened by its first event.', index);
        break;
      case 'ProposalMade': {
        const e = event.data;
        if (t.settled) report('S5', 'A proposal was made after the dispute was settled by an acceptance or a ruling.', index);
        if (e.by.role === 'mediator' && statusBefore !== 'UNDER_MEDIATION') {
          report('S8', `A mediator made a proposal while the dispute was ${statusBefore}, not under mediation.`, index);
        }
        if (t.proposals.has(e.proposalId)) {
          report('S6', `Proposal id ${e.proposalId} is used twice.`, index);
          break;
        }
        const author = authorOf(e.by.role);
        const previous = t.current[author];
        const superseded = previous === undefined ? undefined : t.proposals.get(previous);
        if (superseded !== undefined && superseded.status === 'OPEN') superseded.status = 'SUPERSEDED';
        t.proposals.set(e.proposalId, { author, amount: e.amount, returnRequired: e.returnRequired, status: 'OPEN' });
        t.current[author] = e.proposalId;
        break;
      }
      case 'ProposalAccepted': {
        const e = event.data;
        if (t.acceptances > 0) report('S5', 'A second acceptance: at most one proposal is ever accepted.', index);
        if (t.rulings.DISPUTE + t.rulings.RETURN > 0) report('S5', 'A proposal was accepted after a ruling.', index);
        t.acceptances += 1;
        t.settled = true;
        const proposal = t.proposals.get(e.proposalId);
        if (proposal === undefined) {
          report('S6', `Proposal ${e.proposalId} was accepted but was never made.`, index);
          break;
        }
        if (proposal.status !== 'OPEN') report('S6', `Proposal ${e.proposalId} was accepted while ${proposal.status.toLowerCase()}.`, index);
        const accepter = e.by.role === 'system' ? e.onBehalfOf : e.by.role;
        if (accepter !== undefined && accepter === proposal.author) {
          report('S6', `The ${accepter} accepted their own proposal ${e.proposalId}.`, index);
        }
        if (proposal.author === 'mediator' && (accepter === 'buyer' || accepter === 'seller') && !policy.mediatorProposalBindingOn.includes(accepter)) {
          report('S6', `Under the ${policy.name} policy the ${accepter}'s acceptance of a mediator's proposal is not binding.`, index);
        }
        if (!sameMoney(proposal.amount, e.amount) || proposal.returnRequired !== e.returnRequired) {
          report('S6', `The acceptance of ${e.proposalId} does not carry the proposal's terms (${fmt(proposal.amount)}, return ${proposal.returnRequired}).`, index);
        }
        proposal.status = 'ACCEPTED';
        break;
      }
      case 'ProposalRejected': {
        const e = event.data;
        if (t.settled) report('S5', 'A proposal was rejected after the dispute was settled.', index);
        const proposal = t.proposals.get(e.proposalId);
        if (proposal === undefined) {
          report('S6', `Proposal ${e.proposalId} was rejected but was never made.`, index);
          break;
        }
        if (proposal.status !== 'OPEN') report('S6', `Proposal ${e.proposalId} was rejected while ${proposal.status.toLowerCase()}.`, index);
        if (authorOf(e.by.role) === proposal.author) report('S6', `The ${proposal.author} rejected their own proposal ${e.proposalId}.`, index);
        proposal.status = 'REJECTED';
        break;
      }
      case 'EvidenceRequested':
        if (statusBefore !== 'UNDER_MEDIATION') report('S8', `Evidence was requested while the dispute was ${statusBefore}, not under mediation.`, index);
        break;
      case 'Escalated': {
        const reason = event.data.reason;
        if (RETURN_PHASE_REASONS.includes(reason)) {
          if (t.returnEscalated) report('S4', 'A second escalation about the return.', index);
          if (t.pendingReturn === undefined || !t.pendingReturn.shipped) {
            report('S4', `A ${reason} escalation without a shipped return.`, index);
          }
          t.returnEscalated = true;
          t.round = 'RETURN';
        } else {
          if (t.escalated) report('S4', `A second escalation (${reason}); the dispute escalates once, a second time only about a return.`, index);
          if (!NEGOTIATING.includes(statusBefore)) report('S4', `An escalation (${reason}) while the dispute was ${statusBefore}, not negotiating.`, index);
          if (t.settled && MANUAL_REASONS.includes(reason)) report('S5', 'A manual escalation after the dispute was settled.', index);
          t.round = 'DISPUTE';
        }
        t.escalated = true;
        break;
      }
      case 'RulingIssued': {
        const e = event.data;
        if (statusBefore !== 'UNDER_MEDIATION') report('S8', `A ruling was issued while the dispute was ${statusBefore}, not under mediation.`, index);
        const round = t.round;
        if (round !== undefined) {
          if (t.rulings[round] > 0) report('S5', `A second ruling in the ${round} mediation round.`, index);
          if (e.round !== round) report('S5', `The ruling says it belongs to the ${e.round} round, but the ${round} round is under way.`, index);
          if (round === 'DISPUTE' && t.acceptances > 0) report('S5', 'A ruling after a proposal was accepted.', index);
          t.rulings[round] += 1;
        }
        if (e.outcome === 'SELLER_FAVOUR' && (e.refund.amount !== 0 || e.returnRequired)) {
          report('M4', 'A ruling in the seller\'s favour must refund nothing and require no return.', index);
        }
        if (e.outcome === 'BUYER_FAVOUR' && e.refund.amount === 0) report('M4', 'A ruling in the buyer\'s favour must refund more than zero.', index);
        t.settled = true;
        break;
      }
      case 'ReturnRequested': {
        const cause = inCommand('ProposalAccepted') ?? inCommand('RulingIssued');
        const terms = cause?.type === 'ProposalAccepted' ? cause.data.amount : cause?.type === 'RulingIssued' ? cause.data.refund : undefined;
        if (terms !== undefined && !sameMoney(terms, event.data.refund)) {
          report('M3', `The return request carries ${fmt(event.data.refund)}, not the settled ${fmt(terms)}.`, index);
        }
        if (t.pendingReturn !== undefined) report('S7', 'A second return request.', index);
        t.pendingReturn = { refund: event.data.refund, shipped: false };
        break;
      }
      case 'ReturnShipped':
        if (t.pendingReturn === undefined || t.pendingReturn.shipped || statusBefore !== 'AWAITING_RETURN_SHIPMENT') {
          report('S7', `A return was shipped while the dispute was ${statusBefore}, with no return waiting to be shipped.`, index);
        }
        if (t.pendingReturn !== undefined) t.pendingReturn.shipped = true;
        break;
      case 'ReturnReceived':
        if (t.pendingReturn === undefined || !t.pendingReturn.shipped || statusBefore !== 'AWAITING_RETURN_RECEIPT') {
          report('S7', 'A return was received that had not been shipped.', index);
        }
        break;
      case 'DeadlineExpired': {
        const e = event.data;
        const key = expiryKey(e);
        const running = t.running.find((r) => expiryKey(r) === key);
        if (t.expired.has(key)) report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired twice.`, index);
        else if (running === undefined) report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired, but no such deadline was running.`, index);
        if (at < millisOf(e.dueAt)) report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired early, at ${e.at}.`, index);
        t.expired.add(key);
        stopSlot(e.kind, e.party);
        break;
      }
      case 'Resolved':
        checkResolution(event, index, d);
        break;
      case 'RefundIssued': {
        const e = event.data;
        if (t.cancelled) report('M4', 'A refund was issued in a cancelled dispute.', index);
        if (t.resolved?.outcome === 'SELLER_FAVOUR') report('M4', 'A refund was issued in a dispute resolved in the seller\'s favour.', index);
        if (t.refunds.length > 0) report('M3', 'A second RefundIssued: a dispute refunds at most once.', index);
        if (t.resolved === undefined) report('M3', 'A refund was issued before the dispute was resolved.', index);
        else if (t.resolved.outcome === 'BUYER_FAVOUR' && !sameMoney(t.resolved.refund, e.amount)) {
          report('M3', `The refund of ${fmt(e.amount)} differs from the resolved ${fmt(t.resolved.refund)}.`, index);
        }
        if (e.idempotencyKey !== `dispute:${d.disputeId}:refund`) {
          report('M3', `The refund's idempotency key is ${e.idempotencyKey}, not dispute:${d.disputeId}:refund.`, index);
        }
        t.refunds.push(e.amount);
        const total = t.refunds.reduce((sum, m) => sum + m.amount, 0);
        if (total > d.refundable) report('M1', `Refunds total ${total}, more than the ${d.refundable} refundable.`, index);
        break;
      }
      case 'DisputeCancelled':
        if (t.settled) report('S5', 'The dispute was cancelled after it was settled.', index);
        if (t.resolved !== undefined) report('S3', 'The dispute was cancelled after it was resolved.', index);
        if (t.cancelled) report('S3', 'The dispute was cancelled twice.', index);
        t.cancelled = true;
        break;
      case 'DisputeClosed':
        checkClosing(event, index, d);
        break;
      default:
        break;
    }
  };

  const checkResolution = (event: EventOf<'Resolved'>, index: number, d: Dispute): void => {
    const e = event.data;
    if (t.resolved !== undefined) report('S3', 'The dispute was resolved twice.', index);
    if (t.cancelled) report('S3', 'The dispute was resolved after it was cancelled.', index);
    if ((e.outcome === 'BUYER_FAVOUR') !== e.refund.amount > 0) {
      report('M4', `A ${e.outcome} resolution refunds ${fmt(e.refund)}; the buyer's favour means a refund above zero, the seller's none.`, index);
    }
    if (e.isFullRefund !== (e.refund.amount === d.refundable)) {
      report('M1', `The resolution says isFullRefund = ${e.isFullRefund}, but it refunds ${e.refund.amount} of ${d.refundable}.`, index);
    }
    // M3: the resolved amount is the amount that was agreed, ruled or returned for.
    const acceptance = inCommand('ProposalAccepted');
    const ruling = inCommand('RulingIssued');
    const expected =
      acceptance?.type === 'ProposalAccepted'
        ? acceptance.data.amount
        : ruling?.type === 'RulingIssued'
          ? ruling.data.refund
          : e.basis === 'RETURN_CONFIRMED' || e.basis === 'RETURN_RECEIPT_SILENCE'
            ? t.pendingReturn?.refund
            : { amount: 0 as Money['amount'], currency: d.currency };
    if (expected !== undefined && !sameMoney(expected, e.refund)) {
      report('M3', `The resolution refunds ${fmt(e.refund)}, but ${fmt(expected)} was settled.`, index);
    }
    // S7: a refund that needs a return comes after the return.
    const terms = acceptance?.type === 'ProposalAccepted' ? acceptance.data : ruling?.type === 'RulingIssued' ? { ...ruling.data, amount: ruling.data.refund } : undefined;
    if (e.outcome === 'BUYER_FAVOUR') {
      if (terms !== undefined && terms.returnRequired && terms.amount.amount > 0) {
        report('S7', 'The settled terms need a return, but the dispute was resolved for the buyer without one.', index);
      } else if (t.pendingReturn !== undefined) {
        const received = inCommand('ReturnReceived', (x) => x.type === 'ReturnReceived' && x.data.condition === 'AS_EXPECTED') !== undefined;
        const receiptSilence = expiryInCommand('RETURN_RECEIPT') && d.policy.onReturnReceiptSilence === 'AUTO_REFUND';
        const returnRuling = ruling !== undefined && t.round === 'RETURN';
        if (!t.pendingReturn.shipped || !(received || receiptSilence || returnRuling)) {
          report('S7', 'The dispute was resolved for the buyer before the return was shipped and received as expected (or its receipt deadline passed).', index);
        }
      } else if (e.basis === 'RETURN_CONFIRMED' || e.basis === 'RETURN_RECEIPT_SILENCE') {
        report('S7', `A ${e.basis} resolution without any return.`, index);
      }
    }
    t.resolved = { outcome: e.outcome, refund: e.refund };
    t.settled = true;
  };

  const checkClosing = (event: EventOf<'DisputeClosed'>, index: number, d: Dispute): void => {
    const e = event.data;
    if (t.closed) report('S2', 'DisputeClosed appears twice.', index);
    if (t.resolved === undefined && !t.cancelled) report('S3', 'The dispute closed with neither a resolution nor a cancellation.', index);
    const refund = t.refunds[0];
    const refunded = e.refunded.amount;
    switch (e.outcome) {
      case 'REFUNDED_FULL':
      case 'REFUNDED_PARTIAL': {
        const full = e.outcome === 'REFUNDED_FULL';
        if (refund === undefined) report('M4', `The dispute closed as ${e.outcome} without any refund issued.`, index);
        else if (refunded !== refund.amount) report('M4', `The dispute closed saying ${refunded} was refunded, but ${refund.amount} was.`, index);
        if (full ? refunded !== d.refundable : refunded <= 0 || refunded >= d.refundable) {
          report('M4', `The dispute closed as ${e.outcome} with ${refunded} refunded of ${d.refundable}.`, index);
        }
        break;
      }
      case 'SELLER_FAVOUR':
        if (t.resolved?.outcome !== 'SELLER_FAVOUR') report('M4', 'The dispute closed in the seller\'s favour without a resolution in the seller\'s favour.', index);
        if (refund !== undefined || refunded !== 0) report('M4', 'The dispute closed in the seller\'s favour but records a refund.', index);
        break;
      case 'CANCELLED_BY_BUYER':
        if (!t.cancelled) report('M4', 'The dispute closed as cancelled without a cancellation.', index);
        if (refund !== undefined || refunded !== 0) report('M4', 'The dispute closed as cancelled but records a refund.', index);
        break;
      default:
        break;
    }
    t.closed = true;
  };

  for (const entry of history) {
    position += 1;
    const index = position;
    const versioned = isVersioned(entry);
    const raw: unknown = versioned ? entry.event : entry;
    if (versioned) {
      if (entry.version !== expectedVersion) {
        report('S1', `The event at position ${index} has version ${String(entry.version)}, not ${expectedVersion}; versions must run 1..n without gaps.`, index);
      }
      // After a wrong version, go on from the one seen, so that one gap is reported once, not at every later event.
      expectedVersion = (typeof entry.version === 'number' && Number.isSafeInteger(entry.version) ? entry.version : expectedVersion) + 1;
    } else expectedVersion += 1;
    const type = isRecord(raw) ? raw.type : undefined;
    if (!isRecord(raw) || !isEventType(type)) {
      report('S1', `The entry at position ${index} is not a dispute event (type ${JSON.stringify(type) ?? 'missing'}).`, index);
      continue;
    }
    // M2, read defensively so that malformed amounts are named as money problems.
    const data = isRecord(raw.data) ? raw.data : {};
    let moneyProblems = 0;
    const currency = dispute?.currency ?? (type === 'DisputeOpened' && isRecord(data.order) && isRecord(data.order.paid) ? data.order.paid.currency : undefined);
    for (const [path, value] of moneyFieldsOf(type, data)) {
      const amount = isRecord(value) ? value.amount : undefined;
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
        report('M2', `${type}.${path} is ${JSON.stringify(amount) ?? 'missing'}, not a safe integer ≥ 0 of minor units.`, index);
        moneyProblems += 1;
      } else if (isRecord(value) && currency !== undefined && value.currency !== currency) {
        report('M2', `${type}.${path} is in ${String(value.currency)}, but the dispute is in ${String(currency)}.`, index);
        moneyProblems += 1;
      }
    }
    if (!(eventCodecs[type] as { is(u: unknown): boolean }).is(raw)) {
      if (moneyProblems === 0) report('S1', `The ${type} at position ${index} is not well-formed.`, index);
      continue;
    }
    const event = raw as unknown as DisputeEvent;
    const statusBefore = state.status;
    state = evolve(state, event);

    if (dispute === undefined) {
      if (event.type !== 'DisputeOpened') {
        report('S1', `The history starts with ${event.type}; the first event must be DisputeOpened.`, index);
        continue;
      }
      dispute = openDispute(event, index);
      group = [{ event, index }];
      seenCommands.add(event.data.commandId);
      lastAt = millisOf(event.data.at);
      const problem = roleProblem(event, dispute.policy);
      if (problem !== undefined) report('A1', problem, index);
      if (event.data.by.role === 'buyer' && event.data.by.id !== dispute.buyerId) {
        report('A2', `${event.data.by.id} opened the dispute, but the order's buyer is ${dispute.buyerId}.`, index);
      }
      applyOpening(event, index);
      continue;
    }
    checkEvent(event, index, dispute, statusBefore);
    if (t.escalated && NEGOTIATING.includes(state.status)) {
      report('S4', `After the escalation the dispute went back to ${state.status}.`, index);
    }
  }
  closeCommand(state.status);
  return violations;

  function openDispute(event: EventOf<'DisputeOpened'>, index: number): Dispute {
    const e = event.data;
    const { paid, alreadyRefunded } = e.order;
    if (alreadyRefunded.amount > paid.amount) report('M1', `The order says ${alreadyRefunded.amount} was refunded of ${paid.amount} paid.`, index);
    if (e.refundable.amount !== paid.amount - alreadyRefunded.amount) {
      report('M1', `The refundable ${e.refundable.amount} is not paid − already refunded (${paid.amount} − ${alreadyRefunded.amount}).`, index);
    }
    if (e.refundable.amount <= 0) report('M1', 'Nothing was refundable when the dispute opened.', index);
    if (e.requested.amount <= 0 || e.requested.amount > e.refundable.amount) {
      report('M1', `The buyer asked for ${e.requested.amount}, which is not within 1..${e.refundable.amount}.`, index);
    }
    return {
      disputeId: e.disputeId,
      buyerId: e.order.buyerId,
      sellerId: e.order.sellerId,
      currency: paid.currency,
      refundable: e.refundable.amount,
      policy: e.policy,
    };
  }

  function applyOpening(event: EventOf<'DisputeOpened'>, index: number): void {
    const e = event.data;
    t.proposals.set(e.proposalId, {
      author: 'buyer',
      amount: e.requested,
      returnRequired: e.kind === 'RETURN_AND_REFUND',
      status: 'OPEN',
    });
    t.current.buyer = e.proposalId;
    const startable = startableBy(event, false);
    const slots = new Set<string>();
    for (const deadline of e.deadlines) {
      if (millisOf(deadline.dueAt) <= millisOf(e.at)) {
        report('T1', `DisputeOpened starts a ${describeSlot(deadline)} deadline due at ${deadline.dueAt}, not later than the opening.`, index);
      }
      if (!startable.some((s) => slotKey(s) === slotKey(deadline))) report('T3', `DisputeOpened cannot start a ${describeSlot(deadline)} deadline.`, index);
      if (slots.has(slotKey(deadline))) report('T3', `DisputeOpened starts two ${describeSlot(deadline)} deadlines.`, index);
      slots.add(slotKey(deadline));
    }
    t.running = e.deadlines.filter((dl, i) => e.deadlines.findIndex((x) => slotKey(x) === slotKey(dl)) === i);
  }
};

/** What M5 needs from one dispute of an order. */
interface OrderDispute {
  readonly position: number;
  readonly orderId: string;
  readonly paid: Money;
  readonly alreadyRefunded: Money;
  readonly openedAt: number;
  readonly closedAt: number | undefined;
  readonly refunded: number;
  readonly maxDisputes: number;
}

const summarise = (history: Iterable<HistoryEntry>, position: number): OrderDispute | undefined => {
  let opened: EventOf<'DisputeOpened'> | undefined;
  let closedAt: number | undefined;
  let refunded = 0;
  for (const entry of history) {
    const raw: unknown = isVersioned(entry) ? entry.event : entry;
    if (!isRecord(raw) || !isEventType(raw.type) || !(eventCodecs[raw.type] as { is(u: unknown): boolean }).is(raw)) continue;
    const event = raw as unknown as DisputeEvent;
    if (event.type === 'DisputeOpened' && opened === undefined) opened = event;
    if (event.type === 'RefundIssued') refunded += event.data.amount.amount;
    if (event.type === 'DisputeClosed' && closedAt === undefined) closedAt = millisOf(event.data.at);
  }
  if (opened === undefined) return undefined;
  const o = opened.data;
  return {
    position,
    orderId: o.order.orderId,
    paid: o.order.paid,
    alreadyRefunded: o.order.alreadyRefunded,
    openedAt: millisOf(o.at),
    closedAt,
    refunded,
    maxDisputes: o.policy.maxDisputesPerOrder,
  };
};

/**
 * Checks the disputes of one order against M5: each later dispute snapshots an `alreadyRefunded` at
 * least the first's plus what the earlier disputes refunded, the order's total refunded never exceeds
 * what was paid, at most one dispute is open at a time, and no more are opened than the policy's
 * `maxDisputesPerOrder`. Histories are taken in the order they were opened; a violation's `index`
 * is the position of the offending history in `histories`. Run `checkHistory` on each for the rest.
 */
export const checkOrderHistories = (histories: ReadonlyArray<Iterable<HistoryEntry>>): ReadonlyArray<Violation> => {
  const violations: Violation[] = [];
  const report = (message: string, index: number): void => {
    violations.push({ rule: 'M5', message, index });
  };
  const disputes = histories
    .map((history, position) => summarise(history, position))
    .filter((d): d is OrderDispute => d !== undefined)
    .sort((a, b) => a.openedAt - b.openedAt || a.position - b.position);
  const first = disputes[0];
  if (first === undefined) return violations;
  let refundedBefore = 0;
  disputes.forEach((d, k) => {
    if (d.orderId !== first.orderId) report(`History ${d.position} is about order ${d.orderId}, not ${first.orderId}.`, d.position);
    if (!sameMoney(d.paid, first.paid)) report(`History ${d.position} says ${fmt(d.paid)} was paid, the first dispute ${fmt(first.paid)}.`, d.position);
    if (d.alreadyRefunded.currency !== first.paid.currency) {
      report(`History ${d.position} counts refunds in ${d.alreadyRefunded.currency}, not ${first.paid.currency}.`, d.position);
    }
    if (k > 0) {
      const floor = first.alreadyRefunded.amount + refundedBefore;
      if (d.alreadyRefunded.amount < floor) {
        report(
          `Dispute ${k + 1} of the order snapshots ${d.alreadyRefunded.amount} already refunded, less than the ${floor} refunded before it.`,
          d.position,
        );
      }
      const previous = disputes[k - 1]!;
      if (previous.closedAt === undefined || previous.closedAt > d.openedAt) {
        report(`Dispute ${k + 1} of the order opened while dispute ${k} (history ${previous.position}) was still open.`, d.position);
      }
    }
    if (k + 1 > d.maxDisputes) report(`Dispute ${k + 1} of the order exceeds its policy's maxDisputesPerOrder of ${d.maxDisputes}.`, d.position);
    refundedBefore += d.refunded;
  });
  const total = first.alreadyRefunded.amount + refundedBefore;
  if (total > first.paid.amount) {
    report(`The order's refunds total ${total}, more than the ${first.paid.amount} paid.`, disputes[disputes.length - 1]!.position);
  }
  return violations;
};
