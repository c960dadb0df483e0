import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to start a hashing worker: the code or file `new Worker` takes, and whether it is code (`eval`). */
export interface WorkerScript {
  readonly script: string;
  readonly eval: boolean;
}

/** The file of the function `depth` calls up the stack from here (0: this file), read from a call site. */
const fileAt = (depth: number): string | undefined => {
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, calls) => calls;
    const calls = new Error().stack as unknown as ReadonlyArray<{ getFileName(): string | null | undefined }>;
    const file = calls[depth]?.getFileName() ?? undefined;
    return file?.startsWith('file:') === true ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = prepare;
  }
};

/**
 * The file this code runs from, read from a call site (works alike in an ES module, in CommonJS, in
 * a bundle and under jest's or tsx's transforms, where `import.meta` or `__filename` would not).
 */
const ownFile = (): string | undefined => fileAt(0);

/**
 * The file of the code that calls `callerFile()` (a bundle when built, a `.ts` file from the
 * sources): how a store names the module a worker thread imports to open its `LogRangeReader`.
 */
export const callerFile = (): string | undefined => fileAt(2);

/**
 * Where a worker entry of this folder is (`name`: `hashWorker`, `logRangeWorker`): from a build,
 * `name.js` (or `.cjs`) beside the bundle this code is in (core's tsup config emits each); from the
 * TypeScript sources (tests, tsx), code that registers tsx in the worker and loads `name.ts`.
 * `undefined` when neither can be found (a bundler that did not copy the worker, no tsx beside the
 * sources): the caller then works in the calling thread.
 */
export const workerScriptFor = (name: string): WorkerScript | undefined => {
  const own = ownFile();
  if (own === undefined) return undefined;
  const extension = extname(own);
  const worker = join(dirname(own), `${name}${extension}`);
  if (!existsSync(worker)) return undefined;
  if (extension !== '.ts') return { script: worker, eval: false };
  let tsx: string;
  try {
    tsx = createRequire(worker).resolve('tsx/cjs/api');
  } catch {
    return undefined;
  }
  return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(worker)});`, eval: true };
};

/** Where the hashing worker (`hashWorker`) is: see `workerScriptFor`. */
export const hashWorkerScript = (): WorkerScript | undefined => workerScriptFor('hashWorker');
