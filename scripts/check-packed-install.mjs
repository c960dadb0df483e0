#!/usr/bin/env node
/**
 * The packed-install test: installs the packages as a user gets them from the registry, outside the
 * workspace, and uses them there. It packs every publishable package (as pnpm publishes it:
 * workspace ranges replaced), makes a fresh npm project in a temporary folder outside the repository,
 * installs the tarballs with npm (their dependencies come from the npm registry; better-sqlite3
 * compiles, about 80 s), then there:
 *   - compiles `strict.ts` with strict TypeScript as ESM and as CommonJS (`strict.cts`): every
 *     `@ts-expect-error` line must still be an error (store options, money, Eithers, and the typed
 *     commands: misspelled fields, string amounts, money without currency, wrong roles, through
 *     `disputeCommand` and `typed(service).handle`), with `availableActions` and the JSON Schemas;
 *   - runs `refund.mjs` (ESM, SQLite) and `refund.cjs` (CommonJS, memory): each asks the seller's
 *     `availableActions`, reads a generated schema, drives a dispute from its opening to its refund
 *     (the acceptance through `typed(service).handle` / `disputeCommand`) and exits non-zero unless
 *     accepting was offered, the refund was paid once and the dispute closed;
 *   - runs the "Handle a command" step of docs/getting-started.md as written, saved as `getting-started.mjs`;
 *   - runs the installed `disputekit --version`.
 * The fixtures are in scripts/packed-install/. The temporary folder is removed always. Run after
 * `pnpm run build` (`pnpm run check:install` does both). Not part of the jest test command: it is slow.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(import.meta.dirname, 'packed-install');
const packages = ['core', 'adapters', 'projections', 'cli'];
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const step = (what) => console.log(`[${seconds()}] ${what}`);

/** The code block of docs/getting-started.md's "Handle a command" step, as a user copies it. */
const gettingStartedStep3 = () => {
  const doc = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8');
  const section = doc.slice(doc.indexOf('Handle a command'));
  const block = /```(?:js|ts)\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('docs/getting-started.md has no code block in step 3.');
  return block[1];
};

const folder = mkdtempSync(join(tmpdir(), 'disputekit-packed-install-'));
if (folder.startsWith(root)) throw new Error(`The temporary folder ${folder} is inside the workspace.`);
let failed = false;
try {
  const tarballs = join(folder, 'tarballs');
  const project = join(folder, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);

  step(`packing ${packages.length} packages into ${tarballs}`);
  const tarballOf = {};
  for (const name of packages) {
    const before = new Set(readdirSync(tarballs));
    execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', name), stdio: ['ignore', 'ignore', 'inherit'] });
    const made = readdirSync(tarballs).find((file) => !before.has(file) && file.endsWith('.tgz'));
    if (made === undefined) throw new Error(`pnpm pack made no tarball for packages/${name}`);
    tarballOf[`@disputekit/${name}`] = join(tarballs, made);
  }

  // A plain npm project, and the tarballs installed as docs/getting-started.md says: one npm install of
  // all four (their dependencies on each other resolve to the tarballs; the rest comes from the registry).
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'packed-install-check', private: true, type: 'module' }, null, 2)}\n`);
  for (const file of ['strict.ts', 'tsconfig.json', 'refund.mjs', 'refund.cjs']) copyFileSync(join(fixtures, file), join(project, file));
  writeFileSync(join(project, 'getting-started.mjs'), gettingStartedStep3());
  copyFileSync(join(fixtures, 'strict.ts'), join(project, 'strict.cts'));
  writeFileSync(join(project, 'tsconfig.cjs.json'), JSON.stringify({ extends: './tsconfig.json', files: ['strict.cts'] }));

  const npm = (args) => execFileSync('npm', args, { cwd: project, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
  step('npm install (the tarballs; better-sqlite3 compiles from source)');
  npm(['install', '--loglevel', 'error', ...Object.values(tarballOf)]);
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  const fromElsewhere = Object.entries(lock.packages).filter(([path, entry]) => /(^|\/)@disputekit\//.test(path) && !String(entry.resolved).startsWith('file:'));
  if (fromElsewhere.length > 0) throw new Error(`npm took ${fromElsewhere.map(([path]) => path).join(', ')} from somewhere else than the tarballs.`);
  step('npm install the user\'s own tools: typescript, @types/node, @types/pg, @types/better-sqlite3');
  npm(['install', '--no-save', '--loglevel', 'error', 'typescript@5.9.3', '@types/node@20.19.43', 'pg@8.23.1', '@types/pg@8.23.1', '@types/better-sqlite3@7.6.13']);

  const run = (what, command, args, expected) => {
    step(what);
    try {
      const out = execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (out.trim() !== '') console.log(out.trim().replace(/^/gm, '    '));
      if (expected !== undefined && !expected.test(out)) throw Object.assign(new Error(`expected ${expected}`), { stdout: '' });
    } catch (error) {
      failed = true;
      if (error.stdout) console.error(String(error.stdout).replace(/^/gm, '    '));
      console.error(`FAILED: ${what}: ${error.message.split('\n')[0]}`);
    }
  };
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  run('tsc strict.ts (ESM, strict): every @ts-expect-error holds', process.execPath, [tsc, '-p', 'tsconfig.json']);
  run('tsc strict.cts (CommonJS, strict): every @ts-expect-error holds', process.execPath, [tsc, '-p', 'tsconfig.cjs.json']);
  run('node refund.mjs (ESM, SQLite): a dispute to its refund', process.execPath, ['refund.mjs', join(folder, 'disputes.db')]);
  run('node refund.cjs (CommonJS, memory): a dispute to its refund', process.execPath, ['refund.cjs']);
  run('node getting-started.mjs (the "Handle a command" step of docs/getting-started.md, as written)', process.execPath, ['getting-started.mjs'], /^AWAITING_SELLER$/m);
  run('npx disputekit --version (the installed bin)', join(project, 'node_modules', '.bin', 'disputekit'), ['--version'], /^\d+\.\d+\.\d+/);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  rmSync(folder, { recursive: true, force: true });
  step(`removed ${folder}`);
}
console.log(failed ? `packed install: FAILED after ${seconds()}` : `packed install: all checks passed in ${seconds()}`);
process.exit(failed ? 1 : 0);
