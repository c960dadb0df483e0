import type Database from 'better-sqlite3';

/** The table that holds the events. */
export const SQLITE_EVENTS_TABLE = 'disputekit_events';
/** The table that records which schema migrations ran. */
export const SQLITE_SCHEMA_VERSION_TABLE = 'disputekit_schema_version';

/**
 * The schema, one migration a version; never edit a released one, add the next. The global position
 * is the table's INTEGER PRIMARY KEY (AUTOINCREMENT, so never reused): SQLite has one writer at a
 * time, so positions are handed out in commit order and a reader can never miss a later commit.
 */
const SQLITE_MIGRATIONS: ReadonlyArray<string> = [
  `CREATE TABLE ${SQLITE_EVENTS_TABLE} (
     global_position INTEGER PRIMARY KEY AUTOINCREMENT,
     stream_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     event_id TEXT NOT NULL,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     metadata TEXT NOT NULL,
     CONSTRAINT ${SQLITE_EVENTS_TABLE}_stream_version UNIQUE (stream_id, version),
     CONSTRAINT ${SQLITE_EVENTS_TABLE}_event_id UNIQUE (event_id)
   )`,
];

/** The schema version this code writes and reads. */
export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS.length;

/**
 * Checks, without writing anything, that a database holds a disputekit event store of this code's
 * schema version; throws an Error saying what is wrong otherwise (no events table: not a disputekit
 * store; an older or newer schema version). For read-only opening, which must not migrate.
 */
export const requireSqliteSchema = (db: Database.Database): void => {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const missing = [SQLITE_EVENTS_TABLE, SQLITE_SCHEMA_VERSION_TABLE].filter((table) => !tables.has(table));
  if (missing.length > 0) throw new Error(`it is not a disputekit event store (it has no ${missing.join(' or ')} table)`);
  const version = db.prepare(`SELECT COALESCE(MAX(version), 0) FROM ${SQLITE_SCHEMA_VERSION_TABLE}`).pluck().get() as number;
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new Error(`its schema is at version ${version}, newer than this code (${SQLITE_SCHEMA_VERSION}); upgrade @disputekit/adapters`);
  }
  if (version < SQLITE_SCHEMA_VERSION) {
    throw new Error(`its schema is at version ${version}, older than this code (${SQLITE_SCHEMA_VERSION}); open it once read-write to migrate it`);
  }
};

/**
 * Creates or upgrades the schema in one immediate transaction, recording each applied migration
 * in the schema version table. Refuses (throws) a database whose schema is newer than this code.
 */
export const migrateSqlite = (db: Database.Database, now: () => string = () => new Date().toISOString()): { from: number; to: number } =>
  db
    .transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${SQLITE_SCHEMA_VERSION_TABLE} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      const row = db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM ${SQLITE_SCHEMA_VERSION_TABLE}`).get() as { version: number };
      if (row.version > SQLITE_SCHEMA_VERSION) {
        throw new Error(`The SQLite event store schema is at version ${row.version}, newer than this code (${SQLITE_SCHEMA_VERSION}); upgrade @disputekit/adapters.`);
      }
      const record = db.prepare(`INSERT INTO ${SQLITE_SCHEMA_VERSION_TABLE} (version, applied_at) VALUES (?, ?)`);
      SQLITE_MIGRATIONS.slice(row.version).forEach((migration, index) => {
        db.exec(migration);
        record.run(row.version + index + 1, now());
      });
      return { from: row.version, to: SQLITE_SCHEMA_VERSION };
    })
    .immediate();
