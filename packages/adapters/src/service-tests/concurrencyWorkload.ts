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
  const problems: string[] = [];
  const counted: CountingStore[] = options.stores.map((store) => countingStore(store, { multiStream: options.multiStream ?? true }));
  const observations: ServiceObservation[] = [];
  const services: DisputeService[] = counted.map((store) =>
    createDisputeService({ store, maxRetries: options.maxRetries ?? 5, observe: (o) => observations.push(o) }),
  );
  const results = new Map<string, number>();
  const bump = (key: string) => results.set(key, (results.get(key) ?? 0) + 1);
  /** First acknowledged result of each command: its events' ids, stream and versions. */
  const acked = new Map<string, ReadonlyArray<string>>();
  const ackedAt = new Map<string, { streamId: string; version: number }>();
  let lastAckedPosition = 0;
  const applied = new Set<string>();
  const sent: Command[] = [];
  let commandsSent = 0;

  const send = async (service: DisputeService, command: Command): Promise<void> => {
    commandsSent += 1;
    sent.push(command);
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
      if (applied.has(command.commandId)) problems.push(`${command.commandId}: applied twice`);
      applied.add(command.commandId);
    }
    const first = acked.get(command.commandId);
    if (first === undefined) {
      acked.set(command.commandId, ids);
      events.forEach((r) => ackedAt.set(r.metadata.eventId, { streamId: r.streamId, version: r.version }));
      lastAckedPosition = Math.max(lastAckedPosition, ...events.map((r) => r.globalPosition ?? 0));
    } else if (first.join() !== ids.join()) {
      problems.push(`${command.commandId}: a repeat returned other events than the first result`);
    }
  };

  // Phase 1: open every dispute, with a rival opening on the same order at the same time.
  const openings = await Promise.all(
    Array.from({ length: options.disputes }, async (_, d) => {
      const orderId = `o${d}`;
      const a = services[d % services.length]!;
      const b = services[(d + 1) % services.length]!;
      await Promise.all([
        send(a, openDispute({ disputeId: `d${d}`, orderId, commandId: `open-d${d}` }) as Command),
        send(b, openDispute({ disputeId: `rival-d${d}`, orderId, commandId: `open-rival-d${d}` }) as Command),
      ]);
      return [acked.has(`open-d${d}`), acked.has(`open-rival-d${d}`)] as const;
    }),
  );
  openings.forEach(([main, rival], d) => {
    if (Number(main) + Number(rival) !== 1) problems.push(`order o${d}: ${Number(main) + Number(rival)} of two concurrent openings succeeded`);
  });
  const openedIds = openings.map(([main], d) => (main ? `d${d}` : `rival-d${d}`));

  // Phase 2: the handlers.
  const lastOffer = new Map<string, { id: string; amount: number }>();
  const resolved = new Map<string, number>();
  await Promise.all(
    Array.from({ length: options.handlers }, async (_, h) => {
      const random = prng(options.seed * 1_000 + h);
      const service = services[h % services.length]!;
      for (let i = 0; i < options.commandsPerHandler; i++) {
        const d = Math.floor(random() * options.disputes);
        const e = { disputeId: openedIds[d]!, orderId: `o${d}`, commandId: `h${h}-${i}` };
        const by = random() < 0.5 ? ('buyer' as const) : ('seller' as const);
        const r = random();
        let command: Record<string, unknown>;
        if (r < 0.08 && sent.length > 0) command = sent[Math.floor(random() * sent.length)]!;
        else if (r < 0.5) command = postMessage({ ...e, by });
        else if (r < 0.65) {
          const amount = 1 + Math.floor(random() * 9_999);
          command = makeProposal({ ...e, by: 'seller', proposalId: `p-${e.commandId}`, amount });
          lastOffer.set(e.disputeId, { id: `p-${e.commandId}`, amount });
        } else if (r < 0.77) command = submitEvidence({ ...e, by, evidenceId: `ev-${e.commandId}` });
        else if (r < 0.82) command = makeProposal({ ...e, by: 'buyer', proposalId: `pb-${e.commandId}`, amount: 10_000 });
        else if (r < 0.85) {
          const offer = lastOffer.get(e.disputeId);
          command = offer !== undefined && by === 'buyer' ? rejectProposal({ ...e, by, proposalId: offer.id }) : rejectProposal({ ...e, by: 'seller', proposalId: 'p-open' });
        } else if (r < 0.9) command = escalate(e);
        else if (r < 0.915) {
          const offer = lastOffer.get(e.disputeId);
          command = acceptProposal({ ...e, by: 'buyer', proposalId: offer?.id ?? 'p-none' });
          if (offer !== undefined) resolved.set(e.disputeId, offer.amount);
        } else if (r < 0.935) command = issueRefund({ ...e, amount: resolved.get(e.disputeId) ?? 10_000 });
        else command = submitEvidence({ ...e, by, evidenceId: `ev-${e.commandId}` });
        await send(service, command as Command);
      }
    }),
  );

  // Audit.
  const log = await readWholeLogThrough(options.stores[0]!, lastAckedPosition);
  const audit = auditLog(log);
  problems.push(...audit.problems);
  const stored = new Map(log.map((e) => [e.metadata.eventId, e]));
  for (const [eventId, where] of ackedAt) {
    const event = stored.get(eventId);
    if (event === undefined) problems.push(`acknowledged event ${eventId} is missing`);
    else if (event.streamId !== where.streamId || event.version !== where.version) {
      problems.push(`acknowledged event ${eventId} was reported at ${where.streamId}@${where.version}, stored at ${event.streamId}@${event.version}`);
    }
  }
  let storedDisputeEvents = 0;
  let longestStream = 0;
  for (const [streamId, records] of audit.disputes) {
    storedDisputeEvents += records.length;
    longestStream = Math.max(longestStream, records.length);
    for (const record of records) if (!acked.has(record.metadata.commandId)) problems.push(`${streamId}@${record.version} was stored but never acknowledged`);
  }
  const ackedEvents = [...acked.values()].reduce((n, ids) => n + ids.length, 0);
  if (ackedEvents !== storedDisputeEvents) problems.push(`${ackedEvents} events acknowledged, ${storedDisputeEvents} stored`);

  const storeConflicts = counted.reduce((n, s) => n + (s.appendOutcomes.get('WrongExpectedVersion') ?? 0) + (s.appendOutcomes.get('DuplicateEvent') ?? 0), 0);
  // A stale cached stream is a conflict too, re-read at once (not a retry).
  const conflicts = observations.filter((o) => o._tag === 'Conflict' || o._tag === 'StaleCache');
  const retriedConflicts = conflicts.filter((o) => o._tag === 'StaleCache' || o.willRetry).length;
  const reported = results.get('ConcurrencyConflict') ?? 0;
  if (conflicts.length !== storeConflicts) problems.push(`the stores returned ${storeConflicts} conflicts, the service saw ${conflicts.length}`);
  if (conflicts.length - retriedConflicts !== reported) {
    problems.push(`${conflicts.length - retriedConflicts} conflicts were not retried, but ${reported} were reported as ConcurrencyConflict`);
  }
  for (const tag of ['StoreUnavailable', 'CorruptEvent', 'StoreClosed', 'ValidationError']) {
    if (results.has(tag)) problems.push(`${results.get(tag)} commands failed with ${tag}`);
  }
  return {
    commandsSent,
    results,
    storeConflicts,
    observedConflicts: conflicts.length,
    retriedConflicts,
    problems,
    storedDisputeEvents,
    longestStream,
  };
};
