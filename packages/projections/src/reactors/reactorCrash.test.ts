import * as E from 'fp-ts/lib/Either.js';
import { checkHistory, createDisputeService, createSimulatedClock, disputeStreamId, type EventStore, type SimulatedClock } from '@disputekit/core';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { describeWithPostgres, dropTestSchemas, freshSchema, fullRunsRequested, testTempFolder, type TestFolder } from '@disputekit/adapters/testRun';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { createDisputeReadModels, disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { crashPoints, type CrashPoints, type KillPoint } from '../testing/crashPoints';
import { notReceivedOpening } from '../testing/notReceivedOpening';
import { createInMemoryPaymentGateway, type InMemoryPaymentGateway } from './inMemoryPaymentGateway';
import { createInMemoryPayoutPort, type InMemoryPayoutPort } from './inMemoryPayoutPort';
import type { PaymentGateway } from './paymentGateway';
import type { PayoutPort } from './payoutPort';
import { createPayoutReactor } from './payoutReactor';
import { createReadSidePayoutCursor } from './readSidePayoutCursor';
import { createRefundProcessor } from './refundProcessor';

/**
 * The refund processor and the payout reactor killed at every step of their work, over SQLite and
 * PostgreSQL. A step is each side of every call the process makes outside itself (the event store,
 * the read-side store with the payout cursor, the payout service, the payment gateway): killed
 * "before" a call, it never happened; killed "after", it happened and its answer was lost (between
 * the port's answer and the cursor's write, between an event's append and the cursor's write, ...).
 * Killed means every later call fails, as after a SIGKILL. Then a new process starts over the same
 * database, with the same payout service and gateway (they live outside the process), and runs until
 * nothing is left to do. Each hold, release and refund must have reached the outside exactly once in
 * effect, and a further restart calls neither again.
 */

/** A process's view of one durable database: its event store and its read-side store. */
interface Durable {
  readonly events: EventStore;
  readonly readSide: ReadSideStoreWithNotifications;
}

/** A place the whole scenario is stored: a SQLite file or a PostgreSQL schema, opened as often as a process starts. */
interface Place {
  open(): Durable;
  /** Removes the file or the schema. */
  remove(): Promise<void>;
}

/** What lives outside the processes and survives their deaths: the payout service and the payment gateway. */
interface Outside {
  readonly payouts: InMemoryPayoutPort;
  readonly gateway: InMemoryPaymentGateway;
}

const START = '2026-03-10T09:00:00.000Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const closeBoth = async (d: Durable) => {
  await d.readSide.close();
  await d.events.close();
};

/**
 * Three disputes under `paypal` (it holds the disputed 50.00 USD of each): the seller accepts the
 * full refund (`full`); the buyer accepts the seller's 20.00 (`part`); the buyer withdraws (`gone`).
 * Written by people before any reactor runs: two refunds are due, three holds and a release wait.
 */
const writeScenario = async (place: Place, clock: SimulatedClock) => {
  const d = place.open();
  try {
    const service = createDisputeService({ store: d.events, clock, backoff: () => 0 });
    const must = async (command: Record<string, unknown>) => {
      const result = await service.handle({ at: new Date(clock.now()).toISOString(), ...command });
      if (E.isLeft(result)) throw new Error(`${String(command['type'])} refused: ${result.left.message}`);
    };
    const seller = { role: 'seller', id: 'seller-1' };
    const buyer = { role: 'buyer', id: 'buyer-1' };
    for (const id of ['full', 'part', 'gone']) await must({ ...notReceivedOpening(id, clock.now()), policy: 'paypal' });
    clock.advance(3_600_000);
    await must({ type: 'AcceptProposal', disputeId: 'full', commandId: 'full-accept', actor: seller, proposalId: 'full-p1' });
    await must({ type: 'MakeProposal', disputeId: 'part', commandId: 'part-offer', actor: seller, proposalId: 'part-p2', amount: usd(2_000), returnRequired: false });
    await must({ type: 'AcceptProposal', disputeId: 'part', commandId: 'part-accept', actor: buyer, proposalId: 'part-p2' });
    await must({ type: 'CancelDispute', disputeId: 'gone', commandId: 'gone-cancel', actor: buyer });
    clock.advance(3_600_000);
  } finally {
    await closeBoth(d);
  }
};

/**
 * Whether the global log shows the last event the scenario's streams hold. On PostgreSQL the log shows
 * no event past a transaction still open anywhere on the server (another test's), so a round that
 * found nothing to do proves nothing unless the log showed everything before the round began. Read through the unwrapped store: these reads are
 * the test's, not the process's, and must not move the kill points.
 */
const logShowsEveryStream = async (events: EventStore): Promise<boolean> => {
  let last = 0;
  for (const id of ['full', 'part', 'gone']) {
    const stream = await events.readStream(disputeStreamId(id));
    if (E.isLeft(stream)) return false;
    last = Math.max(last, stream.right.at(-1)?.globalPosition ?? 0);
  }
  const shown = await events.readAll({ after: last - 1, maxCount: 1 });
  return E.isRight(shown) && shown.right.length === 1;
};

/** How long an idle process waits for the log to show every stream before it stops anyway (the checks then name what is missing). */
const LOG_LAG_LIMIT_MS = 60_000;

/**
 * One process: the projection runner, the refund processor and the payout reactor over `d`, with
 * the payout cursor in the read-side store. It works in rounds until a round does nothing while the log
 * shows every event, or until it is killed (then it stops at once: nothing it does afterwards reaches anything).
 */
const runProcess = async (d: Durable, outside: Outside, clock: SimulatedClock, points: CrashPoints | undefined) => {
  const wrap = <T extends object>(name: string, target: T): T => (points === undefined ? target : points.wrap(name, target));
  const events = wrap('events', d.events);
  const readSide = wrap('readSide', d.readSide);
  const port = wrap<PayoutPort>('payouts', { hold: (r) => outside.payouts.hold(r), release: (r) => outside.payouts.release(r) });
  const gateway = wrap<PaymentGateway>('gateway', { refund: (r) => outside.gateway.refund(r) });
  const service = createDisputeService({ store: events, clock, backoff: () => 0 });
  const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock, owner: 'crash-test' });
  const refunds = createRefundProcessor({ service, summaries: createDisputeReadModels(readSide).disputeSummary, gateway, clock });
  const payouts = createPayoutReactor({ events, port, cursor: createReadSidePayoutCursor(readSide) });
  const killed = () => points?.killedAt !== undefined;
  const lagLimit = Date.now() + LOG_LAG_LIMIT_MS;
  try {
    for (let round = 0; round < 10 && !killed(); round++) {
      // Asked before the round reads anything: a log that shows everything now shows it to every read of the round.
      const wholeLogShown = await logShowsEveryStream(d.events);
      const caughtUp = await runner.catchUp();
      const paid = await refunds.tick();
      await runner.catchUp();
      const moved = await payouts.tick();
      if (killed()) return;
      for (const answer of [caughtUp, paid, moved] as ReadonlyArray<E.Either<unknown, unknown>>) {
        if (E.isLeft(answer)) throw new Error(`a round failed without a kill: ${JSON.stringify(answer.left)}`);
      }
      const p = E.isRight(paid) ? paid.right : undefined;
      const m = E.isRight(moved) ? moved.right : undefined;
      if (p !== undefined && m !== undefined && p.issued + p.failed + p.unsent + m.held + m.released + m.failed === 0) {
        if (wholeLogShown || Date.now() > lagLimit) return;
        round -= 1; // an idle round behind a lagging log does not count
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } catch (error) {
    if (!killed()) throw error;
  } finally {
    await runner.stop().catch(() => undefined);
  }
};

/** Everything the scenario must end with, whatever the kill: each movement once, each refund once, every history sound. */
const expectExactlyOnce = async (place: Place, outside: Outside) => {
  expect(outside.payouts.movements().map((m) => `${m.kind} ${m.idempotencyKey} ${m.amount.amount}`).sort()).toEqual([
    'hold dispute:full:hold 5000',
    'hold dispute:gone:hold 5000',
    'hold dispute:part:hold 5000',
    'release dispute:full:release 0',
    'release dispute:gone:release 5000',
    'release dispute:part:release 3000',
  ]);
  expect(outside.gateway.payouts().map((p) => `${p.idempotencyKey} ${p.amount.amount}`).sort()).toEqual(['dispute:full:refund 5000', 'dispute:part:refund 2000']);
  const d = place.open();
  try {
    for (const [id, refunds] of [['full', 1], ['part', 1], ['gone', 0]] as const) {
      const read = await createDisputeService({ store: d.events }).load(id);
      if (E.isLeft(read)) throw new Error(read.left.message);
      const history = read.right.events;
      const types = history.map((r) => r.event.type);
      expect([id, types.filter((t) => t === 'RefundIssued').length, types.filter((t) => t === 'PayoutHoldReleased').length, types.at(-1)]).toEqual([id, refunds, 1, 'DisputeClosed']);
      expect(checkHistory(history.map((r) => ({ version: r.version, event: r.event })))).toEqual([]);
    }
  } finally {
    await closeBoth(d);
  }
};

/** What one kill left behind: where it struck (undefined: this run never reached the step), and how many calls the outside answered twice. */
interface KillReport {
  readonly step: string | undefined;
  readonly repeatedPayoutCalls: number;
  readonly repeatedGatewayCalls: number;
}

/** Runs one process over `place` and closes it, whatever happens. */
const oneProcess = async (place: Place, outside: Outside, clock: SimulatedClock, points: CrashPoints | undefined): Promise<void> => {
  const d = place.open();
  try {
    await runProcess(d, outside, clock, points);
  } finally {
    await closeBoth(d);
  }
};

/** Writes the scenario, kills a process at `killAt`, restarts, checks; then restarts once more and checks it calls nothing. */
const killAndRecover = async (place: Place, killAt: KillPoint): Promise<KillReport> => {
  const clock = createSimulatedClock(START);
  await writeScenario(place, clock);
  const outside: Outside = { payouts: createInMemoryPayoutPort(), gateway: createInMemoryPaymentGateway() };
  const points = crashPoints(killAt);
  await oneProcess(place, outside, clock, points);
  await oneProcess(place, outside, clock, undefined);
  await expectExactlyOnce(place, outside);
  const calls = { payouts: outside.payouts.callCount(), gateway: outside.gateway.calls().length };
  await oneProcess(place, outside, clock, undefined);
  expect({ payouts: outside.payouts.callCount(), gateway: outside.gateway.calls().length }).toEqual(calls);
  return { step: points.killedAt, repeatedPayoutCalls: calls.payouts - 6, repeatedGatewayCalls: calls.gateway - 2 };
};

/** The steps of an undisturbed run, each with its occurrence, to plan where to kill. */
const stepsOfOneRun = async (place: Place): Promise<ReadonlyArray<KillPoint>> => {
  const clock = createSimulatedClock(START);
  await writeScenario(place, clock);
  const outside: Outside = { payouts: createInMemoryPayoutPort(), gateway: createInMemoryPaymentGateway() };
  const points = crashPoints(undefined);
  await oneProcess(place, outside, clock, points);
  await expectExactlyOnce(place, outside);
  expect([outside.payouts.callCount(), outside.gateway.calls().length]).toEqual([6, 2]);
  const seen = new Map<string, number>();
  return points.steps.map((label) => {
    seen.set(label, (seen.get(label) ?? 0) + 1);
    return { label, occurrence: seen.get(label)! };
  });
};

/** The money and cursor calls: the payout service, the gateway, the payout cursor, the appends and the read models' commits. */
const MONEY_AND_CURSOR = /^(payouts\.|gateway\.|readSide\.(read|write)ReactorCursor|readSide\.commit|events\.append)/;

/** How a backend chooses its kills from the steps of an undisturbed run. */
type KillPlan = (steps: ReadonlyArray<KillPoint>) => ReadonlyArray<KillPoint>;

/** Every step (`DISPUTEKIT_FULL_RUNS=1`). */
const everyStep: KillPlan = (steps) => steps;
/** The first and the last occurrence of every kind of step (each side of each call). */
const firstAndLastOfEachStep: KillPlan = (steps) => {
  const last = new Map(steps.map((p) => [p.label, p.occurrence]));
  return steps.filter((p) => p.occurrence === 1 || p.occurrence === last.get(p.label));
};
/** The first occurrence of each kind of money or cursor step (each side of each call). */
const firstOfEachMoneyStep: KillPlan = (steps) => steps.filter((p) => MONEY_AND_CURSOR.test(p.label) && p.occurrence === 1);

/** Kills at each planned step on fresh places, and checks what the runs covered. */
const killEverywhere = async (name: string, fresh: () => Place, plan: KillPlan) => {
  const dry = fresh();
  let steps: ReadonlyArray<KillPoint>;
  try {
    steps = await stepsOfOneRun(dry);
  } finally {
    await dry.remove();
  }
  const reports: KillReport[] = [];
  for (const at of plan(steps)) {
    const place = fresh();
    try {
      reports.push(await killAndRecover(place, at));
    } finally {
      await place.remove();
    }
  }
  const struck = new Set(reports.flatMap((r) => (r.step === undefined ? [] : [r.step])));
  const unreached = reports.filter((r) => r.step === undefined).length;
  console.log(`${name} reactor crash run`, {
    stepsInARun: steps.length,
    kills: reports.length - unreached,
    unreached,
    distinctSteps: struck.size,
    repeatedPayoutCalls: reports.reduce((n, r) => n + r.repeatedPayoutCalls, 0),
    repeatedGatewayCalls: reports.reduce((n, r) => n + r.repeatedGatewayCalls, 0),
  });
  for (const needed of ['payouts.hold:after', 'payouts.release:after', 'gateway.refund:after', 'readSide.writeReactorCursor:before', 'readSide.writeReactorCursor:after', 'events.appendToStreams:after', 'readSide.commit:after']) {
    expect([needed, struck.has(needed)]).toEqual([needed, true]);
  }
  // A planned step a run did not reach (concurrent catch-ups took another path) is not a kill: few may be.
  expect(unreached).toBeLessThanOrEqual(Math.floor(reports.length / 10));
  // A kill loses at most the answer of the one call under way: at most one repeat of each kind.
  expect(reports.filter((r) => r.repeatedPayoutCalls > 1 || r.repeatedGatewayCalls > 1 || r.repeatedPayoutCalls < 0 || r.repeatedGatewayCalls < 0)).toEqual([]);
};

/** Generous: hundreds of short runs on a loaded machine; it catches a hang, not slowness. */
const HANG = 1_800_000;
const FULL = fullRunsRequested();
const WHAT = 'the refund processor and the payout reactor pay, hold and release exactly once';

describe('reactor crash test: SQLite', () => {
  let folder: TestFolder;
  beforeAll(() => {
    folder = testTempFolder('reactor-crash');
  });
  afterAll(() => folder.remove());

  let n = 0;
  const fresh = (): Place => {
    const filename = folder.file(`run-${(n += 1)}.db`);
    return {
      open: () => ({ events: createSqliteEventStore({ filename }), readSide: createSqliteReadSideStore({ filename }) }),
      remove: async () => {
        const { rmSync } = await import('node:fs');
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`, { force: true });
      },
    };
  };

  const title = FULL ? 'killed at every step' : 'killed at the first and the last of each kind of step (every step with DISPUTEKIT_FULL_RUNS=1)';
  it(`SQLite, ${title}: ${WHAT}`, () => killEverywhere('sqlite', fresh, FULL ? everyStep : firstAndLastOfEachStep), HANG);
});

describeWithPostgres('reactor crash test: PostgreSQL', (url) => {
  const created: string[] = [];
  afterAll(() => dropTestSchemas(created, url));
  const fresh = (): Place => {
    const schema = freshSchema('reactor_crash', created);
    return {
      open: () => ({
        events: createPostgresEventStore({ connectionString: url, schema, migrate: true }),
        readSide: createPostgresReadSideStore({ connectionString: url, schema, maxConnections: 2 }),
      }),
      remove: () => dropTestSchemas([schema], url),
    };
  };

  const title = FULL ? 'killed at every step' : 'killed at the first of each kind of money and cursor step (every step with DISPUTEKIT_FULL_RUNS=1)';
  it(`PostgreSQL, ${title}: ${WHAT}`, () => killEverywhere('postgres', fresh, FULL ? everyStep : firstOfEachMoneyStep), HANG);
});
