import { parseInstantMillis } from '../codecs/instant';
import { checkHistory, type Violation } from '../dispute/invariants';
import { evolve } from '../dispute/evolve';
import { initialState, type DisputeState } from '../dispute/state';
import type { DisputeEvent } from '../dispute/events';
import { asOf as historyAsOf } from './asOf';
import { decodeRecords, type AuditRecord } from './auditRecords';
import { deadlinesOf, type DeadlineRecord } from './deadlineHistory';
import { snapshotState, type StateSnapshot } from './stateSnapshot';
import { timelineOf, type TimelineEntry } from './timeline';
import { createChainVerifier, type ChainVerification, type EventLocation } from './verifyChain';
import type { ChainHead } from './eventHash';
import { disputeIdOfStream } from '../eventStore/streamIds';
import type { Money } from '../money/money';

/** A rule violation `checkHistory` found, with the stream version of the offending event. */
export interface AuditViolation extends Violation {
  readonly version?: number;
}

/** A stored event that is not a valid dispute event. */
export interface CorruptRecord {
  readonly version: number;
  readonly globalPosition?: number;
  readonly message: string;
}

/** The state after one event of the timeline. */
export interface StateAfterEvent {
  readonly version: number;
  readonly state: StateSnapshot;
}

/** What the dispute is about, from its `DisputeOpened`. */
export interface DisputeSubject {
  readonly orderId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly paid: Money;
  readonly refundable: Money;
  readonly kind: string;
  readonly reason: string;
  /** The name of the policy in force. */
  readonly policy: string;
  readonly openedAt: string;
}

/** Everything an auditor asks of one dispute's stored history. */
export interface DisputeAudit {
  readonly streamId: string;
  /** From the events (or the stream id when none decodes). */
  readonly disputeId: string;
  /** The order, parties and policy, when the stream starts with a valid `DisputeOpened`. */
  readonly subject?: DisputeSubject;
  /** The instant the audit shows the dispute at, when asked (`asOf`). */
  readonly asOf?: string;
  /** Events in the stream. */
  readonly storedEvents: number;
  /** Events shown (those up to `asOf`). */
  readonly shownEvents: number;
  /** When, who, what, money: one entry per shown event. */
  readonly timeline: ReadonlyArray<TimelineEntry>;
  /** The state after each shown event (until the first event that does not decode: a hole cannot be folded). */
  readonly states: ReadonlyArray<StateAfterEvent>;
  /** The state after the last folded event. */
  readonly finalState: StateSnapshot;
  /** Every deadline, and what fired or stopped it. */
  readonly deadlines: ReadonlyArray<DeadlineRecord>;
  /** Stored events that do not decode. */
  readonly corrupt: ReadonlyArray<CorruptRecord>;
  /** Rule violations of the shown events (process rules §7, `checkHistory`). */
  readonly violations: ReadonlyArray<AuditViolation>;
  /** The hash chain of the whole stream (also past `asOf`: tampering is not a matter of time). */
  readonly chain: ChainVerification;
  /** True when every event decodes, no rule is broken and the chain holds. */
  readonly clean: boolean;
}

/** Options of `auditDispute`. */
export interface AuditOptions {
  /** Show the dispute as it stood at this ISO-8601 instant (see `asOf`). */
  readonly asOf?: string;
  /** Heads recorded earlier, to catch a truncated or rewritten stream (see `createChainVerifier`). */
  readonly heads?: Iterable<ChainHead>;
  /** Events of the stream the store could not read back (they are holes in the history). */
  readonly unreadable?: ReadonlyArray<{ readonly location: EventLocation; readonly why: string }>;
}

/** The stand-in of an event the store could not read: no type, no data, and why. */
const UNREADABLE_TYPE = '(unreadable)';

const subjectOf = (events: ReadonlyArray<DisputeEvent>): DisputeSubject | undefined => {
  const first = events[0];
  if (first?.type !== 'DisputeOpened') return undefined;
  const d = first.data;
  return {
    orderId: d.order.orderId,
    buyerId: d.order.buyerId,
    sellerId: d.order.sellerId,
    paid: d.order.paid,
    refundable: d.refundable,
    kind: d.kind,
    reason: `${d.reason.group}/${d.reason.code}`,
    policy: d.policy.name,
    openedAt: d.at,
  };
};

const disputeIdOf = (streamId: string, events: ReadonlyArray<DisputeEvent>): string =>
  events[0]?.data.disputeId ?? disputeIdOfStream(streamId) ?? streamId;

/**
 * Audits one dispute's stored events (its stream, in version order): the timeline, the state after
 * each event, the deadlines and what fired them, the rule violations `checkHistory` finds, and the
 * hash chain check; with `asOf`, as the dispute stood at that instant. Pure; an `asOf` that is not
 * an instant is a programmer error and throws a `RangeError` (check it with `parseInstantMillis`).
 */
export const auditDispute = (streamId: string, stored: ReadonlyArray<AuditRecord>, options: AuditOptions = {}): DisputeAudit => {
  const holes = new Map((options.unreadable ?? []).map((u) => [u.location.version, u]));
  const records: ReadonlyArray<AuditRecord> =
    holes.size === 0
      ? stored
      : [
          ...stored,
          ...[...holes.values()].map(({ location }) => ({
            ...location,
            type: UNREADABLE_TYPE,
            data: null,
            metadata: { eventId: '', commandId: '', recordedAt: '', schemaVersion: 0 },
          })),
        ].sort((a, b) => a.version - b.version);
  const shown = options.asOf === undefined ? records : historyAsOf(records, options.asOf);
  if (shown === undefined) throw new RangeError(`auditDispute(): asOf must be an ISO-8601 instant, got ${JSON.stringify(options.asOf)}`);
  const decoded = decodeRecords(shown).map((d) => {
    const hole = d.record.type === UNREADABLE_TYPE ? holes.get(d.record.version) : undefined;
    return hole === undefined ? d : { record: d.record, problem: `cannot be read back from the store (${hole.why})` };
  });
  const valid = decoded.flatMap(({ record, event }) => (event === undefined ? [] : [{ version: record.version, event }]));

  const states: StateAfterEvent[] = [];
  let state: DisputeState = initialState;
  for (const { record, event } of decoded) {
    if (event === undefined) break;
    state = evolve(state, event);
    states.push({ version: record.version, state: snapshotState(state) });
  }
  const folded = states.length === decoded.length ? valid : valid.slice(0, states.length);

  const violations = checkHistory(valid).map((violation): AuditViolation => {
    const version = violation.index === undefined ? undefined : valid[violation.index]?.version;
    return version === undefined ? violation : { ...violation, version };
  });
  const corrupt = decoded.flatMap(({ record, problem }): CorruptRecord[] =>
    problem === undefined
      ? []
      : [{ version: record.version, ...(record.globalPosition === undefined ? {} : { globalPosition: record.globalPosition }), message: problem }],
  );
  const heads = options.heads === undefined ? undefined : [...options.heads].filter((head) => head.streamId === streamId);
  const verifier = createChainVerifier(heads === undefined ? {} : { heads });
  for (const record of records) {
    const hole = record.type === UNREADABLE_TYPE ? holes.get(record.version) : undefined;
    if (hole === undefined) verifier.push(record);
    else verifier.unreadable(hole.location, hole.why);
  }
  const chain = verifier.result();
  const events = valid.map((v) => v.event);
  const subject = subjectOf(events);
  return {
    streamId,
    disputeId: disputeIdOf(streamId, events),
    ...(subject === undefined ? {} : { subject }),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    storedEvents: records.length,
    shownEvents: shown.length,
    timeline: timelineOf(decoded),
    states,
    finalState: snapshotState(state),
    deadlines: deadlinesOf(folded, options.asOf),
    corrupt,
    violations,
    chain,
    clean: corrupt.length === 0 && violations.length === 0 && chain.ok,
  };
};

/** True when `text` is an ISO-8601 instant `auditDispute` accepts as `asOf`. */
export const isAuditInstant = (text: string): boolean => parseInstantMillis(text) !== undefined;
