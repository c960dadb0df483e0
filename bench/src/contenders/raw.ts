/**
 * The raw baselines (the ceilings): a plain loop over decide/evolve with the state kept in memory,
 * and the same loop writing each command's events with one prepared INSERT into better-sqlite3 or
 * pg. They never read before writing (the state is in memory) and compute no deterministic uuid
 * (eventId = `{commandId}/{index}`), so they are upper bounds, not libraries.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { decide, encodeEvent, evolve, replay, type DisputeCommand, type DisputeEvent, type DisputeState } from '@disputekit/core';
import type { StoredEventJson } from '../workload';

/** Decides one command against the state and folds its events; throws if refused (the workload never is). */
export const decideAndFold = (command: DisputeCommand, state: DisputeState): { state: DisputeState; events: ReadonlyArray<DisputeEvent> } => {
  const decision = decide(command, state);
  if (E.isLeft(decision)) throw new Error(`raw: ${command.type} refused: ${decision.left.message}`);
  let next = state;
  for (const event of decision.right) next = evolve(next, event);
  return { state: next, events: decision.right };
};

/**
 * Folds events (already typed, or raw `{ type, data }` parsed from JSON) with the shared fold,
 * `replay` (the shared evolve, linear over a whole stream; a loop of `evolve` copies the proposals at
 * each proposal event).
 */
export const fold = (events: Iterable<{ type: string; data: unknown }>): DisputeState => replay(events as Iterable<DisputeEvent>);

/** The stored row of a raw contender: data and metadata as JSON text. */
const rowsOf = (events: ReadonlyArray<DisputeEvent>, commandId: string) =>
  events.map((event, index) => ({
    type: event.type,
    data: JSON.stringify((encodeEvent(event) as { data: unknown }).data),
    metadata: JSON.stringify({ eventId: `${commandId}/${index}`, commandId, recordedAt: new Date().toISOString(), schemaVersion: 1 }),
  }));

// ------------------------------------------------------------------ better-sqlite3

/** The raw SQLite baseline's pragmas: the same durability as disputekit's SQLite store by default (WAL, synchronous=FULL). */
export const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL'] as const;

/** A raw better-sqlite3 event table with one prepared INSERT and one prepared SELECT. */
export const rawSqlite = (filename: string) => {
  const db = new Database(filename);
  for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
  db.exec(`create table if not exists events (
    global_position integer primary key autoincrement,
    stream_id text not null, version integer not null, type text not null, data text not null, metadata text not null,
    unique (stream_id, version))`);
  const insert = db.prepare('insert into events (stream_id, version, type, data, metadata) values (?, ?, ?, ?, ?)');
  const select = db.prepare('select type, data from events where stream_id = ? order by version');
  const appendRows = db.transaction((streamId: string, from: number, rows: ReadonlyArray<{ type: string; data: string; metadata: string }>) => {
    rows.forEach((row, i) => insert.run(streamId, from + i + 1, row.type, row.data, row.metadata));
  });
  return {
    db,
    /** Appends one command's events at `version` (the stream's version before them). */
    appendEvents: (streamId: string, version: number, events: ReadonlyArray<DisputeEvent>, commandId: string) =>
      appendRows(streamId, version, rowsOf(events, commandId)),
    /** Appends stored events as they are (setup). */
    appendStored: (streamId: string, version: number, stored: ReadonlyArray<StoredEventJson>) =>
      appendRows(
        streamId,
        version,
        stored.map((s) => ({ type: s.type, data: JSON.stringify(s.data), metadata: JSON.stringify(s.metadata) })),
      ),
    /** Reads a stream and folds it: better-sqlite3 rows, JSON.parse of each data, the shared fold. */
    load: (streamId: string): { state: DisputeState; count: number } => {
      const rows = select.all(streamId) as Array<{ type: string; data: string }>;
      const state = fold(rows.map((row) => ({ type: row.type, data: JSON.parse(row.data) as unknown })));
      return { state, count: rows.length };
    },
    close: () => db.close(),
  };
};

// ------------------------------------------------------------------ pg

const PG_TABLE = `create table if not exists events (
  global_position bigserial primary key,
  stream_id text not null, version integer not null, type text not null, data jsonb not null, metadata jsonb not null,
  unique (stream_id, version))`;

/** A raw pg event table: one prepared multi-row INSERT (unnest) per command, one prepared SELECT per read. */
export const rawPg = async (url: string, poolSize: number) => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  await pool.query(PG_TABLE);
  const insertText =
    'insert into events (stream_id, version, type, data, metadata) ' +
    'select $1, v, t, d, m from unnest($2::int[], $3::text[], $4::jsonb[], $5::jsonb[]) as x(v, t, d, m)';
  const appendRows = async (streamId: string, version: number, rows: ReadonlyArray<{ type: string; data: string; metadata: string }>) => {
    await pool.query({
      name: 'bench-insert',
      text: insertText,
      values: [streamId, rows.map((_, i) => version + i + 1), rows.map((r) => r.type), rows.map((r) => r.data), rows.map((r) => r.metadata)],
    });
  };
  return {
    pool,
    appendEvents: (streamId: string, version: number, events: ReadonlyArray<DisputeEvent>, commandId: string) =>
      appendRows(streamId, version, rowsOf(events, commandId)),
    appendStored: (streamId: string, version: number, stored: ReadonlyArray<StoredEventJson>) =>
      appendRows(
        streamId,
        version,
        stored.map((s) => ({ type: s.type, data: JSON.stringify(s.data), metadata: JSON.stringify(s.metadata) })),
      ),
    /** Reads a stream (pg parses jsonb) and folds it with the shared fold. */
    load: async (streamId: string): Promise<{ state: DisputeState; count: number }> => {
      const result = await pool.query({ name: 'bench-select', text: 'select type, data from events where stream_id = $1 order by version', values: [streamId] });
      return { state: fold(result.rows as Array<{ type: string; data: unknown }>), count: result.rows.length };
    },
    close: () => pool.end(),
  };
};
