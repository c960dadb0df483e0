import { storeUnavailable, type StoreUnavailable } from '@disputekit/core';

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EAI_AGAIN']);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The SQLSTATE of a PostgreSQL error (pg and PGlite both expose it as `code`). */
export const sqlState = (error: unknown): string | undefined => {
  const code = codeOf(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/**
 * Whether the connection an error came from can no longer be used: a network failure, a server
 * that ended the session (administrator command, shutdown, crash) or a client already broken.
 */
export const isConnectionBroken = (error: unknown): boolean => {
  const code = codeOf(error);
  if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) return true;
  const state = sqlState(error);
  if (state !== undefined && (state.startsWith('08') || state.startsWith('57P'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error|not queryable|Connection ended|timeout exceeded when trying to connect/i.test(message);
};

/** Which unique rule a failed insert broke, and the event id for a duplicate, when it was a unique violation (23505). */
export const uniqueViolation = (error: unknown): { rule: 'event_id'; eventId: string | undefined } | { rule: 'stream_version' } | undefined => {
  if (sqlState(error) !== '23505') return undefined;
  const { constraint, detail } = error as { constraint?: unknown; detail?: unknown };
  if (constraint === 'events_event_id_key') {
    const match = typeof detail === 'string' ? /\(event_id\)=\((.*)\) already exists/.exec(detail) : null;
    return { rule: 'event_id', eventId: match?.[1] };
  }
  if (constraint === 'events_stream_version_key') return { rule: 'stream_version' };
  return undefined;
};

/** Maps any failure of the driver to `StoreUnavailable`, with a hint when the schema was never migrated. */
export const postgresUnavailable = (operation: string, error: unknown): StoreUnavailable => {
  const state = sqlState(error);
  const hint =
    state === '42P01' || state === '3F000'
      ? ' (the schema is missing: run migratePostgres or pass { migrate: true })'
      : state === '42883'
        ? ' (the schema is out of date: run migratePostgres or pass { migrate: true })'
        : '';
  const kind = isConnectionBroken(error) ? 'PostgreSQL is unreachable' : `PostgreSQL failed${state === undefined ? '' : ` (${state})`}`;
  return storeUnavailable(`${kind} while trying to ${operation}${hint}`, error);
};
