#!/usr/bin/env node
/**
 * Packs the four publishable packages into `.tmp/packs/` as pnpm publishes them (workspace ranges
 * replaced by versions), for installing disputekit from a clone before its first release:
 * `npm install ../disputekit/.tmp/packs/*.tgz` in your project. Run after `pnpm run build`
 * (`pnpm run pack:local` does both).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.tmp', 'packs');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of ['core', 'adapters', 'projections', 'cli']) {
  execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', out], { cwd: join(root, 'packages', name), stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log(`Packed into ${out}:`);
for (const file of readdirSync(out).sort()) console.log(`  ${file}`);
console.log(`In your project: npm install ${out}/*.tgz`);
