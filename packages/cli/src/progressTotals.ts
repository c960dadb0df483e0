import { createReadStream } from 'node:fs';
import type { Sink } from './io';
import type { StoreSpec } from './storeUrl';

/**
 * The total a progress bar needs, worked out only when it will be drawn (stderr is a terminal):
 * otherwise `undefined` at no cost. A total that cannot be had (a store that cannot count, an error)
 * is `undefined` too: the progress then shows a count and a rate instead of a percentage.
 */
export const totalIfShown = async (sink: Sink, count: () => Promise<number | undefined>): Promise<number | undefined> => {
  if (sink.isTTY !== true) return undefined;
  try {
    return await count();
  } catch {
    return undefined;
  }
};

/** The lines of a file (JSON Lines: one event a line), counted in one quick pass over its bytes. */
export const countFileLines = async (path: string): Promise<number> => {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
    if (bytes.length > 0) last = bytes[bytes.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
};

/** How many events a store holds: SQLite and PostgreSQL count their events table; memory and EventStoreDB/KurrentDB cannot say. */
export const countStoreEvents = async (spec: StoreSpec): Promise<number | undefined> => {
  switch (spec.kind) {
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3');
      const { SQLITE_EVENTS_TABLE } = await import('@disputekit/adapters/sqlite');
      const db = new Database(spec.filename, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare(`SELECT COUNT(*) AS n FROM ${SQLITE_EVENTS_TABLE}`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: spec.connectionString });
      await client.connect();
      try {
        const schema = (spec.schema ?? 'disputekit').replace(/"/g, '""');
        const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schema}".events`);
        return Number(rows[0]?.n ?? 0);
      } finally {
        await client.end();
      }
    }
    case 'memory':
    case 'eventstoredb':
      return undefined;
  }
};
