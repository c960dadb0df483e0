/**
 * The checkpoint check's pass (read the log in pages, hash every leaf) over the first `--sample`
 * events of `scripts/merkle.ts`'s store, in one thread, with the hashing pool (transport `json`),
 * and with workers that read the log themselves (`leafChunks` over `sqliteRangedLog`), alternated
 * `--rounds` times so that all see the same load: wall and CPU µs an event of each (CPU counts
 * every thread of the process).
 *
 *   cd bench && node --import tsx scripts/merklePoolAB.ts [--events N] [--sample M] [--rounds R] [--cache DIR] [--no-pool]
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteEventStore, sqliteRangedLog } from '@disputekit/adapters/sqlite';
import { createHashPool, leafChunks, type HashPool, type RecordedEvent } from '@disputekit/core';
import { leafHashesOf } from '@disputekit/core/internal';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number): number => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const EVENTS = Math.ceil(arg('--events', 1_000_000) / 9) * 9;
const SAMPLE = arg('--sample', 200_000);
const ROUNDS = arg('--rounds', 3);
const cache = process.argv.includes('--cache') ? String(process.argv[process.argv.indexOf('--cache') + 1]) : join(here, '..', '.cache');
const file = join(cache, `merkle-${EVENTS}.db`);

/** The same pass by workers reading the log themselves: positions up to SAMPLE (the store's positions have no gaps). */
const rangedPass = async (): Promise<number> => {
  let bytes = 0;
  for await (const chunk of leafChunks(sqliteRangedLog({ filename: file })!, 0, SAMPLE)) {
    if (chunk.hashed === undefined) throw new Error(`no worker hashed (${chunk.after}, ${chunk.upTo}]`);
    bytes += chunk.hashed.leaves.length;
  }
  return bytes;
};

/** One pass: pages of 8,192 read, each page's leaves hashed (in the pool while the next page is read, or here); returns the leaves' bytes. */
const pass = async (pool: HashPool | undefined): Promise<number> => {
  const store = createSqliteEventStore({ filename: file, readOnly: true });
  let bytes = 0;
  let previous: Promise<Buffer> | undefined;
  for (let after = 0, read = 0; read < SAMPLE; ) {
    const page = await store.readAll({ after, maxCount: Math.min(8_192, SAMPLE - read) });
    if (page._tag === 'Left' || page.right.length === 0) break;
    const events: ReadonlyArray<RecordedEvent> = page.right;
    const hashing = pool === undefined ? Promise.resolve(leafHashesOf(events)) : pool.leafHashes(events);
    if (previous !== undefined) bytes += (await previous).length;
    previous = hashing;
    read += events.length;
    after = events[events.length - 1]!.globalPosition;
  }
  if (previous !== undefined) bytes += (await previous).length;
  await store.close();
  return bytes;
};

const timed = async (pool: HashPool | undefined | 'ranged'): Promise<string> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const bytes = pool === 'ranged' ? await rangedPass() : await pass(pool);
  const used = process.cpuUsage(cpu);
  if (bytes !== SAMPLE * 32) throw new Error(`hashed ${bytes / 32} events, not ${SAMPLE}`);
  return `${(((performance.now() - started) * 1000) / SAMPLE).toFixed(2)} wall, ${((used.user + used.system) / SAMPLE).toFixed(2)} cpu µs/event`;
};

const main = async (): Promise<void> => {
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/merkle.ts first`);
  const pool = createHashPool({ transport: 'json' });
  const results: Record<string, string> = { sample: String(SAMPLE), 'load average at the start': loadavg().map((n) => n.toFixed(2)).join(', ') };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      results[`round ${round}: one thread`] = await timed(undefined);
      if (!process.argv.includes('--no-pool')) results[`round ${round}: pool of ${Math.max(pool.threads, 2)} workers`] = await timed(pool);
      results[`round ${round}: 2 workers reading the log`] = await timed('ranged');
      process.stderr.write(`${JSON.stringify(results)}\n`);
    }
  } finally {
    await pool.close();
  }
  results['load average at the end'] = loadavg().map((n) => n.toFixed(2)).join(', ');
  console.log(JSON.stringify(results, null, 2));
};

await main();
