import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { canonicalJson, createDisputeService, disputeStreamId, type DisputeEvent, type EventStore } from '@disputekit/core';
import { type ReadSideStore } from '../readSide/projectionLease';
import { historyArb, expectRight } from '@disputekit/core/testing';
import { createSimulatedClock } from '@disputekit/core';
import { disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import type { ProjectionStatus } from '../runner/projectionWorker';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from './dumpReadModels';
import { expectedSummary } from './readModelOracle';
import { createSimulatedParties, seededRandom, simulatedOpening } from './simulatedMarketplace';
import { toNewEvent } from './storeHistories';

/** Histories of about `events` events in total, appended one history per append (test support). */
export const appendManyHistories = async (log: EventStore, events: number, seed: number): Promise<number> => {
  let total = 0;
  let lastPosition = 0;
  let round = 0;
  while (total < events) {
    const batch = fc.sample(historyArb({ maxCommands: 40, policy: 'seed' }), { numRuns: 200, seed: seed + round++ });
    for (const [i, h] of batch.entries()) {
      if (h.events.length === 0) continue;
      const renamed = h.events.map((e) => ({ ...e, data: { ...e.data, disputeId: `${h.scenario.disputeId}-${round}-${i}` } }) as DisputeEvent);
      const appended = expectRight(await log.appendToStream(disputeStreamId(renamed[0]!.data.disputeId), renamed.map(toNewEvent), { expectedVersion: 'no_stream' }));
      lastPosition = Math.max(lastPosition, appended.lastGlobalPosition);
      total += renamed.length;
      if (total >= events) break;
    }
  }
  lastAppended.set(log, lastPosition);
  return total;
};

/** The global position of the last event `appendManyHistories` wrote to each log. */
const lastAppended = new WeakMap<EventStore, number>();

/**
 * Catches the read models up over the whole log in batches of 500 (as after a long outage)
 * and builds the same read models in one pass into memory: the two must hold the same rows (test
 * support). Throughput is measured by bench/ (figures/projections.ts), never by a test.
 */
export const catchUpAndOnePass = async (log: EventStore, store: ReadSideStore) => {
  const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 500 });
  // One catch-up can stop short on PostgreSQL, whose log shows nothing past a transaction still open
  // anywhere on the server (another test's): catch up again until the last event written is applied.
  const last = lastAppended.get(log) ?? 0;
  await waitUntil(async () => {
    expectRight(await runner.catchUp());
    return expectRight(await runner.lag()).every((l) => l.checkpoint >= last);
  }, 'the catch-up to apply every event written');
  const lag = expectRight(await runner.lag());
  await runner.stop();
  const caughtUp = await dumpReadModels(store, disputeProjections);
  const memory = createMemoryReadSideStore();
  expectRight(await createProjectionRunner({ events: log, readSide: memory, projections: disputeProjections, batchSize: 1_000 }).catchUp());
  const onePass = await dumpReadModels(memory, disputeProjections);
  return { caughtUp: rowsByContent(caughtUp), onePass: rowsByContent(onePass), eventsBehind: lag.map((l) => l.eventsBehind) };
};

/**
 * Each table's rows as sorted canonical JSON texts: the same rows whatever order a store lists
 * them in (SQLite orders text keys by UTF-8 bytes, the memory store by UTF-16 units; they differ on
 * characters beyond the BMP, which generated dispute ids contain) and whatever order a JSON
 * column keeps its keys in (PostgreSQL's jsonb sorts them).
 */
const rowsByContent = (dump: Record<string, ReadonlyArray<unknown>>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.map((row) => canonicalJson(row)).sort()]));

/** Polls `check` until it holds; fails naming `what` after `timeoutMs` (there to catch a hang, not slowness). */
export const waitUntil = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * Writers run disputes concurrently through the service while a runner follows the log live;
 * afterwards the incrementally built read models must equal a one-pass build and the fold of each
 * stream: no event committed late was skipped (test support).
 */
export const concurrentWritersScenario = async (log: EventStore, store: ReadSideStore, options: { writers: number; disputesPerWriter: number }) => {
  const clock = createSimulatedClock('2026-03-01T00:00:00Z');
  const service = createDisputeService({ store: log, clock });
  const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 20, pollIntervalMs: 2 });
  runner.start();
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: options.writers }, async (_, w) => {
      const random = seededRandom(w + 1);
      const mine = Array.from({ length: options.disputesPerWriter }, (_, i) => `w${w}-${i}`);
      const noQueue = { waiting: async () => E.right({ items: [], total: 0, limit: 0, offset: 0 }), withOpenEvidenceRequests: async () => E.right({ items: [], total: 0, limit: 0, offset: 0 }) };
      const parties = createSimulatedParties({ service, clock, random, mediatorQueue: noQueue, activity: 0.8 });
      for (const [i] of mine.entries()) expectRight(await service.handle(simulatedOpening(i, random, clock.now(), `w${w}`)));
      ids.push(...mine.map((_, i) => `w${w}-${i}`));
      for (let step = 0; step < 6; step++) await parties.act(mine);
    }),
  );
  // Wait for the position of the last dispute event written, read from the streams themselves: `lag()`
  // counts only what the global log shows, and on PostgreSQL the log shows nothing past a transaction
  // still open anywhere on the server (another test's), so "0 behind" can come before every commit is seen.
  const loaded = await Promise.all(ids.map(async (id) => expectRight(await service.load(id)).events));
  const lastPosition = Math.max(...loaded.flat().map((record) => record.globalPosition ?? 0));
  await waitUntil(async () => expectRight(await runner.lag()).every((l) => l.checkpoint >= lastPosition), 'the runner to apply every event written');
  await runner.stop();
  const incremental = await dumpReadModels(store, disputeProjections);
  const memory = createMemoryReadSideStore();
  expectRight(await createProjectionRunner({ events: log, readSide: memory, projections: disputeProjections, batchSize: 1_000 }).catchUp());
  const onePass = await dumpReadModels(memory, disputeProjections);
  const folded = [];
  for (const id of ids.sort()) folded.push(expectedSummary(expectRight(await service.load(id)).events.map((r) => r.event)));
  return { incremental, onePass, folded, ids };
};

/** Two runners, as on two machines, started at once over the same store: one works, one waits (test support). */
export const twoRunnersScenario = async (log: EventStore, makeStore: () => ReadSideStore) => {
  const [storeA, storeB] = [makeStore(), makeStore()];
  const a = createProjectionRunner({ events: log, readSide: storeA, projections: disputeProjections, owner: 'machine-a', pollIntervalMs: 10 });
  const b = createProjectionRunner({ events: log, readSide: storeB, projections: disputeProjections, owner: 'machine-b', pollIntervalMs: 10 });
  a.start();
  b.start();
  // Wait for what is being tested to settle (each projection's lease taken, the other runner told to wait), however slow the machine.
  const settled = (x: ReadonlyArray<ProjectionStatus>, y: ReadonlyArray<ProjectionStatus>) =>
    x.every((s, i) => s.holdsLease !== y[i]!.holdsLease && (s.holdsLease ? y[i]! : s).state === 'waiting-for-lease');
  await waitUntil(() => settled(a.status(), b.status()), 'one runner to hold each lease while the other waits');
  await new Promise((resolve) => setTimeout(resolve, 300)); // a few more polls: the waiter must keep waiting
  const first = { a: a.status(), b: b.status() };
  const [worker, waiter] = first.a[0]!.holdsLease ? [a, b] : [b, a];
  await worker.stop();
  await waitUntil(() => waiter.status().every((s) => s.holdsLease && s.state === 'live'), 'the waiting runner to take every lease over and go live');
  const after = waiter.status();
  await waiter.stop();
  await storeA.close();
  await storeB.close();
  return { first, after };
};
