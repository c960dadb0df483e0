import { millisOf } from '../../codecs/instant';
import type { DisputeEvent, EventOf, EventType } from '../events';
import type { DisputeStatus } from '../state';
import type { Deadline, DeadlineKind, Party, Role } from '../vocabulary';
import { describeSlot, expiryKey, report, slotKey, type Audit, type EventCheck, type Slot, type Tracking } from './audit';

/** The deadline rules T1–T3: deadlines start later than their event, only the right ones start, one runs per slot, expiries are real. */

/** Whether a deadline of each kind may start again while one runs (a party's reply restarts the other's clock). */
const RESTARTABLE: Readonly<Record<DeadlineKind, boolean>> = {
  SELLER_RESPONSE: true,
  BUYER_RESPONSE: true,
  NEGOTIATION_WINDOW: false,
  EVIDENCE_REQUEST: false,
  RETURN_SHIPMENT: false,
  RETURN_RECEIPT: false,
  REFUND_DUE: false,
  REPRESENTMENT: false,
};

/** The deadline kinds that lead out of each waiting state when they expire (process rules §3 and §6). */
const WAYS_OUT: Partial<Record<DisputeStatus, ReadonlyArray<DeadlineKind>>> = {
  AWAITING_SELLER: ['SELLER_RESPONSE', 'NEGOTIATION_WINDOW'],
  AWAITING_BUYER: ['BUYER_RESPONSE', 'NEGOTIATION_WINDOW'],
  AWAITING_RETURN_SHIPMENT: ['RETURN_SHIPMENT'],
  AWAITING_RETURN_RECEIPT: ['RETURN_RECEIPT'],
};

const PARTIES: ReadonlyArray<Role> = ['buyer', 'seller'];

/** What an event of one type does to deadlines: which it stops, which it carries, which it may start (process rules §4 and §6). */
interface DeadlineRule<E extends DisputeEvent> {
  readonly stops: (t: Tracking, event: E) => void;
  readonly started: (event: E) => ReadonlyArray<Deadline>;
  readonly startable: (event: E, escalated: boolean) => ReadonlyArray<Slot>;
}

const stopSlot = (t: Tracking, kind: DeadlineKind, party?: Party): void => {
  t.running = t.running.filter((d) => slotKey(d) !== slotKey({ kind, party }));
};
const stopKinds = (t: Tracking, ...kinds: DeadlineKind[]): void => {
  t.running = t.running.filter((d) => !kinds.includes(d.kind));
};
const stopAll = (t: Tracking): void => {
  t.running = [];
};
/** Before escalation a party's move stops the deadline that was waiting for that party. */
const stopOwnResponse = (t: Tracking, event: EventOf<'ProposalMade' | 'ProposalRejected'>): void => {
  const role = event.data.by.role;
  if (!t.escalated && role === 'buyer') stopKinds(t, 'BUYER_RESPONSE');
  if (!t.escalated && role === 'seller') stopKinds(t, 'SELLER_RESPONSE');
};
const stopsNothing = (): void => undefined;
const carried = (event: { readonly data: { readonly deadlines: ReadonlyArray<Deadline> } }): ReadonlyArray<Deadline> => event.data.deadlines;
const none = (): ReadonlyArray<never> => [];

/** Per event type, so that a new event type does not compile until its deadlines are named. */
const DEADLINE_RULES: { readonly [K in EventType]: DeadlineRule<EventOf<K>> } = {
  DisputeOpened: { stops: stopsNothing, started: carried, startable: () => [{ kind: 'SELLER_RESPONSE' }, { kind: 'NEGOTIATION_WINDOW' }] },
  ProposalMade: {
    stops: stopOwnResponse,
    started: carried,
    startable: (e, escalated) =>
      escalated ? [] : e.data.by.role === 'buyer' ? [{ kind: 'SELLER_RESPONSE' }] : e.data.by.role === 'seller' ? [{ kind: 'BUYER_RESPONSE' }] : [],
  },
  ProposalAccepted: { stops: stopsNothing, started: none, startable: none },
  ProposalRejected: {
    stops: stopOwnResponse,
    started: carried,
    startable: (e, escalated) =>
      escalated ? [] : e.data.by.role === 'seller' ? [{ kind: 'BUYER_RESPONSE' }] : e.data.by.role === 'buyer' ? [{ kind: 'SELLER_RESPONSE' }] : [],
  },
  EvidenceSubmitted: {
    stops: (t, e) => {
      if (e.data.answersRequestId !== undefined && PARTIES.includes(e.data.by.role)) stopSlot(t, 'EVIDENCE_REQUEST', e.data.by.role as Party);
    },
    started: none,
    startable: none,
  },
  EvidenceRequested: { stops: stopsNothing, started: carried, startable: (e) => [{ kind: 'EVIDENCE_REQUEST', party: e.data.from }] },
  MessagePosted: { stops: stopsNothing, started: none, startable: none },
  Escalated: { stops: stopAll, started: none, startable: none },
  RulingIssued: { stops: stopsNothing, started: none, startable: none },
  ReturnRequested: { stops: stopAll, started: carried, startable: () => [{ kind: 'RETURN_SHIPMENT' }] },
  ReturnShipped: { stops: (t) => stopKinds(t, 'RETURN_SHIPMENT'), started: carried, startable: () => [{ kind: 'RETURN_RECEIPT' }] },
  ReturnReceived: { stops: (t) => stopKinds(t, 'RETURN_RECEIPT'), started: none, startable: none },
  DeadlineExpired: { stops: stopsNothing, started: none, startable: none },
  Resolved: { stops: stopAll, started: none, startable: none },
  RefundIssued: { stops: stopsNothing, started: none, startable: none },
  RefundFailed: { stops: stopsNothing, started: (e) => e.data.deadlines ?? [], startable: () => [{ kind: 'REFUND_DUE' }] },
  DisputeCancelled: { stops: stopAll, started: none, startable: none },
  DisputeClosed: { stops: stopAll, started: none, startable: none },
  RefundBlocked: { stops: stopAll, started: none, startable: none },
  RefundRetried: { stops: stopsNothing, started: none, startable: none },
  PayoutHoldPlaced: { stops: stopsNothing, started: none, startable: none },
  PayoutHoldReleased: { stops: stopsNothing, started: none, startable: none },
  ExternalRefundRecorded: { stops: stopsNothing, started: none, startable: none },
  RulingRevised: { stops: stopsNothing, started: none, startable: none },
  // The dispute's own deadlines keep running through a chargeback (decision 0006); its decision stops its REPRESENTMENT.
  ChargebackOpened: { stops: stopsNothing, started: carried, startable: () => [{ kind: 'REPRESENTMENT' }] },
  ChargebackDecided: { stops: (t) => stopKinds(t, 'REPRESENTMENT'), started: none, startable: none },
};

const ruleOf = (event: DisputeEvent): DeadlineRule<DisputeEvent> => DEADLINE_RULES[event.type] as DeadlineRule<DisputeEvent>;

/** Stops the deadlines an event ends, then checks and starts the ones it carries (T1, T3). */
export const checkDeadlinesOf = (c: EventCheck, event: DisputeEvent): void => {
  const rule = ruleOf(event);
  rule.stops(c.t, event);
  const startable = rule.startable(event, c.t.escalated);
  const startedSlots = new Set<string>();
  for (const deadline of rule.started(event)) {
    if (millisOf(deadline.dueAt) <= c.at) {
      c.report('T1', `${event.type} starts a ${describeSlot(deadline)} deadline due at ${deadline.dueAt}, not later than the event itself.`);
    }
    if (!startable.some((s) => slotKey(s) === slotKey(deadline))) c.report('T3', `${event.type} cannot start a ${describeSlot(deadline)} deadline.`);
    if (startedSlots.has(slotKey(deadline))) c.report('T3', `${event.type} starts two ${describeSlot(deadline)} deadlines.`);
    startedSlots.add(slotKey(deadline));
    if (!RESTARTABLE[deadline.kind] && c.t.running.some((r) => slotKey(r) === slotKey(deadline))) {
      c.report('T3', `${event.type} starts a second ${describeSlot(deadline)} deadline while one is running.`);
    }
    c.t.running = [...c.t.running.filter((r) => slotKey(r) !== slotKey(deadline)), deadline];
  }
};

/** The deadlines the opening starts (T1, T3): later than the opening, the ones it may start, once each. */
export const startOpeningDeadlines = (audit: Audit, event: EventOf<'DisputeOpened'>, index: number): void => {
  const e = event.data;
  const startable = ruleOf(event).startable(event, false);
  const slots = new Set<string>();
  for (const deadline of e.deadlines) {
    if (millisOf(deadline.dueAt) <= millisOf(e.at)) {
      report(audit, 'T1', `DisputeOpened starts a ${describeSlot(deadline)} deadline due at ${deadline.dueAt}, not later than the opening.`, index);
    }
    if (!startable.some((s) => slotKey(s) === slotKey(deadline))) report(audit, 'T3', `DisputeOpened cannot start a ${describeSlot(deadline)} deadline.`, index);
    if (slots.has(slotKey(deadline))) report(audit, 'T3', `DisputeOpened starts two ${describeSlot(deadline)} deadlines.`, index);
    slots.add(slotKey(deadline));
  }
  audit.t.running = e.deadlines.filter((dl, i) => e.deadlines.findIndex((x) => slotKey(x) === slotKey(dl)) === i);
};

/** T2: a deadline expires once, only if it was running, and not before it was due; then it stops. */
export const checkExpiry = (c: EventCheck, event: EventOf<'DeadlineExpired'>): void => {
  const e = event.data;
  const key = expiryKey(e);
  const running = c.t.running.find((r) => expiryKey(r) === key);
  if (c.t.expired.has(key)) c.report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired twice.`);
  else if (running === undefined) c.report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired, but no such deadline was running.`);
  if (c.at < millisOf(e.dueAt)) c.report('T2', `The ${describeSlot(e)} deadline due at ${e.dueAt} expired early, at ${e.at}.`);
  c.t.expired.add(key);
  stopSlot(c.t, e.kind, e.party);
};

/** T3 at the end of a command: a waiting state keeps a running deadline that leads out of it. */
export const checkWayOut = (audit: Audit, status: DisputeStatus, index: number): void => {
  const ways = WAYS_OUT[status];
  if (ways !== undefined && !audit.t.running.some((d) => ways.includes(d.kind))) {
    report(
      audit,
      'T3',
      `The dispute is left ${status} with no running deadline that leads out of it (expected one of ${ways.join(', ')}; running: ${
        audit.t.running.map(describeSlot).join(', ') || 'none'
      }).`,
      index,
    );
  }
};
