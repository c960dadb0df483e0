import { existsSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { safeJson, safeText } from '../render/safeText';
import { CliError, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { parseStoreUrl, redactUrl, type StoreSpec } from '../storeUrl';

/** Options of `disputekit migrate`. */
export interface MigrateCommandOptions {
  readonly store: string;
  readonly json?: boolean;
}

/** What `migrate` did to a store: its schema version before and after, or why nothing was needed. */
export interface MigrateResult {
  readonly store: string;
  readonly kind: StoreSpec['kind'];
  /** The schema version before (0: created now); absent where the store has no schema. */
  readonly from?: number;
  readonly to?: number;
  readonly message: string;
}

const READ_MODELS_NOTE = 'The read models create their own tables when the projections first run.';

/** The SQLite file's schema version, read without changing anything (0 for a new or empty file). */
const sqliteVersion = async (filename: string): Promise<number> => {
  if (filename === ':memory:' || !existsSync(filename)) return 0;
  const { default: Database } = await import('better-sqlite3');
  const { SQLITE_SCHEMA_VERSION_TABLE } = await import('@disputekit/adapters/sqlite');
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(SQLITE_SCHEMA_VERSION_TABLE);
    if (table === undefined) return 0;
    return (db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM ${SQLITE_SCHEMA_VERSION_TABLE}`).get() as { version: number }).version;
  } finally {
    db.close();
  }
};

const migrated = (store: string, kind: StoreSpec['kind'], where: string, from: number, to: number): MigrateResult => ({
  store,
  kind,
  from,
  to,
  message:
    from === to
      ? `${where} is up to date (schema version ${to}); nothing to do. ${READ_MODELS_NOTE}`
      : `${where}: ${from === 0 ? 'created the event store' : `migrated the event store from schema version ${from}`} at schema version ${to}. ${READ_MODELS_NOTE}`,
});

/** Creates or upgrades the store's schema, by kind. */
const migrateStore = async (url: string): Promise<MigrateResult> => {
  const spec = parseStoreUrl(url);
  const label = redactUrl(url);
  switch (spec.kind) {
    case 'memory':
      return { store: label, kind: spec.kind, message: 'An in-memory store has no schema and lives only as long as its process: nothing to migrate.' };
    case 'eventstoredb':
      return { store: label, kind: spec.kind, message: 'EventStoreDB/KurrentDB needs no migration: streams are created as events are written.' };
    case 'sqlite': {
      const from = await sqliteVersion(spec.filename);
      const { createSqliteEventStore } = await import('@disputekit/adapters/sqlite');
      let store;
      try {
        store = createSqliteEventStore({ filename: spec.filename });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error), 'Check the path, that the folder exists and that you may write there.');
      }
      await store.close();
      const { SQLITE_SCHEMA_VERSION } = await import('@disputekit/adapters/sqlite');
      return migrated(label, spec.kind, `SQLite ${spec.filename}`, from, SQLITE_SCHEMA_VERSION);
    }
    case 'postgres': {
      const { migratePostgres, DEFAULT_POSTGRES_SCHEMA } = await import('@disputekit/adapters/postgres');
      const schema = spec.schema ?? DEFAULT_POSTGRES_SCHEMA;
      let outcome: Awaited<ReturnType<typeof migratePostgres>>;
      try {
        outcome = await migratePostgres({ connectionString: spec.connectionString }, { schema });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      if (E.isLeft(outcome)) {
        throw new CliError(`Cannot migrate ${label}: ${outcome.left.message}`, 'Check that the server is up, the URL and that the user may create schemas and tables.');
      }
      return migrated(label, spec.kind, `PostgreSQL ${label}, schema ${schema}`, outcome.right.from, outcome.right.to);
    }
  }
};

/**
 * `disputekit migrate`: creates or upgrades the event store's schema, for deployments. PostgreSQL
 * runs `migratePostgres` (idempotent, safe from several processes at once); SQLite creates the file
 * or upgrades it; memory and EventStoreDB/KurrentDB need nothing, and it says so.
 */
export const migrateCommand = async (options: MigrateCommandOptions, ctx: CommandContext): Promise<number> => {
  const result = await migrateStore(options.store);
  writeLine(ctx.io.stdout, options.json === true ? safeJson(result, 2) : safeText(result.message));
  return EXIT_OK;
};
