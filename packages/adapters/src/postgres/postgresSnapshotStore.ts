import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, type SnapshotStore, type StoredSnapshot, type StoreError, type StreamId } from '@disputekit/core';
import { retryCatalogRace } from './catalogRace';
import type { PostgresConnectionOptions } from './postgresClient';
import { openPostgresConnection, type PostgresConnection } from './postgresConnection';
import { postgresUnavailable } from './postgresErrors';
import { DEFAULT_POSTGRES_SCHEMA } from './postgresSchema';

/** Options of `createPostgresSnapshotStore`: where to connect, and the store's schema (default `disputekit`). */
export type PostgresSnapshotStoreOptions = PostgresConnectionOptions & { readonly schema?: string };

/** A `SnapshotStore` that can be closed (it ends the pool it made). */
export interface PostgresSnapshotStore extends SnapshotStore {
  /** Ends the pool the store made (a caller's pool or client is left alone); later calls answer `StoreClosed`. */
  close(): Promise<void>;
}

/** The snapshot table's name in the store's schema. */
export const POSTGRES_SNAPSHOTS_TABLE = 'snapshots';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The snapshot table's DDL, run (idempotently) when the store first connects. It lives here and not
 * in the event store's migrations: snapshots are derived data, the table may be dropped at any time.
 */
const createTable = (s: string): string =>
  `CREATE TABLE IF NOT EXISTS ${s}.${POSTGRES_SNAPSHOTS_TABLE} (
     stream_id text PRIMARY KEY,
     version bigint NOT NULL,
     hash text NOT NULL,
     schema_version integer NOT NULL,
     state text NOT NULL,
     state_hash text NOT NULL
   )`;

interface SnapshotRow {
  readonly version: string | number;
  readonly hash: string;
  readonly schema_version: number;
  readonly state: string;
  readonly state_hash: string;
}

/** Runs `work` on the connection, mapping any driver failure to `StoreUnavailable`. */
const attempt = async <A>(operation: string, work: () => Promise<A>): Promise<E.Either<StoreError, A>> => {
  try {
    return E.right(await work());
  } catch (error) {
    return E.left(postgresUnavailable(operation, error));
  }
};

/**
 * Dispute snapshots in the event store's PostgreSQL schema, one row per stream in `snapshots`
 * (created when missing, racing other creators safely); `save` replaces the stream's row.
 */
export const createPostgresSnapshotStore = (options: PostgresSnapshotStoreOptions): PostgresSnapshotStore => {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`createPostgresSnapshotStore: ${JSON.stringify(schema)} is not a valid schema name`);
  const s = `"${schema}"`;
  let opened: Promise<PostgresConnection> | undefined;
  let closed = false;
  const connection = (): Promise<PostgresConnection> => {
    opened ??= (async () => {
      const made = await openPostgresConnection(options);
      await retryCatalogRace(async () => {
        await made.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await made.query(createTable(s));
      });
      return made;
    })();
    // A failed first connection is tried again on the next call.
    opened.catch(() => (opened = undefined));
    return opened;
  };
  return {
    load: async (streamId: StreamId) => {
      if (closed) return E.left(storeClosed());
      return attempt('read a snapshot', async () => {
        const { rows } = await (await connection()).query(
          `SELECT version, hash, schema_version, state, state_hash FROM ${s}.${POSTGRES_SNAPSHOTS_TABLE} WHERE stream_id = $1`,
          [streamId],
        );
        const row = rows[0] as SnapshotRow | undefined;
        if (row === undefined) return undefined;
        return { streamId, version: Number(row.version), hash: row.hash, schemaVersion: row.schema_version, state: row.state, stateHash: row.state_hash } satisfies StoredSnapshot;
      });
    },
    save: async (snapshot) => {
      if (closed) return E.left(storeClosed());
      return attempt('write a snapshot', async () => {
        await (await connection()).query(
          `INSERT INTO ${s}.${POSTGRES_SNAPSHOTS_TABLE} (stream_id, version, hash, schema_version, state, state_hash) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash, schema_version = EXCLUDED.schema_version,
             state = EXCLUDED.state, state_hash = EXCLUDED.state_hash`,
          [snapshot.streamId, snapshot.version, snapshot.hash, snapshot.schemaVersion, snapshot.state, snapshot.stateHash],
        );
      });
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (opened !== undefined) await (await opened.catch(() => undefined))?.close();
    },
  };
};
