/**
 * Reading 1,000 short streams: 1,000 finished workload disputes (9 events each) are stored, then
 * each contender loads all of them one after the other (read, decode, fold). Streams/s.
 */
import type { Contender, Figure } from '../harness';
import { freshSchema, pgUnavailable, tempDir } from '../env';
import { appendStoredWithDisputekit, closeStore, loadWithDisputekit, openStore, serviceOver, storeUnavailable, type StoreKind } from '../contenders/disputekit';
import { appendStoredWithEmmett, emmettInMemory, emmettPostgres, emmettSqlite, loadWithEmmett } from '../contenders/emmett';
import { rawPg, rawSqlite } from '../contenders/raw';
import { decideAll, disputeCommands, EVENTS_PER_DISPUTE, streamName, toStored, type StoredEventJson } from '../workload';

const STREAMS = 1_000;

/** The 1,000 stored disputes (built once per worker). */
const storedDisputes = (): Array<{ disputeId: string; stored: StoredEventJson[] }> =>
  Array.from({ length: STREAMS }, (_, i) => {
    const commands = disputeCommands('read', i);
    const { events, commandIds } = decideAll(commands);
    return { disputeId: commands[0]!.disputeId, stored: toStored(events, commandIds) };
  });

const expectVersion = (got: number): void => {
  if (got !== EVENTS_PER_DISPUTE) throw new Error(`read ${got} events, expected ${EVENTS_PER_DISPUTE}`);
};

const disputekitReader = (kind: StoreKind, name: string): Contender => ({
  name,
  kind: 'disputekit',
  unavailable: async () => storeUnavailable(kind) ?? (kind === 'postgres' ? await pgUnavailable() : undefined),
  setup: async () => {
    const dir = kind === 'sqlite' ? tempDir('dk-read') : undefined;
    const schema = kind === 'postgres' ? await freshSchema('dkread') : undefined;
    const store = await openStore(kind, dir ? `${dir.path}/events.db` : schema ? { url: schema.url, schema: schema.name } : '');
    const disputes = storedDisputes();
    for (const d of disputes) await appendStoredWithDisputekit(store, d.disputeId, d.stored);
    return { store, dir, schema, disputes, service: serviceOver(store) };
  },
  run: async (s) => {
    for (const d of s.disputes) expectVersion(await loadWithDisputekit(s.service, d.disputeId));
    return s.disputes.length;
  },
  teardown: async (s) => {
    await closeStore(s.store);
    s.dir?.remove();
    await s.schema?.drop();
  },
});

const emmettReader = (kind: StoreKind, name: string): Contender => ({
  name,
  kind: 'emmett',
  unavailable: async () => (kind === 'postgres' ? pgUnavailable() : undefined),
  setup: async () => {
    const dir = kind === 'sqlite' ? tempDir('em-read') : undefined;
    const schema = kind === 'postgres' ? await freshSchema('emread') : undefined;
    const store = kind === 'memory' ? emmettInMemory() : kind === 'sqlite' ? emmettSqlite(`${dir!.path}/events.db`) : emmettPostgres(schema!.url);
    const disputes = storedDisputes();
    for (const d of disputes) await appendStoredWithEmmett(store, d.disputeId, d.stored);
    return { store, dir, schema, disputes };
  },
  run: async (s) => {
    for (const d of s.disputes) expectVersion(await loadWithEmmett(s.store, d.disputeId));
    return s.disputes.length;
  },
  teardown: async (s) => {
    await (s.store as { close?: () => Promise<void> }).close?.();
    s.dir?.remove();
    await s.schema?.drop();
  },
});

const figure = (kind: StoreKind, label: string, contenders: Contender[]): Figure => ({
  id: `read-streams-${kind}`,
  part: 'read-streams',
  title: `Reading 1,000 short streams (${label})`,
  unit: 'streams/s',
  warmup: 2,
  runs: 5,
  disputekit: contenders[kind === 'memory' ? 0 : 1]!.name,
  note: 'Each stream: 9 events of a finished dispute; read one after the other and folded. disputekit: service.load (read, codec decoding, fold); Emmett: aggregateStream with our evolve; raw: one prepared SELECT, JSON.parse (SQLite) or pg\'s jsonb parsing, fold.',
  contenders,
});

/** The stream-reading figures. */
export const readStreamFigures: Figure[] = [
  figure('memory', 'in memory', [disputekitReader('memory', 'disputekit (memory store)'), emmettReader('memory', 'Emmett (in-memory store)')]),
  figure('sqlite', 'SQLite', [
    {
      name: 'raw better-sqlite3 + JSON.parse',
      kind: 'raw',
      setup: async () => {
        const dir = tempDir('raw-read');
        const store = rawSqlite(`${dir.path}/events.db`);
        const disputes = storedDisputes();
        for (const d of disputes) store.appendStored(streamName(d.disputeId), 0, d.stored);
        return { dir, store, disputes };
      },
      run: async (s) => {
        for (const d of s.disputes) expectVersion(s.store.load(streamName(d.disputeId)).count);
        return s.disputes.length;
      },
      teardown: async (s) => {
        s.store.close();
        s.dir.remove();
      },
    },
    disputekitReader('sqlite', 'disputekit (SQLite store)'),
    emmettReader('sqlite', 'Emmett (SQLite store)'),
  ]),
  figure('postgres', 'PostgreSQL', [
    {
      name: 'raw pg',
      kind: 'raw',
      unavailable: pgUnavailable,
      setup: async () => {
        const schema = await freshSchema('rawread');
        const store = await rawPg(schema.url, 1);
        const disputes = storedDisputes();
        for (const d of disputes) await store.appendStored(streamName(d.disputeId), 0, d.stored);
        return { schema, store, disputes };
      },
      run: async (s) => {
        for (const d of s.disputes) expectVersion((await s.store.load(streamName(d.disputeId))).count);
        return s.disputes.length;
      },
      teardown: async (s) => {
        await s.store.close();
        await s.schema.drop();
      },
    },
    disputekitReader('postgres', 'disputekit (PostgreSQL store)'),
    emmettReader('postgres', 'Emmett (PostgreSQL store)'),
  ]),
];
