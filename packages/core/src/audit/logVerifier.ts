import * as E from 'fp-ts/lib/Either.js';
import type { DisputeEvent } from '../dispute/events';
import { evolve } from '../dispute/evolve';
import { checkHistory, checkOrderHistories, type InvariantRule } from '../dispute/invariants';
import { parseEvent } from '../dispute/parse';
import { initialState, type DisputeState, type DisputeStatus } from '../dispute/state';
import { parseOrderGuardEvent } from '../orderGuard/internal/eventCodecs';
import type { ChainHead } from './eventHash';
import { createGuardCrossCheck, type GuardRule } from './guardCrossCheck';
import { createSlottedChainVerifier } from './slottedChainVerifier';
import { StreamTable } from './streamTable';
import { disputeIdOfStream, isDisputeStreamId, isOrderGuardStreamId, orderGuardStreamId } from '../eventStore/streamIds';
import type { ChainBreak, ChainedEvent, ChainProblem, EventLocation } from './verifyChain';

/**
 * One thing wrong in a stored log:
 * - `CHAIN`: a broken link of a stream's hash chain (`verifyChain`);
 * - `CORRUPT`: a stored event that does not decode, or sits in the wrong stream;
 * - `RULE`: a violation of the process rules (`checkHistory`, and `checkOrderHistories` for M5), or
 *   a mismatch between an order guard and its disputes (`GuardRule`: G1–G3).
 */
export interface LogFinding {
  readonly kind: 'CHAIN' | 'CORRUPT' | 'RULE';
  readonly streamId: string;
  readonly version?: number;
  readonly globalPosition?: number;
  /** The invariant broken, or the guard cross-check that failed (`RULE` only). */
  readonly rule?: InvariantRule | GuardRule;
  /** What is wrong with the chain (`CHAIN` only). */
  readonly problem?: ChainProblem;
  readonly message: string;
}

/** What a verification found, in counts and findings. */
export interface LogVerification {
  /** Events read. */
  readonly events: number;
  /** Streams seen, by kind: dispute streams, order guard streams (`order-…`), anything else. */
  readonly streams: { readonly disputes: number; readonly orderGuards: number; readonly other: number };
  /** Disputes by the status their history folds to (`CORRUPT` when an event of it does not decode). */
  readonly disputesByStatus: Readonly<Partial<Record<DisputeStatus | 'CORRUPT', number>>>;
  readonly chainBreaks: number;
  readonly corruptEvents: number;
  readonly ruleViolations: number;
  /** The first broken link of a hash chain found, in log order. */
  readonly firstBrokenLink?: ChainBreak;
  /** The findings, in the order found, up to `maxFindings`. */
  readonly findings: ReadonlyArray<LogFinding>;
  /** Findings not kept because there were more than `maxFindings`. */
  readonly findingsOmitted: number;
  /** True when nothing is wrong. */
  readonly clean: boolean;
}

/** Options of `createLogVerifier`. */
export interface LogVerifierOptions {
  /** Heads recorded earlier, kept outside the store (see `createChainVerifier`). */
  readonly heads?: Iterable<ChainHead>;
  /** Most findings kept (default 1,000); the counts always cover all of them. */
  readonly maxFindings?: number;
}

/**
 * A streaming verifier of a whole event log: push the events of the global log in order, then
 * `finish()`. For every stream it checks the hash chain; for dispute streams it also decodes each
 * event, folds it, and checks the process rules with `checkHistory`; for order guard streams it
 * decodes each event.
 *
 * Memory: it keeps a small packed state per stream: its id, one map entry, its version, its last
 * hash (as 32 bytes) and one byte of kind and status; and each dispute's order id (for rule M5). A
 * dispute still open at that point of the log also keeps its decoded events and folded state,
 * because `checkHistory` reads a whole history; they are checked and dropped as soon as the dispute
 * closes (what remains is its chain head and its byte: a later event still breaks its chain or rule
 * S2), and the disputes still open at the end are checked by `finish()`. So memory grows with the
 * number of streams (roughly 150–200 bytes each) and the events of disputes open at the same time,
 * not with the length of the log.
 */
export interface LogVerifier {
  /** Checks the next event of the global log. */
  push(event: ChainedEvent): void;
  /**
   * Records an event the store could not read back (a `CorruptEvent` with its location): a
   * `CORRUPT` finding, and its stream's chain breaks there (`UNREADABLE`).
   */
  unreadable(location: EventLocation, why: string): void;
  /** Checks the disputes still open, and returns the verdict. Call once, after the last event. */
  finish(): LogVerification;
  /** Events pushed so far. */
  readonly count: number;
  /**
   * Orders with more than one dispute, and their dispute streams, known so far. Process rule M5
   * spans the disputes of one order: read those streams again and pass them to `checkOrders`.
   */
  ordersWithSeveralDisputes(): ReadonlyArray<{ readonly orderId: string; readonly streamIds: ReadonlyArray<string> }>;
  /** Checks rule M5 over the full histories of one order's disputes (from `ordersWithSeveralDisputes`). */
  checkOrders(orderId: string, histories: ReadonlyArray<ReadonlyArray<ChainedEvent>>): void;
  /** Every stream's chain head so far (for a broken stream, its last intact event), to keep outside the store. */
  heads(): IterableIterator<ChainHead>;
}

/** The running state of a dispute stream not yet closed and checked. */
interface DisputeRun {
  /** The folded state (undefined once an event of it does not decode). */
  state: DisputeState | undefined;
  /** The decoded events, kept until the dispute closes (then checked and dropped), or until `finish()`. */
  history: Array<{ readonly version: number; readonly event: DisputeEvent }> | undefined;
  status: DisputeStatus | 'CORRUPT';
}


/**
 * The log verifier's byte per stream in the `StreamTable`: the stream's kind (0 until seen), and for
 * a dispute whether it is closed and checked (then only later events matter: they break S2) and
 * whether such an event was reported already. That is all that is kept of a finished dispute.
 */
const KIND = 0b11;
const DISPUTE = 1;
const ORDER_GUARD = 2;
const OTHER = 3;
const CLOSED_CHECKED = 0b100;
const AFTER_CLOSE = 0b1000;

const kindOf = (streamId: string): number => (isDisputeStreamId(streamId) ? DISPUTE : isOrderGuardStreamId(streamId) ? ORDER_GUARD : OTHER);

/** Creates a streaming verifier of a whole log (see `LogVerifier`). */
export const createLogVerifier = (options: LogVerifierOptions = {}): LogVerifier => {
  const maxFindings = options.maxFindings ?? 1000;
  /** Every stream's chain head and the byte above, in one map entry and a few dozen bytes per stream. */
  const table = new StreamTable();
  const chain = createSlottedChainVerifier(table, options.heads === undefined ? {} : { heads: options.heads });
  /** The disputes not yet closed and checked (a closed one is only its byte in `table`). */
  const open = new Map<string, DisputeRun>();
  const streamCounts = { disputes: 0, orderGuards: 0, other: 0 };
  /** Each order's dispute streams: one stream id, or a list once there are several (kept small: most orders have one). */
  const disputesOfOrder = new Map<string, string | string[]>();
  /** Order guards against disputes (G1–G3), checked by `finish()`. */
  const guards = createGuardCrossCheck();
  const findings: LogFinding[] = [];
  let omitted = 0;
  let events = 0;
  let chainBreaks = 0;
  let corruptEvents = 0;
  let ruleViolations = 0;

  const find = (finding: LogFinding): void => {
    if (finding.kind === 'CHAIN') chainBreaks++;
    else if (finding.kind === 'CORRUPT') corruptEvents++;
    else ruleViolations++;
    if (findings.length < maxFindings) findings.push(finding);
    else omitted++;
  };
  const at = (event: ChainedEvent) => ({
    streamId: event.streamId,
    version: event.version,
    ...(event.globalPosition === undefined ? {} : { globalPosition: event.globalPosition }),
  });

  /** The byte of the stream at `slot`, its kind set (and counted) when the stream is new. */
  const tagOf = (slot: number, streamId: string): number => {
    const tag = table.tag(slot);
    if (tag !== 0) return tag;
    const kind = kindOf(streamId);
    table.setTag(slot, kind);
    if (kind === DISPUTE) streamCounts.disputes++;
    else if (kind === ORDER_GUARD) streamCounts.orderGuards++;
    else streamCounts.other++;
    return kind;
  };

  /** Runs `checkHistory` on a dispute's decoded events and records what it finds. */
  const checkRules = (streamId: string, history: ReadonlyArray<{ readonly version: number; readonly event: DisputeEvent }>): void => {
    for (const violation of checkHistory(history)) {
      const version = violation.index === undefined ? undefined : history[violation.index]?.version;
      find({ kind: 'RULE', streamId, ...(version === undefined ? {} : { version }), rule: violation.rule, message: violation.message });
    }
  };

  const pushDispute = (event: ChainedEvent, slot: number, tag: number): void => {
    if ((tag & CLOSED_CHECKED) !== 0) {
      if ((tag & AFTER_CLOSE) === 0) {
        table.setTag(slot, tag | AFTER_CLOSE);
        find({ kind: 'RULE', ...at(event), rule: 'S2', message: `${event.type} comes after DisputeClosed; a closed dispute accepts nothing more.` });
      }
      return;
    }
    const disputeId = disputeIdOfStream(event.streamId)!;
    let run = open.get(event.streamId);
    if (run === undefined) {
      run = { state: initialState, history: [], status: 'NONE' };
      open.set(event.streamId, run);
    }
    const decoded = parseEvent({ type: event.type, data: event.data });
    if (E.isLeft(decoded)) {
      find({ kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} does not decode: ${decoded.left.message}` });
      run.status = 'CORRUPT';
      run.state = undefined;
      return;
    }
    const typed = decoded.right;
    if (typed.data.disputeId !== disputeId) {
      find({ kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} belongs to dispute ${typed.data.disputeId}, not ${disputeId}.` });
    }
    if (typed.type === 'DisputeOpened') {
      const orderId = typed.data.order.orderId;
      guards.opened({ streamId: event.streamId, version: event.version }, disputeId, orderId, typed.data.commandId);
      const streams = disputesOfOrder.get(orderId);
      if (streams === undefined) disputesOfOrder.set(orderId, event.streamId);
      else if (typeof streams === 'string') {
        if (streams !== event.streamId) disputesOfOrder.set(orderId, [streams, event.streamId]);
      } else if (!streams.includes(event.streamId)) streams.push(event.streamId);
    }
    run.history?.push({ version: event.version, event: typed });
    if (run.state !== undefined) {
      run.state = evolve(run.state, typed);
      run.status = run.state.status;
    }
    if (run.state?.status === 'CLOSED' && run.history !== undefined) {
      checkRules(event.streamId, run.history);
      guards.ended(disputeId, run.state);
      // Checked: what remains of it is its chain head and its byte (a later event breaks S2).
      open.delete(event.streamId);
      table.setTag(slot, tag | CLOSED_CHECKED);
    }
  };

  const pushOrderGuard = (event: ChainedEvent): void => {
    const decoded = parseOrderGuardEvent({ type: event.type, data: event.data });
    if (E.isLeft(decoded)) {
      find({ kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} does not decode: ${decoded.left.message}` });
    } else if (orderGuardStreamId(decoded.right.data.orderId) !== event.streamId) {
      find({ kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} belongs to order ${decoded.right.data.orderId}.` });
    } else {
      guards.guardEvent({ streamId: event.streamId, version: event.version }, decoded.right);
    }
  };

  return {
    push(event) {
      events++;
      const slot = table.slot(event.streamId);
      const broken = chain.pushAt(slot, event);
      if (broken !== undefined) find({ kind: 'CHAIN', ...at(event), problem: broken.problem, message: broken.message });
      const tag = tagOf(slot, event.streamId);
      if ((tag & KIND) === DISPUTE) pushDispute(event, slot, tag);
      else if ((tag & KIND) === ORDER_GUARD) pushOrderGuard(event);
    },
    unreadable(location, why) {
      events++;
      const slot = table.slot(location.streamId);
      const broken = chain.unreadableAt(slot, location, why);
      if (broken !== undefined) chainBreaks++;
      find({
        kind: 'CORRUPT',
        streamId: location.streamId,
        version: location.version,
        ...(location.globalPosition === undefined ? {} : { globalPosition: location.globalPosition }),
        message: broken?.message ?? `${location.streamId}@${location.version} cannot be read back from the store (${why}).`,
      });
      const tag = tagOf(slot, location.streamId);
      if ((tag & KIND) === DISPUTE && (tag & CLOSED_CHECKED) === 0) {
        const run = open.get(location.streamId);
        if (run === undefined) open.set(location.streamId, { state: undefined, history: [], status: 'CORRUPT' });
        else {
          run.status = 'CORRUPT';
          run.state = undefined;
        }
      }
    },
    get count() {
      return events;
    },
    heads: () => chain.heads(),
    ordersWithSeveralDisputes() {
      return [...disputesOfOrder].flatMap(([orderId, streamIds]) => (typeof streamIds === 'string' ? [] : [{ orderId, streamIds }]));
    },
    checkOrders(orderId, histories) {
      const decoded = histories.map((history) =>
        history.flatMap((record) => {
          const event = parseEvent({ type: record.type, data: record.data });
          return E.isRight(event) ? [{ version: record.version, event: event.right }] : [];
        }),
      );
      for (const violation of checkOrderHistories(decoded)) {
        const streamId = violation.index === undefined ? `order ${orderId}` : (histories[violation.index]?.[0]?.streamId ?? `order ${orderId}`);
        find({ kind: 'RULE', streamId, rule: violation.rule, message: `Order ${orderId}: ${violation.message}` });
      }
    },
    finish() {
      for (const [streamId, run] of open) {
        if (run.history !== undefined) {
          checkRules(streamId, run.history);
          run.history = undefined;
        }
        guards.ended(disputeIdOfStream(streamId)!, run.state);
      }
      for (const mismatch of guards.findings()) {
        find({ kind: 'RULE', streamId: mismatch.streamId, ...(mismatch.version === undefined ? {} : { version: mismatch.version }), rule: mismatch.rule, message: mismatch.message });
      }
      const verdict = chain.result();
      // Breaks only `result()` can see (heads recorded earlier that are gone) are findings too.
      for (const found of verdict.breaks.filter((b) => b.problem === 'TRUNCATED')) {
        find({ kind: 'CHAIN', streamId: found.streamId, version: found.version, problem: found.problem, message: found.message });
      }
      const byStatus: Partial<Record<DisputeStatus | 'CORRUPT', number>> = {};
      // In the order the disputes were first seen, as the keys of byStatus always came.
      for (const [streamId, slot] of table.entries()) {
        const tag = table.tag(slot);
        if ((tag & KIND) !== DISPUTE) continue;
        const status = (tag & CLOSED_CHECKED) !== 0 ? 'CLOSED' : (open.get(streamId)?.status ?? 'NONE');
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      }
      const firstBrokenLink = verdict.firstBreak;
      return {
        events,
        streams: { ...streamCounts },
        disputesByStatus: byStatus,
        chainBreaks,
        corruptEvents,
        ruleViolations,
        ...(firstBrokenLink === undefined ? {} : { firstBrokenLink }),
        findings,
        findingsOmitted: omitted,
        clean: chainBreaks + corruptEvents + ruleViolations === 0,
      };
    },
  };
};
