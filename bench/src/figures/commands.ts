/**
 * Command handling: disputes of 7 commands each, every command read-decide-append (the raw
 * baselines keep the state in memory and only write). Commands/s over all commands of a run.
 */
import pg from 'pg';
import type { DisputeCommand, DisputeState, EventStore } from '@disputekit/core';
import { initialState } from '@disputekit/core';
import type { Contender, Figure } from '../harness';
import { freshSchema, inLanes, pgUnavailable, tempDir } from '../env';
import { closeStore, handleWithDisputekit, openStore, serviceOver, storeUnavailable } from '../contenders/disputekit';
import { emmettInMemory, emmettPostgres, emmettSqlite, handleWithEmmett } from '../contenders/emmett';
import { decideAndFold, rawPg, rawSqlite } from '../contenders/raw';
import { postgresMigrations } from '../../../packages/adapters/src/postgres/postgresSchema';
import { COMMANDS_PER_DISPUTE, disputeCommands, streamName, typed, type CommandJson } from '../workload';

/** The commands of every run (warm-ups included), built before timing: run → disputes → commands. */
const workloadFor = (tag: string, runs: number, disputes: number): CommandJson[][][] =>
  Array.from({ length: runs }, (_, run) => Array.from({ length: disputes }, (_, i) => disputeCommands(`${tag}${run}`, i)));

/** Runs one run's disputes in `lanes` concurrent lanes, each dispute's commands in order. */
const runDisputes = async (disputes: CommandJson[][], lanes: number, handle: (json: CommandJson) => Promise<void>): Promise<number> => {
  await inLanes(disputes.length, lanes, async (i) => {
    for (const json of disputes[i]!) await handle(json);
  });
  return disputes.length * COMMANDS_PER_DISPUTE;
};

interface FigureShape {
  readonly id: string;
  readonly part: string;
  readonly title: string;
  readonly disputes: number;
  readonly warmup: number;
  readonly runs: number;
  readonly lanes: number;
}

// ------------------------------------------------------------------ in memory

const memory: FigureShape = { id: 'commands-memory', part: 'commands-memory', title: 'Command handling in memory', disputes: 2_000, warmup: 2, runs: 5, lanes: 1 };

const rawLoop: Contender = {
  name: 'raw loop',
  kind: 'raw',
  setup: async () => workloadFor('raw', memory.warmup + memory.runs, memory.disputes).map((run) => run.map((d) => d.map(typed))),
  run: async (work: DisputeCommand[][][], run) => {
    let count = 0;
    const log: unknown[] = [];
    for (const dispute of work[run]!) {
      let state: DisputeState = initialState;
      for (const command of dispute) {
        const result = decideAndFold(command, state);
        state = result.state;
        for (const event of result.events) log.push(event);
        count++;
      }
    }
    return count;
  },
};

const memoryFigure: Figure = {
  ...memory,
  unit: 'commands/s',
  disputekit: 'disputekit (service + memory store)',
  ratioTargets: [
    { versus: 'Emmett (in-memory store)', atLeast: 10 },
    { versus: 'raw loop', atLeast: 0.5 },
  ],
  note: `${memory.disputes.toLocaleString('en')} disputes × 7 commands, one writer. raw loop: decide + evolve on typed commands, state in a variable; disputekit: service.handle(command JSON) (parse, read stream, decode, fold, decide, encode, append, order guard); Emmett: parseCommand + DeciderCommandHandler with our decide/evolve.`,
  contenders: [
    rawLoop,
    {
      name: 'disputekit (service + memory store)',
      kind: 'disputekit',
      unavailable: () => storeUnavailable('memory'),
      setup: async () => {
        const store = await openStore('memory');
        return { store, service: serviceOver(store), work: workloadFor('dk', memory.warmup + memory.runs, memory.disputes) };
      },
      run: async (s, run) => runDisputes(s.work[run], 1, (json) => handleWithDisputekit(s.service, json)),
      teardown: async (s) => closeStore(s.store),
    },
    {
      name: 'Emmett (in-memory store)',
      kind: 'emmett',
      setup: async () => ({ store: emmettInMemory(), work: workloadFor('em', memory.warmup + memory.runs, memory.disputes) }),
      run: async (s, run) => runDisputes(s.work[run], 1, (json) => handleWithEmmett(s.store, json)),
    },
  ],
};

// ------------------------------------------------------------------ SQLite

const sqlite: FigureShape = { id: 'commands-sqlite', part: 'commands-sqlite', title: 'Command handling on SQLite (file, one writer)', disputes: 300, warmup: 1, runs: 5, lanes: 1 };

const sqliteFigure: Figure = {
  ...sqlite,
  unit: 'commands/s',
  disputekit: 'disputekit (service + SQLite store)',
  ratioTargets: [
    { versus: 'Emmett (SQLite store)', atLeast: 3 },
    { versus: 'raw better-sqlite3', atLeast: 0.7 },
  ],
  note: `${sqlite.disputes} disputes × 7 commands on a SQLite file. raw: decide/evolve in memory + one prepared INSERT per event in one transaction per command (WAL, synchronous=FULL like disputekit's default); Emmett: its SQLite store (node-sqlite3, one long-lived connection).`,
  contenders: [
    {
      name: 'raw better-sqlite3',
      kind: 'raw',
      setup: async () => {
        const dir = tempDir('raw-cmd');
        return { dir, store: rawSqlite(`${dir.path}/events.db`), work: workloadFor('raw', sqlite.warmup + sqlite.runs, sqlite.disputes).map((run) => run.map((d) => d.map(typed))) };
      },
      run: async (s, run) => {
        let count = 0;
        for (const dispute of s.work[run] as DisputeCommand[][]) {
          let state: DisputeState = initialState;
          let version = 0;
          for (const command of dispute) {
            const result = decideAndFold(command, state);
            s.store.appendEvents(streamName(command.disputeId), version, result.events, command.commandId);
            version += result.events.length;
            state = result.state;
            count++;
          }
        }
        return count;
      },
      teardown: async (s) => {
        s.store.close();
        s.dir.remove();
      },
    },
    {
      name: 'disputekit (service + SQLite store)',
      kind: 'disputekit',
      unavailable: () => storeUnavailable('sqlite'),
      setup: async () => {
        const dir = tempDir('dk-cmd');
        const store = await openStore('sqlite', `${dir.path}/events.db`);
        return { dir, store, service: serviceOver(store), work: workloadFor('dk', sqlite.warmup + sqlite.runs, sqlite.disputes) };
      },
      run: async (s, run) => runDisputes(s.work[run], 1, (json) => handleWithDisputekit(s.service, json)),
      teardown: async (s) => {
        await closeStore(s.store);
        s.dir.remove();
      },
    },
    {
      name: 'Emmett (SQLite store)',
      kind: 'emmett',
      setup: async () => {
        const dir = tempDir('em-cmd');
        return { dir, store: emmettSqlite(`${dir.path}/events.db`), work: workloadFor('em', sqlite.warmup + sqlite.runs, sqlite.disputes) };
      },
      run: async (s, run) => runDisputes(s.work[run], 1, (json) => handleWithEmmett(s.store, json)),
      teardown: async (s) => {
        await s.store.close();
        s.dir.remove();
      },
    },
  ],
};

// ------------------------------------------------------------------ PostgreSQL

/** The same store with group commit (`groupCommit: true`): concurrent commands' appends share transactions. */
const GROUP_COMMIT_CONTENDER = 'disputekit, group commit';

/** The same store on a schema left at version 3, whose append functions hold the position lock across the INSERT (issue 17's before). */
const V3_CONTENDER = 'disputekit, schema v3 (lock across INSERT)';

/** A disputekit store on a fresh schema migrated to version 3 only (the release before issue 17), not migrated further. */
const openSchemaV3Store = async (url: string, schema: string, poolSize: number): Promise<EventStore> => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const [index, migration] of postgresMigrations(schema).slice(0, 3).entries()) {
      await admin.query(migration);
      await admin.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES ($1)`, [index + 1]);
    }
  } finally {
    await admin.end();
  }
  const { createPostgresEventStore } = await import('@disputekit/adapters/postgres');
  return createPostgresEventStore({ connectionString: url, schema, poolSize });
};

const postgresFigure = (writers: number): Figure => {
  const shape: FigureShape = {
    id: `commands-postgres-${writers}`,
    part: 'commands-postgres',
    title: `Command handling on PostgreSQL, ${writers} concurrent writer${writers > 1 ? 's' : ''}`,
    disputes: writers > 1 ? 400 : 150,
    warmup: 1,
    runs: 5,
    lanes: writers,
  };
  return {
    ...shape,
    unit: 'commands/s',
    disputekit: 'disputekit (service + PostgreSQL store)',
    ratioTargets:
      writers > 1
        ? [
            { versus: 'Emmett (PostgreSQL store)', atLeast: 1 },
            { versus: 'raw pg', atLeast: 0.6 },
          ]
        : [],
    note: `${shape.disputes} disputes × 7 commands, ${writers} writer(s) (each a sequence of whole disputes), fresh schema per contender. raw pg: decide/evolve in memory + one prepared multi-row INSERT (unnest) per command, pool of ${writers}; Emmett: its PostgreSQL store (its own pool).`,
    contenders: [
      {
        name: 'raw pg',
        kind: 'raw',
        unavailable: pgUnavailable,
        setup: async () => {
          const schema = await freshSchema('rawcmd');
          const store = await rawPg(schema.url, writers);
          return { schema, store, work: workloadFor('raw', shape.warmup + shape.runs, shape.disputes).map((run) => run.map((d) => d.map(typed))) };
        },
        run: async (s, run) => {
          const disputes = s.work[run] as DisputeCommand[][];
          await inLanes(disputes.length, writers, async (i) => {
            let state: DisputeState = initialState;
            let version = 0;
            for (const command of disputes[i]!) {
              const result = decideAndFold(command, state);
              await s.store.appendEvents(streamName(command.disputeId), version, result.events, command.commandId);
              version += result.events.length;
              state = result.state;
            }
          });
          return disputes.length * COMMANDS_PER_DISPUTE;
        },
        teardown: async (s) => {
          await s.store.close();
          await s.schema.drop();
        },
      },
      {
        name: 'disputekit (service + PostgreSQL store)',
        kind: 'disputekit',
        unavailable: async () => storeUnavailable('postgres') ?? (await pgUnavailable()),
        setup: async () => {
          const schema = await freshSchema('dkcmd');
          const store = await openStore('postgres', { url: schema.url, schema: schema.name, poolSize: Math.max(writers, 2) });
          return { schema, store, service: serviceOver(store), work: workloadFor('dk', shape.warmup + shape.runs, shape.disputes) };
        },
        run: async (s, run) => runDisputes(s.work[run], writers, (json) => handleWithDisputekit(s.service, json)),
        teardown: async (s) => {
          await closeStore(s.store);
          await s.schema.drop();
        },
      },
      {
        name: GROUP_COMMIT_CONTENDER,
        kind: 'disputekit',
        unavailable: async () => storeUnavailable('postgres') ?? (await pgUnavailable()),
        setup: async () => {
          const schema = await freshSchema('dkgccmd');
          const store = await openStore('postgres', { url: schema.url, schema: schema.name, poolSize: Math.max(writers, 2), groupCommit: true });
          return { schema, store, service: serviceOver(store), work: workloadFor('gc', shape.warmup + shape.runs, shape.disputes) };
        },
        run: async (s, run) => runDisputes(s.work[run], writers, (json) => handleWithDisputekit(s.service, json)),
        teardown: async (s) => {
          await closeStore(s.store);
          await s.schema.drop();
        },
      },
      {
        name: V3_CONTENDER,
        kind: 'disputekit',
        unavailable: async () => storeUnavailable('postgres') ?? (await pgUnavailable()),
        setup: async () => {
          const schema = await freshSchema('dkv3cmd');
          const store = await openSchemaV3Store(schema.url, schema.name, Math.max(writers, 2));
          return { schema, store, service: serviceOver(store), work: workloadFor('v3', shape.warmup + shape.runs, shape.disputes) };
        },
        run: async (s, run) => runDisputes(s.work[run], writers, (json) => handleWithDisputekit(s.service, json)),
        teardown: async (s) => {
          await closeStore(s.store);
          await s.schema.drop();
        },
      },
      {
        name: 'Emmett (PostgreSQL store)',
        kind: 'emmett',
        unavailable: pgUnavailable,
        setup: async () => {
          const schema = await freshSchema('emcmd');
          const store = emmettPostgres(schema.url);
          return { schema, store, work: workloadFor('em', shape.warmup + shape.runs, shape.disputes) };
        },
        run: async (s, run) => runDisputes(s.work[run], writers, (json) => handleWithEmmett(s.store, json)),
        teardown: async (s) => {
          await s.store.close();
          await s.schema.drop();
        },
      },
    ],
  };
};

/** The command-handling figures. */
export const commandFigures: Figure[] = [memoryFigure, sqliteFigure, postgresFigure(1), postgresFigure(8)];
