import type { PgQueryable } from '../postgres/postgresClient';
import { choosePostgresTestTarget, type PostgresTestTarget } from './postgresTestTarget';

/** A PGlite instance as the store tests use it: one connection, closed at the end of the file. */
export type SharedPglite = PgQueryable & { close(): Promise<void> };

/** Where a store test file runs, and the PGlite instance it shares when it runs on PGlite. */
export interface PostgresOrPglite {
  readonly target: PostgresTestTarget;
  /** The file's one PGlite instance, started on first use (PGlite takes seconds to start). */
  sharedPglite(): Promise<SharedPglite>;
  /** Closes the PGlite instance if it was started. */
  closePglite(): Promise<void>;
}

/**
 * For a test file that runs on the real server when it answers and on PGlite otherwise
 * (`choosePostgresTestTarget`): says why when it is not the server, and declares the one failing test
 * (CI without a server) or skipped test (no PGlite) that carries the reason, never silence.
 */
export const postgresOrPglite = (what: string): PostgresOrPglite => {
  const target = choosePostgresTestTarget();
  if (target.kind !== 'server') console.warn(target.reason);
  if (target.kind === 'fail') {
    it('needs a reachable PostgreSQL server in CI', () => {
      throw new Error(target.reason);
    });
  }
  if (target.kind === 'skip') it.skip(`${what} — skipped: ${target.reason}`, () => undefined);
  let pglite: Promise<SharedPglite> | undefined;
  return {
    target,
    sharedPglite: () => {
      pglite ??= (async () => {
        const { PGlite } = await import('@electric-sql/pglite');
        return new PGlite() as unknown as SharedPglite;
      })();
      return pglite;
    },
    closePglite: async () => {
      if (pglite !== undefined) await (await pglite).close();
    },
  };
};
