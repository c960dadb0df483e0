import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, type DisputeService, type EventStore, type ServiceObservation } from '@disputekit/core';
import {
  acceptProposal,
  escalate,
  issueRefund,
  makeProposal,
  openDispute,
  postMessage,
  rejectProposal,
  submitEvidence,
} from './commandJson';
import { countingStore, type CountingStore } from './countingStore';
import { auditLog, readWholeLogThrough } from './storedHistories';

/** A small deterministic PRNG (mulberry32), so that a failing run can be replayed from its seed. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** The shape of a concurrency run. */
export interface WorkloadOptions {
  /** One store per handler group: handlers use `stores[h % stores.length]` (several connections to one database). */
  readonly stores: ReadonlyArray<EventStore>;
  readonly handlers: number;
  readonly commandsPerHandler: number;
  readonly disputes: number;
  readonly seed: number;
  readonly maxRetries?: number;
  /** Let the service use the stores' `appendToStreams` (default true); false writes one stream at a time, as on EventStoreDB. */
  readonly multiStream?: boolean;
}

/** What a concurrency run did and what the store holds afterwards. */
export interface WorkloadReport {
  readonly commandsSent: number;
  /** Result counts: `Appended`, `Repeated` (already applied), `Empty`, or the error's `_tag`. */
  readonly results: ReadonlyMap<string, number>;
  /** Conflicts the stores returned to appends (WrongExpectedVersion + DuplicateEvent). */
  readonly storeConflicts: number;
  /** Conflicts the service saw, and of those, how many it retried. */
  readonly observedConflicts: number;
  readonly retriedConflicts: number;
  /** Everything wrong, in words; empty when the run is correct. */
  readonly problems: ReadonlyArray<string>;
  readonly storedDisputeEvents: number;
  readonly longestStream: number;
}

type Command = Record<string, unknown> & { readonly commandId: string; readonly disputeId: string };

/** What one run shares while it sends commands: the services, what they answered, and what is wrong. */
interface Workload {
  readonly problems: string[];
  readonly counted: ReadonlyArray<CountingStore>;
  readonly observations: ServiceObservation[];
  readonly services: ReadonlyArray<DisputeService>;
  /** Result counts by kind (see `WorkloadReport.results`). */
  readonly results: Map<string, number>;
  /** First acknowledged result of each command: its events' ids. */
  readonly acked: Map<string, ReadonlyArray<string>>;
  /** Where each acknowledged event was reported stored. */
  readonly ackedAt: Map<string, { streamId: string; version: number }>;
  readonly applied: Set<string>;
  readonly sent: Command[];
  lastAckedPosition: number;
  commandsSent: number;
}

const startWorkload = (options: WorkloadOptions): Workload => {
  const counted = options.stores.map((store) => countingStore(store, { multiStream: options.multiStream ?? true }));
  const observations: ServiceObservation[] = [];
  return {
    problems: [],
    counted,
    observations,
    services: counted.map((store) => createDisputeService({ store, maxRetries: options.maxRetries ?? 5, observe: (o) => observations.push(o) })),
    results: new Map(),
    acked: new Map(),
    ackedAt: new Map(),
    applied: new Set(),
    sent: [],
    lastAckedPosition: 0,
    commandsSent: 0,
  };
};

/** Sends one command and records its answer: counts, acknowledged events, commands applied twice or repeated differently. */
const send = async (w: Workload, service: DisputeService, command: Command): Promise<void> => {
  const bump = (key: string) => w.results.set(key, (w.results.get(key) ?? 0) + 1);
  w.commandsSent += 1;
  w.sent.push(command);
  const result = await service.handle(command);
  if (E.isLeft(result)) {
    bump(result.left._tag);
    return;
  }
  const { events, alreadyApplied } = result.right;
  bump(alreadyApplied ? 'Repeated' : events.length === 0 ? 'Empty' : 'Appended');
  if (events.length === 0) return;
  const ids = events.map((r) => r.metadata.eventId);
  if (!alreadyApplied) {
    if (w.applied.has(command.commandId)) w.problems.push(`${command.commandId}: applied twice`);
    w.applied.add(command.commandId);
  }
  const first = w.acked.get(command.commandId);
  if (first === undefined) {
    w.acked.set(command.commandId, ids);
    events.forEach((r) => w.ackedAt.set(r.metadata.eventId, { streamId: r.streamId, version: r.version }));
    w.lastAckedPosition = Math.max(w.lastAckedPosition, ...events.map((r) => r.globalPosition ?? 0));
  } else if (first.join() !== ids.join()) {
    w.problems.push(`${command.commandId}: a repeat returned other events than the first result`);
  }
};

/** Phase 1: opens every dispute, with a rival opening on the same order at the same time; returns the dispute id that won each order. */
const openEveryDispute = async (w: Workload, disputes: number): Promise<ReadonlyArray<string>> => {
  const openings = await Promise.all(
    Array.from({ length: disputes }, async (_, d) => {
      const orderId = `o${d}`;
      const a = w.services[d % w.services.length]!;
      const b = w.services[(d + 1) % w.services.length]!;
      await Promise.all([
        send(w, a, openDispute({ disputeId: `d${d}`, orderId, commandId: `open-d${d}` }) as Command),
        send(w, b, openDispute({ disputeId: `rival-d${d}`, orderId, commandId: `open-rival-d${d}` }) as Command),
      ]);
      return [w.acked.has(`open-d${d}`), w.acked.has(`open-rival-d${d}`)] as const;
    }),
  );
  openings.forEach(([main, rival], d) => {
    if (Number(main) + Number(rival) !== 1) w.problems.push(`order o${d}: ${Number(main) + Number(rival)} of two concurrent openings succeeded`);
  });
  return openings.map(([main], d) => (main ? `d${d}` : `rival-d${d}`));
};

/** The offers made and the amounts agreed so far, by dispute: later commands refer to them. */
interface Negotiations {
  readonly lastOffer: Map<string, { id: string; amount: number }>;
  readonly resolved: Map<string, number>;
}

/** One random command for dispute `e` (or a re-send of an earlier one), in the run's mix. */
const randomCommand = (random: () => number, e: { disputeId: string; orderId: string; commandId: string }, sent: ReadonlyArray<Command>, talks: Negotiations): Record<string, unknown> => {
  const by = random() < 0.5 ? ('buyer' as const) : ('seller' as const);
  const r = random();
  if (r < 0.08 && sent.length > 0) return sent[Math.floor(random() * sent.length)]!;
  if (r < 0.5) return postMessage({ ...e, by });
  if (r < 0.65) {
    const amount = 1 + Math.floor(random() * 9_999);
    talks.lastOffer.set(e.disputeId, { id: `p-${e.commandId}`, amount });
    return makeProposal({ ...e, by: 'seller', proposalId: `p-${e.commandId}`, amount });
  }
  if (r < 0.77) return submitEvidence({ ...e, by, evidenceId: `ev-${e.commandId}` });
  if (r < 0.82) return makeProposal({ ...e, by: 'buyer', proposalId: `pb-${e.commandId}`, amount: 10_000 });
  if (r < 0.85) {
    const offer = talks.lastOffer.get(e.disputeId);
    return offer !== undefined && by === 'buyer' ? rejectProposal({ ...e, by, proposalId: offer.id }) : rejectProposal({ ...e, by: 'seller', proposalId: 'p-open' });
  }
  if (r < 0.9) return escalate(e);
  if (r < 0.915) {
    const offer = talks.lastOffer.get(e.disputeId);
    if (offer !== undefined) talks.resolved.set(e.disputeId, offer.amount);
    return acceptProposal({ ...e, by: 'buyer', proposalId: offer?.id ?? 'p-none' });
  }
  if (r < 0.935) return issueRefund({ ...e, amount: talks.resolved.get(e.disputeId) ?? 10_000 });
  return submitEvidence({ ...e, by, evidenceId: `ev-${e.commandId}` });
};

/** Phase 2: the handlers, concurrently, each with its own seeded random sequence. */
const runHandlers = async (w: Workload, options: WorkloadOptions, openedIds: ReadonlyArray<string>): Promise<void> => {
  const talks: Negotiations = { lastOffer: new Map(), resolved: new Map() };
  await Promise.all(
    Array.from({ length: options.handlers }, async (_, h) => {
      const random = prng(options.seed * 1_000 + h);
      const service = w.services[h % w.services.length]!;
      for (let i = 0; i < options.commandsPerHandler; i++) {
        const d = Math.floor(random() * options.disputes);
        const e = { disputeId: openedIds[d]!, orderId: `o${d}`, commandId: `h${h}-${i}` };
        await send(w, service, randomCommand(random, e, w.sent, talks) as Command);
      }
    }),
  );
};

/** Audits the stored log against what was acknowledged; returns the stored dispute events and the longest stream. */
const auditStoredLog = async (w: Workload, store: EventStore): Promise<{ storedDisputeEvents: number; longestStream: number }> => {
  const log = await readWholeLogThrough(store, w.lastAckedPosition);
  const audit = auditLog(log);
  w.problems.push(...audit.problems);
  const stored = new Map(log.map((e) => [e.metadata.eventId, e]));
  for (const [eventId, where] of w.ackedAt) {
    const event = stored.get(eventId);
    if (event === undefined) w.problems.push(`acknowledged event ${eventId} is missing`);
    else if (event.streamId !== where.streamId || event.version !== where.version) {
      w.problems.push(`acknowledged event ${eventId} was reported at ${where.streamId}@${where.version}, stored at ${event.streamId}@${event.version}`);
    }
  }
  let storedDisputeEvents = 0;
  let longestStream = 0;
  for (const [streamId, records] of audit.disputes) {
    storedDisputeEvents += records.length;
    longestStream = Math.max(longestStream, records.length);
    for (const record of records) if (!w.acked.has(record.metadata.commandId)) w.problems.push(`${streamId}@${record.version} was stored but never acknowledged`);
  }
  const ackedEvents = [...w.acked.values()].reduce((n, ids) => n + ids.length, 0);
  if (ackedEvents !== storedDisputeEvents) w.problems.push(`${ackedEvents} events acknowledged, ${storedDisputeEvents} stored`);
  return { storedDisputeEvents, longestStream };
};

/** Checks that every conflict a store returned was seen by the service and either retried or reported. */
const auditConflicts = (w: Workload): { storeConflicts: number; observedConflicts: number; retriedConflicts: number } => {
  const storeConflicts = w.counted.reduce((n, s) => n + (s.appendOutcomes.get('WrongExpectedVersion') ?? 0) + (s.appendOutcomes.get('DuplicateEvent') ?? 0), 0);
  // A stale cached stream is a conflict too, re-read at once (not a retry).
  const conflicts = w.observations.filter((o) => o._tag === 'Conflict' || o._tag === 'StaleCache');
  const retriedConflicts = conflicts.filter((o) => o._tag === 'StaleCache' || o.willRetry).length;
  const reported = w.results.get('ConcurrencyConflict') ?? 0;
  if (conflicts.length !== storeConflicts) w.problems.push(`the stores returned ${storeConflicts} conflicts, the service saw ${conflicts.length}`);
  if (conflicts.length - retriedConflicts !== reported) {
    w.problems.push(`${conflicts.length - retriedConflicts} conflicts were not retried, but ${reported} were reported as ConcurrencyConflict`);
  }
  for (const tag of ['StoreUnavailable', 'CorruptEvent', 'StoreClosed', 'ValidationError']) {
    if (w.results.has(tag)) w.problems.push(`${w.results.get(tag)} commands failed with ${tag}`);
  }
  return { storeConflicts, observedConflicts: conflicts.length, retriedConflicts };
};

/**
 * Runs `handlers` concurrent handlers, each sending `commandsPerHandler` commands to random disputes
 * among `disputes` (each on its own order), after opening every dispute — twice, concurrently, with
 * two dispute ids per order, so that the order guard must let exactly one through. Commands mix
 * messages, proposals, evidence, rejections, escalations, acceptances and refunds (so some disputes
 * close), and re-send earlier commands from any handler (concurrent duplicates). Then audits the
 * whole log: see `auditLog`, plus: every acknowledged event is stored where the reply said, nothing
 * is stored that was not acknowledged, each command is stored once, and every conflict a store
 * returned was either retried or reported as `ConcurrencyConflict`.
 */
export const runConcurrencyWorkload = async (options: WorkloadOptions): Promise<WorkloadReport> => {
  const w = startWorkload(options);
  const openedIds = await openEveryDispute(w, options.disputes);
  await runHandlers(w, options, openedIds);
  const { storedDisputeEvents, longestStream } = await auditStoredLog(w, options.stores[0]!);
  const conflicts = auditConflicts(w);
  return { commandsSent: w.commandsSent, results: w.results, ...conflicts, problems: w.problems, storedDisputeEvents, longestStream };
};
