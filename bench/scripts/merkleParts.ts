/**
 * Where a pass of the Merkle log goes, part by part, and what the ways of making it cheaper would
 * save: CPU microseconds an event for each part of a tree pass over the store that
 * `scripts/merkle.ts` builds (run that first: it makes `bench/.cache/merkle-N.db`), and the two
 * cores' speed-up for the leaf hashing split over two worker threads.
 *
 *   cd bench && node --import tsx scripts/merkleParts.ts [--events N] [--sample M]
 *
 * Measures the first `--sample` events (default 200,000) of the cached store of `--events` events
 * (default 1,000,000, as `scripts/merkle.ts`). Each part is timed alone, in process CPU seconds.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { deserialize, serialize } from 'node:v8';
import {
  canonicalJson,
  chainHashesOf,
  createLogVerifier,
  eventLeafHash,
  leafHash,
  leafHashesOf,
  precomputedChainHashes,
  type RecordedEvent,
} from '@disputekit/core';
import { eventHashV2, leafText } from '@disputekit/core/internal';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number): number => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const EVENTS = Math.ceil(arg('--events', 1_000_000) / 9) * 9;
const SAMPLE = arg('--sample', 200_000);
const file = join(here, '..', '.cache', `merkle-${EVENTS}.db`);
const PAGE = 1_000;
/** better-sqlite3 as the adapters package has it (the bench needs no install of its own). */
const require = createRequire(join(here, '..', '..', 'packages', 'adapters', 'package.json'));
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

/** CPU microseconds an event spent in `work` (user + system of this process). */
const perEvent = (count: number, work: () => void): number => {
  const before = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / count;
};

/** Wall and CPU microseconds an event of an async `work` (worker threads' CPU is counted in this process's usage). */
const timed = async (count: number, work: () => Promise<void>): Promise<{ wall: number; cpu: number }> => {
  const before = process.cpuUsage();
  const started = performance.now();
  await work();
  const cpu = process.cpuUsage(before);
  return { wall: ((performance.now() - started) * 1000) / count, cpu: (cpu.user + cpu.system) / count };
};

/** The leaf hashing of positions (from, to] in a worker thread that opens the file itself (`merkleLeafWorker.ts`); resolves to how many. */
const hashInWorker = (from: number, to: number): Promise<number> =>
  new Promise((resolve, reject) => {
    // A worker does not take --import tsx: it registers tsx itself, then loads the TypeScript module.
    const tsx = pathToFileURL(createRequire(join(here, '..', '..', 'package.json')).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
    const module = new URL('./merkleLeafWorker.ts', import.meta.url).href;
    const worker = new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module)}); })`, { eval: true, workerData: { file, from, to } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });

const main = async (): Promise<void> => {
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/merkle.ts --events ${EVENTS} first (it builds the store)`);
  const db = new Database(file, { readonly: true });
  const rawRead = db.prepare('SELECT stream_id, version, global_position, event_id, type, data, metadata FROM disputekit_events WHERE global_position > ? ORDER BY global_position LIMIT ?').raw();
  const rows: unknown[][] = [];
  const results: Record<string, string> = { events: String(SAMPLE), 'load average (1, 5, 15 min)': (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(', ') };
  const us = (value: number): string => `${value.toFixed(2)} µs/event`;

  results['read raw rows (SQLite, no decoding)'] = us(
    perEvent(SAMPLE, () => {
      for (let after = 0; rows.length < SAMPLE; ) {
        const page = rawRead.all(after, PAGE) as unknown[][];
        if (page.length === 0) break;
        rows.push(...page);
        after = page[page.length - 1]![2] as number;
      }
    }),
  );
  results['JSON.parse of data and metadata'] = us(perEvent(SAMPLE, () => rows.forEach((row) => (JSON.parse(row[5] as string), JSON.parse(row[6] as string)))));

  const store = createSqliteEventStore({ filename: file, readOnly: true });
  const events: RecordedEvent[] = [];
  const before = process.cpuUsage();
  for (let after = 0; events.length < SAMPLE; ) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page._tag === 'Left' || page.right.length === 0) break;
    events.push(...page.right);
    after = page.right[page.right.length - 1]!.globalPosition;
  }
  const cpu = process.cpuUsage(before);
  results['readAll (read, parse and decode: what a pass does today)'] = us((cpu.user + cpu.system) / SAMPLE);
  await store.close();

  let bytes = 0;
  results['leaf: canonical JSON of the event'] = us(perEvent(SAMPLE, () => events.forEach((event) => (bytes += leafText(event).length))));
  // The texts of a tenth of the sample, hashed ten times: keeping every text alive would time the garbage collector.
  const texts = events.slice(0, Math.ceil(SAMPLE / 10)).map(leafText);
  results[`leaf: SHA-256 of its ${Math.round(bytes / SAMPLE)} bytes`] = us(perEvent(texts.length * 10, () => { for (let round = 0; round < 10; round++) texts.forEach((text) => leafHash(text)); }));
  results['leaf as today (eventLeafHash: both)'] = us(perEvent(SAMPLE, () => events.forEach((event) => eventLeafHash(event))));
  results['the chain check of the same event (eventHashV2, what verify does anyway)'] = us(perEvent(SAMPLE, () => events.forEach((event) => eventHashV2(event))));
  const position = Buffer.alloc(8);
  results['a leaf over position and stored chain hash (SHA-256 of 40 bytes)'] = us(
    perEvent(SAMPLE, () =>
      events.forEach((event) => {
        position.writeBigUInt64BE(BigInt(event.globalPosition));
        leafHash(Buffer.concat([position, Buffer.from(event.metadata['hash'] as string, 'hex')]));
      }),
    ),
  );
  results['canonical JSON of the parsed raw row (no io-ts)'] = us(
    perEvent(SAMPLE, () => rows.forEach((row) => canonicalJson({ data: JSON.parse(row[5] as string), metadata: JSON.parse(row[6] as string), streamId: row[0], type: row[4], version: row[1] }))),
  );

  // The pool's parts (createHashPool): what the calling thread pays to send a page (structured clone), what a worker pays to receive it and hash it.
  const pages = Array.from({ length: Math.ceil(events.length / 2_048) }, (_, i) => events.slice(i * 2_048, (i + 1) * 2_048));
  let clones: Buffer[] = [];
  results['pool, calling thread: structured clone of the pages sent (v8.serialize)'] = us(perEvent(SAMPLE, () => (clones = pages.map((page) => serialize(page)))));
  results['pool, worker: receiving them (v8.deserialize)'] = us(perEvent(SAMPLE, () => clones.forEach((clone) => deserialize(clone))));
  clones = [];
  let jsonPages: string[] = [];
  results["pool, calling thread: the pages as JSON text (transport 'json', JSON.stringify)"] = us(perEvent(SAMPLE, () => (jsonPages = pages.map((page) => JSON.stringify(page)))));
  results["pool, worker: parsing them (JSON.parse)"] = us(perEvent(SAMPLE, () => jsonPages.forEach((text) => JSON.parse(text))));
  jsonPages = [];
  results['pool, worker: leaf hashes of a page (leafHashesOf)'] = us(perEvent(SAMPLE, () => pages.forEach((page) => leafHashesOf(page))));
  let chains: Array<Array<string | null>> = [];
  results['pool, worker: chain hashes of a page (chainHashesOf)'] = us(perEvent(SAMPLE, () => (chains = pages.map((page) => chainHashesOf(page)))));
  pages.forEach((page, p) => page.forEach((event, i) => precomputedChainHashes.set(event, chains[p]![i]!)));
  results['verify, calling thread: the log verifier with the chain hashes computed ahead (decode, fold, rules, chain links)'] = us(
    perEvent(SAMPLE, () => {
      const verifier = createLogVerifier();
      events.forEach((event) => verifier.push(event));
      verifier.finish();
    }),
  );
  chains = [];

  const last = events[events.length - 1]!.globalPosition;
  const one = await timed(SAMPLE, async () => void (await hashInWorker(0, last)));
  results['one worker thread: raw read + JSON.parse + leafText + leafHash (wall, cpu)'] = `${one.wall.toFixed(2)}, ${one.cpu.toFixed(2)} µs/event`;
  const half = events[Math.floor(events.length / 2)]!.globalPosition;
  const two = await timed(SAMPLE, async () => void (await Promise.all([hashInWorker(0, half), hashInWorker(half, last)])));
  results['two workers, half the log each (wall, cpu)'] = `${two.wall.toFixed(2)}, ${two.cpu.toFixed(2)} µs/event`;
  db.close();
  console.log(JSON.stringify(results, null, 2));
};

await main();
