import * as E from 'fp-ts/lib/Either.js';
import type { DisputeEvent } from '../dispute/events';
import { evolve } from '../dispute/evolve';
import { checkHistory, checkOrderHistories, type InvariantRule } from '../dispute/invariants';
import { parseEvent } from '../dispute/parse';
import { initialState, type DisputeState, type DisputeStatus } from '../dispute/state';
import { parseOrderGuardEvent } from '../orderGuard/internal/eventCodecs';
import type { ChainHead } from './eventHash';
import { createGuardCrossCheck, type GuardCrossCheck, type GuardRule } from './guardCrossCheck';
import { createSlottedChainVerifier, type SlottedChainVerifier } from './slottedChainVerifier';
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
  /**
   * Checks the next event of the global log. `chainHash`, when given, is the event's chain hash
   * (`recomputeChainHash`) computed already from this very content, by the thread that read it
   * (`chainedLogChunks`): the chain check compares it instead of hashing the event again. Leave it
   * out to have the event hashed here.
   */
  push(event: ChainedEvent, chainHash?: string): void;
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

/** Everything one verification keeps while the log is pushed through it. */
interface VerifierRun {
  readonly maxFindings: number;
  /** Every stream's chain head and the byte above, in one map entry and a few dozen bytes per stream. */
  readonly table: StreamTable;
  readonly chain: SlottedChainVerifier;
  /** The disputes not yet closed and checked (a closed one is only its byte in `table`). */
  readonly open: Map<string, DisputeRun>;
  readonly streamCounts: { disputes: number; orderGuards: number; other: number };
  /** Each order's dispute streams: one stream id, or a list once there are several (kept small: most orders have one). */
  readonly disputesOfOrder: Map<string, string | string[]>;
  /** Order guards against disputes (G1–G3), checked by `finish()`. */
  readonly guards: GuardCrossCheck;
  readonly findings: LogFinding[];
  readonly counts: { omitted: number; events: number; chainBreaks: number; corruptEvents: number; ruleViolations: number };
}

const startRun = (options: LogVerifierOptions): VerifierRun => {
  const table = new StreamTable();
  return {
    maxFindings: options.maxFindings ?? 1000,
    table,
    chain: createSlottedChainVerifier(table, options.heads === undefined ? {} : { heads: options.heads }),
    open: new Map(),
    streamCounts: { disputes: 0, orderGuards: 0, other: 0 },
    disputesOfOrder: new Map(),
    guards: createGuardCrossCheck(),
    findings: [],
    counts: { omitted: 0, events: 0, chainBreaks: 0, corruptEvents: 0, ruleViolations: 0 },
  };
};

const find = (run: VerifierRun, finding: LogFinding): void => {
  if (finding.kind === 'CHAIN') run.counts.chainBreaks++;
  else if (finding.kind === 'CORRUPT') run.counts.corruptEvents++;
  else run.counts.ruleViolations++;
  if (run.findings.length < run.maxFindings) run.findings.push(finding);
  else run.counts.omitted++;
};

const at = (event: ChainedEvent) => ({
  streamId: event.streamId,
  version: event.version,
  ...(event.globalPosition === undefined ? {} : { globalPosition: event.globalPosition }),
});

/** The byte of the stream at `slot`, its kind set (and counted) when the stream is new. */
const tagOf = (run: VerifierRun, slot: number, streamId: string): number => {
  const tag = run.table.tag(slot);
  if (tag !== 0) return tag;
  const kind = kindOf(streamId);
  run.table.setTag(slot, kind);
  if (kind === DISPUTE) run.streamCounts.disputes++;
  else if (kind === ORDER_GUARD) run.streamCounts.orderGuards++;
  else run.streamCounts.other++;
  return kind;
};

/** Runs `checkHistory` on a dispute's decoded events and records what it finds. */
const checkRules = (run: VerifierRun, streamId: string, history: ReadonlyArray<{ readonly version: number; readonly event: DisputeEvent }>): void => {
  for (const violation of checkHistory(history)) {
    const version = violation.index === undefined ? undefined : history[violation.index]?.version;
    find(run, { kind: 'RULE', streamId, ...(version === undefined ? {} : { version }), rule: violation.rule, message: violation.message });
  }
};

/** Notes a `DisputeOpened`: for the guard cross-check, and under its order (rule M5). */
const noteOpened = (run: VerifierRun, event: ChainedEvent, disputeId: string, opened: Extract<DisputeEvent, { type: 'DisputeOpened' }>): void => {
  const orderId = opened.data.order.orderId;
  run.guards.opened({ streamId: event.streamId, version: event.version }, disputeId, orderId, opened.data.commandId);
  const streams = run.disputesOfOrder.get(orderId);
  if (streams === undefined) run.disputesOfOrder.set(orderId, event.streamId);
  else if (typeof streams === 'string') {
    if (streams !== event.streamId) run.disputesOfOrder.set(orderId, [streams, event.streamId]);
  } else if (!streams.includes(event.streamId)) streams.push(event.streamId);
};

/** The open run of a dispute stream (a new one at its first event). */
const disputeRunOf = (run: VerifierRun, streamId: string): DisputeRun => {
  let found = run.open.get(streamId);
  if (found === undefined) {
    found = { state: initialState, history: [], status: 'NONE' };
    run.open.set(streamId, found);
  }
  return found;
};

/** An event of a dispute already closed and checked: rule S2, reported once per stream. */
const afterClose = (run: VerifierRun, event: ChainedEvent, slot: number, tag: number): void => {
  if ((tag & AFTER_CLOSE) !== 0) return;
  run.table.setTag(slot, tag | AFTER_CLOSE);
  find(run, { kind: 'RULE', ...at(event), rule: 'S2', message: `${event.type} comes after DisputeClosed; a closed dispute accepts nothing more.` });
};

const pushDispute = (run: VerifierRun, event: ChainedEvent, slot: number, tag: number): void => {
  if ((tag & CLOSED_CHECKED) !== 0) return afterClose(run, event, slot, tag);
  const disputeId = disputeIdOfStream(event.streamId)!;
  const dispute = disputeRunOf(run, event.streamId);
  const decoded = parseEvent({ type: event.type, data: event.data });
  if (E.isLeft(decoded)) {
    find(run, { kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} does not decode: ${decoded.left.message}` });
    dispute.status = 'CORRUPT';
    dispute.state = undefined;
    return;
  }
  const typed = decoded.right;
  if (typed.data.disputeId !== disputeId) {
    find(run, { kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} belongs to dispute ${typed.data.disputeId}, not ${disputeId}.` });
  }
  if (typed.type === 'DisputeOpened') noteOpened(run, event, disputeId, typed);
  dispute.history?.push({ version: event.version, event: typed });
  if (dispute.state !== undefined) {
    dispute.state = evolve(dispute.state, typed);
    dispute.status = dispute.state.status;
  }
  if (dispute.state?.status === 'CLOSED' && dispute.history !== undefined) {
    checkRules(run, event.streamId, dispute.history);
    run.guards.ended(disputeId, dispute.state);
    // Checked: what remains of it is its chain head and its byte (a later event breaks S2).
    run.open.delete(event.streamId);
    run.table.setTag(slot, tag | CLOSED_CHECKED);
  }
};

const pushOrderGuard = (run: VerifierRun, event: ChainedEvent): void => {
  const decoded = parseOrderGuardEvent({ type: event.type, data: event.data });
  if (E.isLeft(decoded)) {
    find(run, { kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} does not decode: ${decoded.left.message}` });
  } else if (orderGuardStreamId(decoded.right.data.orderId) !== event.streamId) {
    find(run, { kind: 'CORRUPT', ...at(event), message: `${event.streamId}@${event.version} belongs to order ${decoded.right.data.orderId}.` });
  } else {
    run.guards.guardEvent({ streamId: event.streamId, version: event.version }, decoded.right);
  }
};

const push = (run: VerifierRun, event: ChainedEvent, chainHash: string | undefined): void => {
  run.counts.events++;
  const slot = run.table.slot(event.streamId);
  const broken = run.chain.pushAt(slot, event, chainHash);
  if (broken !== undefined) find(run, { kind: 'CHAIN', ...at(event), problem: broken.problem, message: broken.message });
  const tag = tagOf(run, slot, event.streamId);
  if ((tag & KIND) === DISPUTE) pushDispute(run, event, slot, tag);
  else if ((tag & KIND) === ORDER_GUARD) pushOrderGuard(run, event);
};

const unreadable = (run: VerifierRun, location: EventLocation, why: string): void => {
  run.counts.events++;
  const slot = run.table.slot(location.streamId);
  const broken = run.chain.unreadableAt(slot, location, why);
  if (broken !== undefined) run.counts.chainBreaks++;
  find(run, {
    kind: 'CORRUPT',
    streamId: location.streamId,
    version: location.version,
    ...(location.globalPosition === undefined ? {} : { globalPosition: location.globalPosition }),
    message: broken?.message ?? `${location.streamId}@${location.version} cannot be read back from the store (${why}).`,
  });
  const tag = tagOf(run, slot, location.streamId);
  if ((tag & KIND) !== DISPUTE || (tag & CLOSED_CHECKED) !== 0) return;
  const dispute = run.open.get(location.streamId);
  if (dispute === undefined) run.open.set(location.streamId, { state: undefined, history: [], status: 'CORRUPT' });
  else {
    dispute.status = 'CORRUPT';
    dispute.state = undefined;
  }
};

const checkOrders = (run: VerifierRun, orderId: string, histories: ReadonlyArray<ReadonlyArray<ChainedEvent>>): void => {
  const decoded = histories.map((history) =>
    history.flatMap((record) => {
      const event = parseEvent({ type: record.type, data: record.data });
      return E.isRight(event) ? [{ version: record.version, event: event.right }] : [];
    }),
  );
  for (const violation of checkOrderHistories(decoded)) {
    const streamId = violation.index === undefined ? `order ${orderId}` : (histories[violation.index]?.[0]?.streamId ?? `order ${orderId}`);
    find(run, { kind: 'RULE', streamId, rule: violation.rule, message: `Order ${orderId}: ${violation.message}` });
  }
};

/** Disputes by status, in the order they were first seen (as the keys of `disputesByStatus` always came). */
const statusCounts = (run: VerifierRun): Partial<Record<DisputeStatus | 'CORRUPT', number>> => {
  const byStatus: Partial<Record<DisputeStatus | 'CORRUPT', number>> = {};
  for (const [streamId, slot] of run.table.entries()) {
    const tag = run.table.tag(slot);
    if ((tag & KIND) !== DISPUTE) continue;
    const status = (tag & CLOSED_CHECKED) !== 0 ? 'CLOSED' : (run.open.get(streamId)?.status ?? 'NONE');
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return byStatus;
};

/** Checks the disputes still open and the guards against the disputes, recording what they find. */
const checkTheRest = (run: VerifierRun): void => {
  for (const [streamId, dispute] of run.open) {
    if (dispute.history !== undefined) {
      checkRules(run, streamId, dispute.history);
      dispute.history = undefined;
    }
    run.guards.ended(disputeIdOfStream(streamId)!, dispute.state);
  }
  for (const mismatch of run.guards.findings()) {
    find(run, { kind: 'RULE', streamId: mismatch.streamId, ...(mismatch.version === undefined ? {} : { version: mismatch.version }), rule: mismatch.rule, message: mismatch.message });
  }
};

const finish = (run: VerifierRun): LogVerification => {
  checkTheRest(run);
  const verdict = run.chain.result();
  // Breaks only `result()` can see (heads recorded earlier that are gone) are findings too.
  for (const found of verdict.breaks.filter((b) => b.problem === 'TRUNCATED')) {
    find(run, { kind: 'CHAIN', streamId: found.streamId, version: found.version, problem: found.problem, message: found.message });
  }
  const { chainBreaks, corruptEvents, ruleViolations, omitted, events } = run.counts;
  const firstBrokenLink = verdict.firstBreak;
  return {
    events,
    streams: { ...run.streamCounts },
    disputesByStatus: statusCounts(run),
    chainBreaks,
    corruptEvents,
    ruleViolations,
    ...(firstBrokenLink === undefined ? {} : { firstBrokenLink }),
    findings: run.findings,
    findingsOmitted: omitted,
    clean: chainBreaks + corruptEvents + ruleViolations === 0,
  };
};

/** Creates a streaming verifier of a whole log (see `LogVerifier`). */
export const createLogVerifier = (options: LogVerifierOptions = {}): LogVerifier => {
  const run = startRun(options);
  return {
    push: (event, chainHash) => push(run, event, chainHash),
    unreadable: (location, why) => unreadable(run, location, why),
    get count() {
      return run.counts.events;
    },
    heads: () => run.chain.heads(),
    ordersWithSeveralDisputes: () =>
      [...run.disputesOfOrder].flatMap(([orderId, streamIds]) => (typeof streamIds === 'string' ? [] : [{ orderId, streamIds }])),
    checkOrders: (orderId, histories) => checkOrders(run, orderId, histories),
    finish: () => finish(run),
  };
};
