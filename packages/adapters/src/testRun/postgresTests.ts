import { ciIsSet, postgresTestProblem, postgresTestUrl } from './postgresTestServer';

/** Whether a file's PostgreSQL tests run on the server, fail (CI without a server) or are skipped; with the reason. */
export type PostgresTestsDecision =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * Decides, when a test file loads, where its PostgreSQL tests run: on the server when it answers;
 * otherwise they fail when `CI` is set, and are skipped (saying why) when it is not.
 */
export const decidePostgresTests = (what: string): PostgresTestsDecision => {
  const problem = postgresTestProblem();
  if (problem === undefined) return { kind: 'server', url: postgresTestUrl };
  const unreachable = `PostgreSQL at ${postgresTestUrl} is unreachable (${problem})`;
  return ciIsSet()
    ? { kind: 'fail', reason: `${unreachable}, and CI is set: ${what} need the real server.` }
    : { kind: 'skip', reason: `${unreachable}; CI is unset, so ${what} are skipped (start the server or set DISPUTEKIT_POSTGRES_URL to run them).` };
};

/**
 * Declares a file's PostgreSQL tests: `body(url)` when the server answers; otherwise one failing
 * test (CI) or one skipped test whose title says why (the skip reporter prints it), never silence.
 */
export const describeWithPostgres = (title: string, body: (url: string) => void): void => {
  const decision = decidePostgresTests(`the tests of "${title}"`);
  if (decision.kind === 'server') {
    describe(title, () => body(decision.url));
    return;
  }
  console.warn(decision.reason);
  if (decision.kind === 'fail') {
    it(`${title}: needs a reachable PostgreSQL server in CI`, () => {
      throw new Error(decision.reason);
    });
  } else it.skip(`${title} — skipped: ${decision.reason}`, () => undefined);
};
