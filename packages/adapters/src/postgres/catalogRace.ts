/**
 * Whether an error is a `CREATE … IF NOT EXISTS` that lost a race: PostgreSQL checks "if not
 * exists" before it takes the catalog's unique index, so two sessions creating the same schema or
 * table at once (the event store's migration and a read-side store, say) make one of them fail with
 * a unique violation on a `pg_*` catalog index, or with "already exists". The object exists then.
 */
export const isCatalogRace = (error: unknown): boolean => {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === '42P06' || code === '42P07' || code === '42710') return true;
  return code === '23505' && typeof constraint === 'string' && constraint.startsWith('pg_');
};

/** Runs idempotent DDL again when it lost such a race (the next run finds what the winner made). */
export const retryCatalogRace = async <A>(work: () => Promise<A>, attempts = 3): Promise<A> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isCatalogRace(error)) throw error;
    }
  }
};
