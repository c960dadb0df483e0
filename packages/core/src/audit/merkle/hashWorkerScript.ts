import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to start a hashing worker: the code or file `new Worker` takes, and whether it is code (`eval`). */
export interface WorkerScript {
  readonly script: string;
  readonly eval: boolean;
}

/**
 * The file this code runs from, read from a call site (works alike in an ES module, in CommonJS, in
 * a bundle and under jest's or tsx's transforms, where `import.meta` or `__filename` would not).
 */
const ownFile = (): string | undefined => {
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, calls) => calls;
    const calls = new Error().stack as unknown as ReadonlyArray<{ getFileName(): string | null | undefined }>;
    const file = calls[0]?.getFileName() ?? undefined;
    return file?.startsWith('file:') === true ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = prepare;
  }
};

/**
 * Where the hashing worker is: from a build, `hashWorker.js` (or `.cjs`) beside the bundle this
 * code is in (core's tsup config emits it); from the TypeScript sources (tests, tsx), code that
 * registers tsx in the worker and loads `hashWorker.ts`. `undefined` when neither can be found (a
 * bundler that did not copy the worker, no tsx beside the sources): the pool then hashes in the
 * calling thread.
 */
export const hashWorkerScript = (): WorkerScript | undefined => {
  const own = ownFile();
  if (own === undefined) return undefined;
  const extension = extname(own);
  const worker = join(dirname(own), `hashWorker${extension}`);
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
