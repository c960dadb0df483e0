/**
 * Where reading a finished 9-event dispute goes (issue 17), on one store: 1,000 workload disputes
 * are stored, then each stage is timed alone over all of them, in CPU µs per stream (user + system
 * of this process, which on a loaded shared machine is steadier than wall time) and wall µs, best of
 * several rounds: the store's readStream, the service's load, and the raw baseline of the same store.
 * With `--prof FILE` more rounds of one stage (only those; `--stage N`, default 1: service.load)
 * are CPU-profiled through the inspector and written to FILE (summarise with scripts/profileSummary.ts).
 *
 * Usage: node --import tsx scripts/readProfile.ts memory|sqlite|postgres [--rounds N] [--prof FILE [--stage N]]
 */
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { Session } from 'node:inspector/promises';
import { createDisputeService, disputeStreamId, fixedClock, replay, type EventStore } from '@disputekit/core';
import { appendStoredWithEmmett, emmettInMemory, loadWithEmmett } from '../src/contenders/emmett';
import { freshSchema, tempDir, type BenchSchema } from '../src/env';
import { appendStoredWithDisputekit, closeStore, loadWithDisputekit, openStore, serviceOver, type StoreKind } from '../src/contenders/disputekit';
import { rawPg, rawSqlite } from '../src/contenders/raw';
import { decodeDisputeStream } from '@disputekit/core/internal';
import { decodeAll, decideAll, disputeCommands, streamName, toStored } from '../src/workload';

const STREAMS = 1_000;
const args = process.argv.slice(2);
const kind = args[0] as StoreKind;
if (!['memory', 'sqlite', 'postgres'].includes(kind)) throw new Error('usage: readProfile.ts memory|sqlite|postgres [--rounds N] [--prof FILE [--stage N]]');
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const ROUNDS = Number(option('--rounds') ?? 7);
const profileFile = option('--prof');

const cpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** A stage of the breakdown: its name and one pass over every stream. */
type Stage = readonly [string, () => Promise<void> | void];

/**
 * Best of ROUNDS for each stage, CPU µs and wall µs per stream; the stages take turns within each
 * round, so that a change of the machine's load during the run falls on all of them alike.
 */
const bestOf = async (stages: ReadonlyArray<Stage>): Promise<void> => {
  const cpu = stages.map(() => Infinity);
  const wall = stages.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, [, run]] of stages.entries()) {
      const startCpu = cpuMicros();
      const start = process.hrtime.bigint();
      await run();
      wall[index] = Math.min(wall[index]!, Number(process.hrtime.bigint() - start) / 1e3 / STREAMS);
      cpu[index] = Math.min(cpu[index]!, (cpuMicros() - startCpu) / STREAMS);
    }
  }
  for (const [index, [what]] of stages.entries()) {
    console.log(`${what.padEnd(44)} cpu ${cpu[index]!.toFixed(1).padStart(7)} µs/stream   wall ${wall[index]!.toFixed(1).padStart(7)} µs/stream`);
  }
};

const main = async (): Promise<void> => {
  const disputes = Array.from({ length: STREAMS }, (_, i) => {
    const commands = disputeCommands('read', i);
    const { events, commandIds } = decideAll(commands);
    return { disputeId: commands[0]!.disputeId, stored: toStored(events, commandIds) };
  });
  const dir = kind === 'sqlite' ? tempDir('read-profile') : undefined;
  let schema: BenchSchema | undefined;
  let rawSchema: BenchSchema | undefined;
  let store: EventStore;
  let rawLoad: ((streamId: string) => Promise<unknown> | unknown) | undefined;
  let rawClose: () => Promise<void> | void = () => undefined;
  if (kind === 'postgres') {
    schema = await freshSchema('dkprof');
    rawSchema = await freshSchema('rawprof');
    store = await openStore('postgres', { url: schema.url, schema: schema.name });
    const raw = await rawPg(rawSchema.url, 1);
    for (const d of disputes) await raw.appendStored(streamName(d.disputeId), 0, d.stored);
    rawLoad = (streamId) => raw.load(streamId);
    rawClose = () => raw.close();
  } else if (kind === 'sqlite') {
    store = await openStore('sqlite', `${dir!.path}/events.db`);
    const raw = rawSqlite(`${dir!.path}/raw.db`);
    for (const d of disputes) raw.appendStored(streamName(d.disputeId), 0, d.stored);
    rawLoad = (streamId) => raw.load(streamId);
    rawClose = () => raw.close();
  } else store = await openStore('memory');
  for (const d of disputes) await appendStoredWithDisputekit(store, d.disputeId, d.stored);
  const service = serviceOver(store);
  const uncached = createDisputeService({ store, clock: fixedClock('2026-03-20T00:00:00.000Z'), cacheSize: 0 });
  try {
    console.log(`${kind}: ${STREAMS} streams of 9 events, best of ${ROUNDS} rounds, load ${process.env['LOAD'] ?? ''}`);
    const typed = disputes.map((d) => decodeAll(d.stored));
    const stages: Stage[] = [
      ['store.readStream', async () => {
        for (const d of disputes) await store.readStream(disputeStreamId(d.disputeId));
      }],
      ['service.load (all of it)', async () => {
        for (const d of disputes) await loadWithDisputekit(service, d.disputeId);
      }],
      ['service.load, cacheSize 0', async () => {
        for (const d of disputes) await loadWithDisputekit(uncached, d.disputeId);
      }],
      ['replay (the fold alone, typed events)', () => {
        for (const events of typed) replay(events);
      }],
    ];
    if (kind === 'memory') {
      const emmett = emmettInMemory();
      for (const d of disputes) await appendStoredWithEmmett(emmett, d.disputeId, d.stored);
      stages.push(['Emmett aggregateStream', async () => {
        for (const d of disputes) await loadWithEmmett(emmett, d.disputeId);
      }]);
    }
    if (kind === 'sqlite') {
      // The parts of a SQLite stream read, on a second connection to the same file.
      const db = new Database(`${dir!.path}/events.db`, { readonly: true });
      const select = db.prepare('SELECT version, global_position, event_id, type, data, metadata FROM disputekit_events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?').raw();
      const read = await Promise.all(disputes.map(async (d) => ({ d, stored: await store.readStream(disputeStreamId(d.disputeId)) })));
      stages.push(['  sqlite rows only (6 columns, raw)', () => {
        for (const d of disputes) select.all(streamName(d.disputeId), 1, -1);
      }]);
      stages.push(['  sqlite rows + JSON.parse data, metadata', () => {
        for (const d of disputes) for (const row of select.all(streamName(d.disputeId), 1, -1) as unknown[][]) {
          JSON.parse(row[4] as string);
          JSON.parse(row[5] as string);
        }
      }]);
      stages.push(['  store.readStream + decodeDisputeStream', async () => {
        for (const d of disputes) {
          const stored = await store.readStream(disputeStreamId(d.disputeId));
          if (E.isRight(stored)) decodeDisputeStream(d.disputeId, stored.right);
        }
      }]);
      stages.push(['  decodeDisputeStream of read records', () => {
        for (const { d, stored } of read) if (E.isRight(stored)) decodeDisputeStream(d.disputeId, stored.right);
      }]);
    }
    if (rawLoad !== undefined) {
      const load = rawLoad;
      stages.push(['raw: query + parse + fold', async () => {
        for (const d of disputes) await load(streamName(d.disputeId));
      }]);
    }
    await bestOf(stages);
    if (profileFile !== undefined) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      const stage = stages[Number(option('--stage') ?? 1)]!;
      for (let round = 0; round < ROUNDS * 3; round++) await stage[1]();
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profileFile, JSON.stringify(profile));
      session.disconnect();
      console.log(`profile of ${ROUNDS * 3} rounds of ${stage[0]} written to ${profileFile}`);
    }
  } finally {
    await rawClose();
    await closeStore(store);
    dir?.remove();
    await schema?.drop();
    await rawSchema?.drop();
  }
};

await main();
