#!/usr/bin/env node
/**
 * Packs each publishable package as pnpm publishes it (workspace ranges replaced) and checks the tarball with publint (package.json
 * and exports map), @arethetypeswrong/cli (types resolve for ESM and CommonJS consumers on Node 16+), that it holds its LICENSE
 * and README, and `npm publish --dry-run` of the tarball. The dry run runs with an empty user config and no token in the
 * environment, so it needs no registry login and can publish nothing. Run after `pnpm run build`. Exits non-zero on any problem.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['packages/core'];
const out = join(root, '.tmp', 'pack');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** npm with no credentials: an empty user config, and no token or auth setting inherited from the environment. */
const noAuthConfig = join(root, '.tmp', 'npmrc-no-auth');
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(noAuthConfig, '');
const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_config_|NPM_TOKEN|NODE_AUTH_TOKEN)/i.test(key)));
npmEnv.npm_config_userconfig = noAuthConfig;

let failed = false;
for (const dir of packages) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', out], { cwd: join(root, dir), stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack produced no tarball for ${dir}`);
  const path = join(out, tarball);
  const listing = execFileSync('tar', ['-tzf', path], { encoding: 'utf8' }).split('\n');
  for (const file of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
    if (!listing.includes(file)) {
      failed = true;
      console.error(`${tarball} has no ${file.slice('package/'.length)}`);
    }
  }
  for (const [name, command, args, env] of [
    ['publint', bin('publint'), [path, '--strict'], process.env],
    ['attw', bin('attw'), [path, '--profile', 'node16'], process.env],
    ['npm publish --dry-run', 'npm', ['publish', path, '--dry-run', '--access', 'public', '--tag', 'dry-run', '--loglevel', 'warn'], npmEnv],
  ]) {
    try {
      console.log(`\n— ${name} ${tarball}`);
      execFileSync(command, args, { stdio: 'inherit', env });
    } catch {
      failed = true;
      console.error(`${name} found problems in ${dir}`);
    }
  }
}
process.exit(failed ? 1 : 0);
