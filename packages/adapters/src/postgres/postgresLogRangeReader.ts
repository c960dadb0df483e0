import type { LogRangeReader } from '@disputekit/core';

// Loaded by worker threads, from the sources too (through tsx): no value import from '@disputekit/core' here.

/** Options of `openPostgresLogRangeReader` (what a worker thread is sent: structured-cloneable). */
export interface PostgresLogRangeOptions {
  /** The server to connect to (each worker opens its own connection). */
  readonly connectionString: string;
  /** The store's schema (default `disputekit`). */
  readonly schema?: string;
}

/** The schema's name quoted for SQL; refuses a name the stores refuse too. */
const quoted = (schema: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and underscores.`);
  return `"${schema}"`;
};

/**
 * A reader of a PostgreSQL store's log by position range (`LogRangeReader`), on its own connection
 * (`pg`, loaded here): what each worker thread of `leafChunks` opens. It reads, as `readAll` does,
 * only events whose transaction is below the oldest one still running. Rows come as stored (data
 * and metadata as JSON text), in the columns `decodeLogRows` takes.
 */
export const openPostgresLogRangeReader = async (options: PostgresLogRangeOptions): Promise<LogRangeReader> => {
  const pg = await import('pg');
  const Client = (pg.default ?? pg).Client;
  const client = new Client({ connectionString: options.connectionString });
  client.on('error', () => undefined);
  await client.connect();
  // The position is sent as text (a bigint); the ORDER BY names the column, not that text (which would sort "10" before "2").
  const sql = `SELECT e.stream_id, e.version, e.global_position::text AS position_text, e.event_id, e.type, e.data, e.metadata FROM ${quoted(options.schema ?? 'disputekit')}.events e
               WHERE e.global_position > $1 AND e.global_position <= $2 AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
               ORDER BY e.global_position LIMIT $3`;
  return {
    readRows: async (after, upTo, maxCount) => (await client.query({ text: sql, values: [after, upTo, maxCount], rowMode: 'array' })).rows as unknown[][],
    close: () => client.end(),
  };
};
