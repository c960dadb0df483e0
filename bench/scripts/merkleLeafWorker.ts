/**
 * A worker thread of `scripts/merkleParts.ts`: hashes the leaves of the events at global positions
 * (from, to] of a SQLite store, read raw (no io-ts decoding) with core's own `leafText` and
 * `leafHash`, and posts how many it hashed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { leafHash } from '@disputekit/core';
import { leafText } from '@disputekit/core/internal';

const here = dirname(fileURLToPath(import.meta.url));
const Database = createRequire(join(here, '..', '..', 'packages', 'adapters', 'package.json'))('better-sqlite3') as typeof import('better-sqlite3');
const { file, from, to } = workerData as { file: string; from: number; to: number };
const db = new Database(file, { readonly: true });
const read = db
  .prepare('SELECT stream_id, version, type, data, metadata, global_position FROM disputekit_events WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT 5000')
  .raw();
let after = from;
let count = 0;
for (;;) {
  const rows = read.all(after, to) as Array<[string, number, string, string, string, number]>;
  if (rows.length === 0) break;
  for (const [streamId, version, type, data, metadata] of rows) {
    leafHash(leafText({ streamId: streamId as never, version, type, data: JSON.parse(data) as unknown, metadata: JSON.parse(metadata) as never }));
    count++;
  }
  after = rows[rows.length - 1]![5];
}
db.close();
parentPort!.postMessage(count);
