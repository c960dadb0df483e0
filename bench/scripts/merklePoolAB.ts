/**
 * The checkpoint check's pass (read the log in pages, hash every leaf) over the first `--sample`
 * events of `scripts/merkle.ts`'s store, in one thread and with the hashing pool (transport `json`),
 * alternated `--rounds` times so that both see the same load: wall and CPU µs an event of each.
 *
 *   cd bench && node --import tsx scripts/merklePoolAB.ts [--events N] [--sample M] [--rounds R]
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createHashPool, leafHashesOf, type HashPool, type RecordedEvent } from '@disputekit/core';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number): number => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const EVENTS = Math.ceil(arg('--events', 1_000_000) / 9) * 9;
const SAMPLE = arg('--sample', 200_000);
const ROUNDS = arg('--rounds', 3);
const file = join(here, '..', '.cache', `merkle-${EVENTS}.db`);

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

const timed = async (pool: HashPool | undefined): Promise<string> => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const bytes = await pass(pool);
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
      results[`round ${round}: pool of ${Math.max(pool.threads, 2)} workers`] = await timed(pool);
      process.stderr.write(`${JSON.stringify(results)}\n`);
    }
  } finally {
    await pool.close();
  }
  results['load average at the end'] = loadavg().map((n) => n.toFixed(2)).join(', ');
  console.log(JSON.stringify(results, null, 2));
};

await main();
