import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testRunId } from './testRunId';

/** Every PostgreSQL schema or database a test creates starts with `dk_t_<run id>_`. */
export const TEST_SCHEMA_PREFIX = 'dk_t';
/** Every temporary folder a test creates is `<tmpdir>/disputekit-t-<run id>-…`. */
export const TEST_FOLDER_PREFIX = 'disputekit-t';

/** The prefix of this run's schemas and databases (`dk_t_<run id>_`). */
export const runSchemaPrefix = (runId = testRunId()): string => `${TEST_SCHEMA_PREFIX}_${runId}_`;
/** The prefix of this run's temporary folders (`disputekit-t-<run id>-`). */
export const runFolderPrefix = (runId = testRunId()): string => `${TEST_FOLDER_PREFIX}-${runId}-`;

const label = (what: string): string => what.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 16) || 'x';
let schemasNamed = 0;

/**
 * A PostgreSQL schema (or database) name no other test, worker or run uses:
 * `dk_t_<run id>_<pid>_<what>_<n>`. Drop it in `afterEach`/`afterAll`; the global teardown drops
 * whatever of this run is left (a test killed half-way, a forgotten drop) and says so.
 */
export const testSchemaName = (what: string): string => `${runSchemaPrefix()}${process.pid.toString(36)}_${label(what)}_${(schemasNamed += 1)}`;

/**
 * A fresh schema name (`testSchemaName(what)`), remembered in `created` when given so the test file
 * can drop every schema it made in `afterAll` (`dropTestSchemas(created)`). The one way tests name a
 * schema: every package's tests use it.
 */
export const freshSchema = (what: string, created?: string[]): string => {
  const schema = testSchemaName(what);
  created?.push(schema);
  return schema;
};

/** A temporary folder of this run, and a way to remove it. */
export interface TestFolder {
  readonly path: string;
  /** A path inside the folder. */
  readonly file: (name: string) => string;
  /** Removes the folder and everything in it (idempotent). */
  readonly remove: () => void;
}

/**
 * A new temporary folder named after this run (`<tmpdir>/disputekit-t-<run id>-<what>-XXXXXX`).
 * Call `remove()` in `afterEach`/`afterAll`; the global teardown removes any this run left behind.
 */
export const testTempFolder = (what: string): TestFolder => {
  const path = mkdtempSync(join(tmpdir(), `${runFolderPrefix()}${label(what)}-`));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
};
