import { postgresTestUrl, testSchemaName } from '@disputekit/adapters/testRun';

/** The server the integration tests use: `DISPUTEKIT_POSTGRES_URL`, else the local test database. */
export const postgresUrl = postgresTestUrl;

/** A schema name no other test, worker or run uses (`dk_t_<run id>_…`, dropped by the run's teardown if a test does not). */
export const freshSchema = (what: string): string => testSchemaName(what);

/** The store URL of a schema on the test server. */
export const storeUrlFor = (schema: string, url = postgresUrl): string => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
