import { dirname, extname, join } from 'node:path';
import type { RangedLog } from '@disputekit/core';
import { callerFile } from '@disputekit/core/internal';
import type { PostgresLogRangeOptions } from './postgresLogRangeReader';
import { DEFAULT_POSTGRES_SCHEMA, quoteSchema } from './postgresSchema';

/**
 * The module the workers import for `openPostgresLogRangeReader`: the built `postgres/index` bundle
 * this code is in, or, from the sources, `postgresLogRangeReader.ts` beside this file (which imports
 * nothing from core, so that tsx can load it in a worker without a build).
 */
const readerModule = ((): string | undefined => {
  const file = callerFile();
  if (file === undefined) return undefined;
  return extname(file) === '.ts' ? join(dirname(file), 'postgresLogRangeReader.ts') : file;
})();

/**
 * A PostgreSQL store's log as worker threads read it (`RangedLog`, for `createMerkleLog`'s
 * `rangedLog` and `leafChunks`): each worker opens its own connection (`openPostgresLogRangeReader`).
 * `lastPosition` is the last position `readAll` shows now (every transaction that wrote at or below
 * it has ended: later transactions take higher positions). `undefined` when this module's file
 * cannot be named.
 */
export const postgresRangedLog = (options: PostgresLogRangeOptions): RangedLog | undefined => {
  if (readerModule === undefined) return undefined;
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const table = `${quoteSchema(schema)}.events`;
  return {
    opener: { module: readerModule, exportName: 'openPostgresLogRangeReader', options: { connectionString: options.connectionString, schema } },
    lastPosition: async () => {
      const pg = await import('pg');
      const client = new (pg.default ?? pg).Client({ connectionString: options.connectionString });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const result = await client.query(`SELECT COALESCE(MAX(global_position), 0)::text AS last FROM ${table} WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`);
        return Number((result.rows[0] as { last: string }).last);
      } finally {
        await client.end();
      }
    },
  };
};
