import { randomBytes } from 'node:crypto';

/** The environment variable that carries the test run's id to jest's workers and their children. */
export const TEST_RUN_ENV = 'DISPUTEKIT_TEST_RUN';

/** A new run id: short, lowercase letters and digits, unique among the runs sharing a server. */
export const newTestRunId = (): string => `${Date.now().toString(36).slice(-6)}${randomBytes(3).toString('hex')}`;

/**
 * The id of this test run. jest's global setup sets it once for the whole run (so the global
 * teardown can remove exactly what this run created); a file run some other way gets one of its
 * own, put in the environment so the processes it starts share it.
 */
export const testRunId = (): string => {
  const existing = process.env[TEST_RUN_ENV];
  if (existing !== undefined && /^[a-z0-9]{4,20}$/.test(existing)) return existing;
  const id = newTestRunId();
  process.env[TEST_RUN_ENV] = id;
  return id;
};
