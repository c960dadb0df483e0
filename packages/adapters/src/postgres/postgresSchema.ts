import { appendBatchMigration } from './postgresAppendBatchFunction';
import { appendEventsReservingMigration, appendToStreamsReservingMigration } from './postgresAppendFunctions';
import { appendEventsV2Migration, appendToStreamsV3Migration, eventsTableMigration } from './postgresMigrationsV1toV3';

/** The default PostgreSQL schema of the store's tables. */
export const DEFAULT_POSTGRES_SCHEMA = 'disputekit';

/** Checks a schema name (letters, digits, underscores) and quotes it for SQL; anything else is a programmer error. */
export const quoteSchema = (schema: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`Invalid PostgreSQL schema name ${JSON.stringify(schema)}: use letters, digits and underscores.`);
  return `"${schema}"`;
};

/** 32-bit FNV-1a of a string, as a signed int4 (for advisory lock keys). */
const int4Hash = (text: string): number => {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
};

/** The advisory lock keys of one schema: (namespace, hash of the schema name). */
export interface PostgresLockKeys {
  /** Held (session-level, inside `append_events`, `append_to_streams` and `append_batch`) while an append takes its transaction id and reserves its global positions. */
  readonly position: readonly [number, number];
  /** Held (transaction-level) while the schema is migrated. */
  readonly migration: readonly [number, number];
}

/** The advisory lock keys for a schema. */
export const lockKeysFor = (schema: string): PostgresLockKeys => ({
  position: [0x444b0001, int4Hash(schema)],
  migration: [0x444b0002, int4Hash(schema)],
});

/**
 * The schema, one migration a version; never edit a released one, add the next. Data and
 * metadata are kept as JSON text, exactly as written (jsonb would reorder keys and could never hold
 * a corrupt row to report). `transaction_id` is the writing transaction's id, which is what keeps
 * the global order safe for followers (see `postgresEventStore.ts`).
 *
 * 1. The `events` table.
 * 2. `append_events`: an append as one statement (expected version checked, events inserted under
 *    the position lock, last position answered; a unique conflict raised as SQLSTATE 23505 naming
 *    the constraint, after the lock is released, so the statement's transaction rolls back whole).
 * 3. `append_to_streams`: the same for several streams in one statement (one transaction).
 * 4. and 5. Both again, holding the position lock only while they take the transaction id and
 *    reserve the positions, not across the INSERT (`postgresAppendFunctions.ts`). Existing rows
 *    and their positions are untouched; new positions continue from the same sequence.
 * 6. `append_batch`: several appends in one transaction, each in its own subtransaction, for group
 *    commit (`postgresAppendBatchFunction.ts`). Adds a function only; tables are untouched.
 */
export const postgresMigrations = (schema: string): ReadonlyArray<string> => {
  const s = quoteSchema(schema);
  const [lockClass, lockKey] = lockKeysFor(schema).position;
  return [
    eventsTableMigration(s),
    appendEventsV2Migration(s, lockClass, lockKey),
    appendToStreamsV3Migration(s, lockClass, lockKey),
    appendEventsReservingMigration(s, lockClass, lockKey),
    appendToStreamsReservingMigration(s, lockClass, lockKey),
    appendBatchMigration(s, lockClass, lockKey),
  ];
};

/** The schema version this code writes and reads. */
export const POSTGRES_SCHEMA_VERSION = postgresMigrations(DEFAULT_POSTGRES_SCHEMA).length;
