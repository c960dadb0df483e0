/**
 * CPU-profiles one contender of one figure with readable frames: bundles src/worker.ts (and the
 * workspace sources it imports) with esbuild, unminified, then runs it under `node --cpu-prof` and
 * prints the summary. Usage: node --import tsx scripts/profile.ts <figure id> "<contender name>" [N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const [figure, contender, top] = process.argv.slice(2);
if (!figure || !contender) throw new Error('usage: profile.ts <figure id> "<contender name>" [N]');
const outfile = join(benchDir, '.cache', 'profile', 'worker.mjs');
await build({
  entryPoints: [join(benchDir, 'src', 'worker.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  tsconfig: join(benchDir, 'tsconfig.json'),
  external: ['better-sqlite3', 'sqlite3', 'pg-native', '@event-driven-io/*', 'pg', 'esbuild'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
const dir = join(benchDir, 'profiles', `${figure}--${contender.replace(/[^a-z0-9]+/gi, '-')}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, outfile, figure, contender], { cwd: benchDir, encoding: 'utf8' });
console.log(run.stdout.split('\n').filter((l) => !l.startsWith('RESULT')).join('\n'), run.stderr);
const result = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
if (result) {
  const m = JSON.parse(result.slice(7)) as { median?: number; status: string; reason?: string };
  console.log(m.status === 'ok' ? `median ${Math.round(m.median!)} /s (under the profiler)` : `${m.status}: ${m.reason}`);
}
const largest = readdirSync(dir).map((f) => join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (largest) spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, 'scripts', 'profileSummary.ts'), largest, top ?? '30'], { stdio: 'inherit', cwd: benchDir });
