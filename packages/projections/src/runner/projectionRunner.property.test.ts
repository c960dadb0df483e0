import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { type DisputeEvent } from '@disputekit/core';
import { type ReadSideStore } from '../readSide/projectionLease';
import { readModelUnavailable } from '../readSide/readModelErrors';
import { type Row, type RowChange } from '../readSide/rows';
import { historyArb } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSimulatedClock } from '@disputekit/core';
import { disputeProjections } from '../readModels/readModels';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from '../testing/dumpReadModels';
import { expectedDeadlines, expectedMediatorItem, expectedSummary } from '../testing/readModelOracle';
import { appendEvents, interleave } from '../testing/storeHistories';
import type { ProjectedEvent, Projection } from './projection';
import { createProjectionRunner } from './projectionRunner';

const historiesArb = fc
  .uniqueArray(historyArb({ maxCommands: 20 }), { selector: (h) => h.scenario.disputeId, minLength: 1, maxLength: 5 })
  .map((hs) => hs.map((h) => h.events).filter((events) => events.length > 0));

/** A store whose commits fail (as a crash before COMMIT would) when `failNext` says so. */
const crashing = (store: ReadSideStore, failNext: () => boolean): ReadSideStore => ({
  ...store,
  commit: (target, batch) => (failNext() ? Promise.resolve(E.left(readModelUnavailable('simulated crash before COMMIT'))) : store.commit(target, batch)),
});

const onePass = async (events: ReadonlyArray<DisputeEvent>) => {
  const log = createInMemoryEventStore();
  await appendEvents(log, events);
  const store = createMemoryReadSideStore();
  const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 1_000 });
  const done = await runner.catchUp();
  if (E.isLeft(done)) throw new Error(done.left.message);
  return dumpReadModels(store, disputeProjections);
};

describe('projection runner: killed and resumed at random points', () => {
  it('builds the same read models as one pass, and as a fold over the histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        historiesArb,
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        fc.array(fc.record({ batchSize: fc.integer({ min: 1, max: 9 }), maxBatches: fc.integer({ min: 1, max: 6 }), crash: fc.boolean(), graceful: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 4 }),
        async (histories, picks, lives, chunks) => {
          let p = 0;
          const order = interleave(histories, (n) => picks[p++ % picks.length]! % n);
          const clock = createSimulatedClock('2026-01-01T00:00:00Z');
          const log = createInMemoryEventStore();
          const base = createMemoryReadSideStore();
          const chunkSize = Math.ceil(order.length / chunks);
          let life = 0;
          for (let c = 0; c < chunks; c++) {
            await appendEvents(log, order.slice(c * chunkSize, (c + 1) * chunkSize));
            for (const plan of lives) {
              let commits = 0;
              const store = crashing(base, () => plan.crash && ++commits === plan.maxBatches);
              const runner = createProjectionRunner({
                events: log,
                readSide: store,
                projections: disputeProjections,
                batchSize: plan.batchSize,
                owner: `life-${life++}`,
                clock,
                leaseTtlMs: 1_000,
              });
              const ran = await runner.catchUp({ maxBatches: plan.maxBatches });
              if (E.isLeft(ran)) expect(['ReadModelUnavailable']).toContain(ran.left._tag);
              if (plan.graceful) await runner.stop();
              else clock.advance(1_001); // killed: its lease runs out before the next life
            }
          }
          const finisher = createProjectionRunner({ events: log, readSide: base, projections: disputeProjections, batchSize: 4, owner: 'finisher', clock, leaseTtlMs: 1_000 });
          const done = await finisher.catchUp();
          if (E.isLeft(done)) throw new Error(done.left.message);
          const incremental = await dumpReadModels(base, disputeProjections);
          expect(incremental).toEqual(await onePass(order));
          const sortBy = (key: string) => (a: Row, b: Row) => (String(a[key]) < String(b[key]) ? -1 : 1);
          expect(incremental['dispute_summary.dispute_summary']).toEqual(
            (histories.map(expectedSummary).filter((r) => r !== undefined) as Row[]).sort(sortBy('disputeId')),
          );
          expect(incremental['deadline_queue.deadline_queue']).toEqual(histories.flatMap(expectedDeadlines).sort(sortBy('deadlineKey')));
          expect(incremental['mediator_queue.mediator_queue']).toEqual(
            (histories.map(expectedMediatorItem).filter((r) => r !== undefined) as Row[]).sort(sortBy('disputeId')),
          );
        },
      ),
      { numRuns: 120 },
    );
  });
});

/** Folds events through a projection in memory, one event at a time (every row readable). */
const fold = (projection: Projection, events: ReadonlyArray<ProjectedEvent>): Map<string, Row> => {
  const rows = new Map<string, Row>();
  const keyOf = (table: string, row: Row) => `${table}/${row[projection.tables.find((t) => t.name === table)!.key] as string}`;
  for (const event of events) {
    const changes: ReadonlyArray<RowChange> = projection.apply({ get: (table, key) => rows.get(`${table}/${key}`) }, event);
    for (const change of changes) {
      if (change.op === 'upsert') rows.set(keyOf(change.table, change.row), change.row);
      else rows.delete(`${change.table}/${change.key}`);
    }
  }
  return rows;
};

describe('projections: an event delivered twice changes nothing', () => {
  it.each(disputeProjections.map((p) => [p.name, p] as const))('%s', (_name, projection) => {
    fc.assert(
      fc.property(historiesArb, fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (histories, redeliver) => {
        const projected: ProjectedEvent[] = interleave(histories, (n) => n - 1).map((event, i) => ({
          event,
          streamId: `dispute-${event.data.disputeId}`,
          version: histories.find((h) => h.includes(event))!.indexOf(event) + 1,
          globalPosition: i + 1,
          recordedAt: event.data.at,
        }));
        const withRepeats: ProjectedEvent[] = [];
        projected.forEach((event, i) => {
          withRepeats.push(event);
          const again = redeliver[i % redeliver.length]!;
          if (again % 3 === 0) withRepeats.push(projected[again % (i + 1)]!); // an event already applied comes again
        });
        expect(fold(projection, withRepeats)).toEqual(fold(projection, projected));
      }),
      { numRuns: 150 },
    );
  });
});
