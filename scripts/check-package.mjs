#!/usr/bin/env node
/**
 * Packs each publishable package as pnpm publishes it (workspace ranges replaced) and checks the tarball with publint (package.json
 * and exports map) and @arethetypeswrong/cli (types resolve for ESM and CommonJS consumers on Node 16+).
 * Run after `pnpm run build`. Exits non-zero on any problem.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['packages/core'];
const out = join(root, '.tmp', 'pack');
const bin = (name) => join(root, 'node_modules', '.bin', name);

let failed = false;
for (const dir of packages) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', out], { cwd: join(root, dir), stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack produced no tarball for ${dir}`);
  const path = join(out, tarball);
  for (const [name, args] of [
    ['publint', [path, '--strict']],
    ['attw', [path, '--profile', 'node16']],
  ]) {
    try {
      console.log(`\n— ${name} ${tarball}`);
      execFileSync(bin(name), args, { stdio: 'inherit' });
    } catch {
      failed = true;
      console.error(`${name} found problems in ${dir}`);
    }
  }
}
process.exit(failed ? 1 : 0);
