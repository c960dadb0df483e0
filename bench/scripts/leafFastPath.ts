/**
 * What the leaf of a stored log row costs, the usual way against the short way for data already
 * stored as canonical JSON: CPU microseconds an event over the first `--sample` rows (default 200,000)
 * of a SQLite store built by `scripts/merkle.ts` (`--db FILE`, default /tmp/merklecache/merkle-1000008.db).
 * The rows are read into memory first (not timed); each way then runs over them in pages of 4,096, as
 * a worker of `leafChunks` does, alternated `--rounds` times (default 3) after one warm-up round.
 *
 *   cd bench && node --import tsx scripts/leafFastPath.ts [--sample N] [--rounds R] [--db FILE]
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { canonicalJson } from '../../packages/core/src/audit/canonicalJson';
import { isCanonicalJsonText } from '../../packages/core/src/audit/canonicalJsonText';
import { eventLeafHash } from '../../packages/core/src/audit/merkle/logLeaf';
import { decodeLogLeafRows, logLeafRowHash } from '../../packages/core/src/audit/merkle/logRowLeaf';
import { leafHash } from '../../packages/core/src/audit/merkle/treeHash';
import { decodeLogRows } from '../../packages/core/src/eventStore/storedRows';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const SAMPLE = Number(option('--sample') ?? 200_000);
const ROUNDS = Number(option('--rounds') ?? 3);
const FILE = option('--db') ?? '/tmp/merklecache/merkle-1000008.db';
const PAGE = 4_096;
/** better-sqlite3 as the adapters package has it (the bench needs no install of its own). */
const require = createRequire(join(here, '..', '..', 'packages', 'adapters', 'package.json'));
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

type Row = ReadonlyArray<unknown>;

const readRows = (): Row[] => {
  const db = new Database(FILE, { readonly: true });
  const rows = db
    .prepare('SELECT stream_id, version, global_position, event_id, type, data, metadata FROM disputekit_events ORDER BY global_position LIMIT ?')
    .raw(true)
    .all(SAMPLE) as Row[];
  db.close();
  return rows;
};

/** CPU microseconds an event that `work` took over every page (user + system of this process). */
const perEvent = (rows: ReadonlyArray<Row>, work: (page: ReadonlyArray<Row>) => number): { cpu: number; check: number } => {
  let check = 0;
  const before = process.cpuUsage();
  for (let at = 0; at < rows.length; at += PAGE) check += work(rows.slice(at, at + PAGE));
  const cpu = process.cpuUsage(before);
  return { cpu: (cpu.user + cpu.system) / rows.length, check };
};

/** Each way returns a number folded from its output, so that nothing it computes can be left out. */
const ways: Record<string, (page: ReadonlyArray<Row>) => number> = {
  'usual: decodeLogRows + eventLeafHash': (page) => {
    const decoded = decodeLogRows(page);
    if (decoded._tag === 'Left') throw new Error(decoded.left.message);
    let check = 0;
    for (const event of decoded.right) check += eventLeafHash(event)[0] as number;
    return check;
  },
  'short: decodeLogLeafRows + logLeafRowHash': (page) => {
    const decoded = decodeLogLeafRows(page);
    if (decoded._tag === 'Left') throw new Error(decoded.left.message);
    let check = 0;
    for (const row of decoded.right) check += logLeafRowHash(row)[0] as number;
    return check;
  },
  'isCanonicalJsonText(data) alone': (page) => {
    let check = 0;
    for (const row of page) check += isCanonicalJsonText(row[5] as string) ? 1 : 0;
    return check;
  },
  'JSON.parse + canonicalJson of the metadata alone': (page) => {
    let check = 0;
    for (const row of page) check += canonicalJson(JSON.parse(row[6] as string)).length;
    return check;
  },
  'JSON.parse + canonicalJson of the data alone': (page) => {
    let check = 0;
    for (const row of page) check += canonicalJson(JSON.parse(row[5] as string)).length;
    return check;
  },
  'SHA-256 of a leaf-sized text (data + metadata texts) alone': (page) => {
    let check = 0;
    for (const row of page) check += leafHash(`{"data":${row[5] as string},"metadata":${row[6] as string}}`)[0] as number;
    return check;
  },
};

const rows = readRows();
const canonical = rows.filter((row) => isCanonicalJsonText(row[5] as string)).length;
console.log(`${rows.length} rows of ${FILE}; data canonical in ${canonical}; mean data ${Math.round(rows.reduce((n, row) => n + (row[5] as string).length, 0) / rows.length)} and metadata ${Math.round(rows.reduce((n, row) => n + (row[6] as string).length, 0) / rows.length)} characters`);
console.log(`load average at the start (1, 5, 15 min): ${loadavg().map((n) => n.toFixed(2)).join(', ')}`);
/** Both ways' leaves over every row (not timed): they must be the same bytes. */
const sameLeaves = (): boolean => {
  const usual = decodeLogRows(rows);
  const short = decodeLogLeafRows(rows);
  if (usual._tag === 'Left' || short._tag === 'Left') throw new Error('a corrupt row in the sample');
  return Buffer.concat(usual.right.map((event) => eventLeafHash(event))).equals(Buffer.concat(short.right.map((row) => logLeafRowHash(row))));
};
if (!sameLeaves()) throw new Error('the two ways gave different leaves');
console.log('both ways gave the same leaves over every row');
const results = new Map<string, number[]>();
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, work] of Object.entries(ways)) {
    const { cpu } = perEvent(rows, work);
    if (round > 0) results.set(name, [...(results.get(name) ?? []), cpu]);
  }
}
console.log(`CPU µs an event, ${ROUNDS} rounds alternated (after one warm-up round): min / median / max`);
for (const [name, figures] of results) {
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(`  ${name}: ${sorted[0]!.toFixed(2)} / ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} / ${sorted[sorted.length - 1]!.toFixed(2)}`);
}
console.log(`load average at the end (1, 5, 15 min): ${loadavg().map((n) => n.toFixed(2)).join(', ')}`);
