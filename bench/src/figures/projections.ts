/**
 * Projection catch-up: 100,000 events (11,112 workload disputes) stored in disputekit's event store;
 * each run builds the disputeSummary read model from zero into a fresh read-side store with the
 * projection runner's `catchUp()`. Events/s.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';
import type { ReadSideStore } from '@disputekit/projections';
import type { Contender, Figure } from '../harness';
import { freshSchema, hasSource, inLanes, pgUnavailable, tempDir } from '../env';
import { appendStoredWithDisputekit, closeStore, openStore, storeUnavailable, type StoreKind } from '../contenders/disputekit';
import { decideAll, disputeCommands, EVENTS_PER_DISPUTE, toStored } from '../workload';

const DISPUTES = Math.ceil(100_000 / EVENTS_PER_DISPUTE);
const EVENTS = DISPUTES * EVENTS_PER_DISPUTE;

const projectionsUnavailable = (): string | undefined =>
  hasSource('packages/projections/src/runner/projectionRunner.ts') && hasSource('packages/projections/src/readModels/disputeSummary.ts')
    ? undefined
    : 'not available yet: packages/projections has no runner or disputeSummary';

type Projections = typeof import('@disputekit/projections');

/** Stores the 100,000 events (setup, not timed). */
const fill = async (store: EventStore, lanes: number): Promise<void> => {
  await inLanes(DISPUTES, lanes, async (i) => {
    const commands = disputeCommands('proj', i);
    const { events, commandIds } = decideAll(commands);
    await appendStoredWithDisputekit(store, commands[0]!.disputeId, toStored(events, commandIds));
  });
};

/** One catch-up from zero into a fresh read side; checks every event was applied. */
const catchUp = async (p: Projections, events: EventStore, readSide: ReadSideStore): Promise<number> => {
  const runner = p.createProjectionRunner({ events, readSide, projections: [p.disputeSummaryProjection], owner: 'bench' });
  const done = await runner.catchUp();
  if (E.isLeft(done)) throw new Error(`catch-up failed: ${done.left._tag}: ${done.left.message}`);
  const status = runner.status().find((s) => s.projection === p.disputeSummaryProjection.name) as { checkpoint?: number } | undefined;
  if (status?.checkpoint !== undefined && status.checkpoint < EVENTS) throw new Error(`catch-up stopped at ${status.checkpoint} of ${EVENTS}`);
  await runner.stop();
  return EVENTS;
};

const contender = (eventStore: StoreKind, readSide: 'sqlite' | 'postgres', name: string): Contender => ({
  name,
  kind: 'disputekit',
  unavailable: async () =>
    projectionsUnavailable() ?? storeUnavailable(eventStore) ?? (eventStore === 'postgres' || readSide === 'postgres' ? await pgUnavailable() : undefined),
  setup: async () => {
    const p: Projections = await import('@disputekit/projections');
    const dir = tempDir('proj');
    const schema = eventStore === 'postgres' || readSide === 'postgres' ? await freshSchema('proj') : undefined;
    const store = await openStore(eventStore, eventStore === 'sqlite' ? `${dir.path}/events.db` : schema ? { url: schema.url, schema: schema.name, poolSize: 8 } : '');
    await fill(store, eventStore === 'postgres' ? 8 : 1);
    return { p, dir, schema, store };
  },
  run: async (s, run) => {
    const readModels =
      readSide === 'sqlite'
        ? s.p.createSqliteReadSideStore({ filename: eventStore === 'sqlite' ? `${s.dir.path}/events.db` : `${s.dir.path}/read.db`, tablePrefix: `rm${run}_` })
        : s.p.createPostgresReadSideStore({ connectionString: s.schema!.url, schema: s.schema!.name, tablePrefix: `rm${run}_` });
    try {
      return await catchUp(s.p, s.store, readModels);
    } finally {
      await readModels.close();
    }
  },
  teardown: async (s) => {
    await closeStore(s.store);
    s.dir.remove();
    await s.schema?.drop();
  },
});

const figure = (db: 'sqlite' | 'postgres', label: string, atLeast: number): Figure => ({
  id: `projection-${db}`,
  part: 'projections',
  title: `Projection catch-up of ${EVENTS.toLocaleString('en')} events into disputeSummary (${label})`,
  unit: 'events/s',
  warmup: 1,
  runs: 3,
  disputekit: `disputekit (${label} events → ${label} read model)`,
  absoluteTargets: [{ metric: 'rate', atLeast }],
  note: `${DISPUTES.toLocaleString('en')} finished disputes; each run: createProjectionRunner({ projections: [disputeSummaryProjection] }).catchUp() from zero into a fresh read-side store (default batch size). The memory-events row isolates the read side's cost.`,
  contenders: [
    contender(db, db, `disputekit (${label} events → ${label} read model)`),
    contender('memory', db, `disputekit (memory events → ${label} read model)`),
  ],
});

/** The projection figures (issue 6: ≥ 50,000 events/s on SQLite, ≥ 20,000 on PostgreSQL). */
export const projectionFigures: Figure[] = [figure('sqlite', 'SQLite', 50_000), figure('postgres', 'PostgreSQL', 20_000)];
