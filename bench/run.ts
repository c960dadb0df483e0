/**
 * The bench: `pnpm bench` runs every part; `pnpm bench <part or figure id>...` runs some.
 * Each contender of each figure is measured in its own child process (src/worker.ts); the results
 * are merged into results/latest.json and results/latest.md (figures not run keep their last result).
 *
 * Parts: rehydration, commands-memory, commands-sqlite, commands-postgres, read-streams, projections, verify.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { allFigures } from './src/figures/index';
import type { Figure, Measurement } from './src/harness';
import { evaluateTargets, figureMarkdown, resultsMarkdown, type BenchResults, type FigureResult } from './src/report';

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(benchDir, 'results');
const WORKER_TIMEOUT_MS = 6 * 60_000;

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const parts = [...new Set(allFigures.map((f) => f.part))];
if (flags.has('--list')) {
  for (const f of allFigures) console.log(`${f.part.padEnd(18)} ${f.id.padEnd(28)} ${f.contenders.map((c) => c.name).join(' | ')}`);
  process.exit(0);
}
const unknown = args.filter((a) => !parts.includes(a) && !allFigures.some((f) => f.id === a));
if (unknown.length > 0) {
  console.error(`Unknown part or figure: ${unknown.join(', ')}. Parts: ${parts.join(', ')} (or a figure id, see --list).`);
  process.exit(2);
}
const selected = args.length === 0 ? allFigures : allFigures.filter((f) => args.includes(f.part) || args.includes(f.id));

/** Runs one contender in a child process and returns its measurement. */
const runWorker = (figure: Figure, contender: string, extraNodeArgs: string[]): Promise<Measurement> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...extraNodeArgs, join(benchDir, 'src', 'worker.ts'), figure.id, contender], {
      cwd: benchDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      if (line !== undefined) return resolve(JSON.parse(line.slice('RESULT '.length)) as Measurement);
      const kind = figure.contenders.find((c) => c.name === contender)!.kind;
      resolve({
        figure: figure.id,
        contender,
        kind,
        status: 'failed',
        reason: signal === 'SIGKILL' ? `timed out after ${WORKER_TIMEOUT_MS / 1000} s` : `exit ${code}: ${stderr.trim().split('\n').slice(-5).join(' / ')}`,
      });
    });
  });

const gitCommit = (): string => {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: benchDir }).toString().trim();
    const dirty = execSync('git status --porcelain -- ../packages', { cwd: benchDir }).toString().trim().length > 0;
    return dirty ? `${head} + uncommitted changes in packages/` : head;
  } catch {
    return 'unknown';
  }
};

const previous: BenchResults | undefined = existsSync(join(resultsDir, 'latest.json'))
  ? (JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')) as BenchResults)
  : undefined;

const started = Date.now();
const fresh: FigureResult[] = [];
const profile = flags.has('--cpu-prof');
for (const figure of selected) {
  console.log(`\n== ${figure.title} (${figure.id})`);
  const measurements: Measurement[] = [];
  for (const contender of figure.contenders) {
    const reason = await contender.unavailable?.();
    if (reason !== undefined) {
      console.log(`   ${contender.name}: ${reason}`);
      measurements.push({ figure: figure.id, contender: contender.name, kind: contender.kind, status: 'unavailable', reason });
      continue;
    }
    // One directory per contender: node writes one profile per thread (tsx's loader has its own); the largest is the main thread.
    const profileArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${join(benchDir, 'profiles', `${figure.id}--${contender.name.replace(/[^a-z0-9]+/gi, '-')}`)}`] : [];
    const m = await runWorker(figure, contender.name, profileArgs);
    measurements.push(m);
    console.log(
      m.status === 'ok'
        ? `   ${contender.name}: ${Math.round(m.median!).toLocaleString('en')} ${figure.unit} (min ${Math.round(m.min!).toLocaleString('en')}, max ${Math.round(m.max!).toLocaleString('en')}), ${m.peakRssMb!.toFixed(0)} MB peak RSS, load ${m.load![0].toFixed(2)}→${m.load![1].toFixed(2)}`
        : `   ${contender.name}: ${m.status.toUpperCase()} ${m.reason?.split('\n')[0] ?? ''}`,
    );
  }
  const result: FigureResult = {
    id: figure.id,
    part: figure.part,
    title: figure.title,
    unit: figure.unit,
    ...(figure.note === undefined ? {} : { note: figure.note }),
    measuredAt: new Date().toISOString(),
    runs: figure.runs,
    warmup: figure.warmup,
    disputekit: figure.disputekit,
    measurements,
    targets: evaluateTargets(figure, measurements),
  };
  fresh.push(result);
  console.log(`\n${figureMarkdown(result)}`);
}

const order = allFigures.map((f) => f.id);
const merged = new Map<string, FigureResult>((previous?.figures ?? []).filter((f) => order.includes(f.id)).map((f) => [f.id, f]));
for (const f of fresh) merged.set(f.id, f);
const results: BenchResults = {
  environment: {
    'last run': `${new Date().toISOString()} (${selected.length} figure(s): ${args.length === 0 ? 'all' : args.join(' ')}, ${((Date.now() - started) / 1000).toFixed(0)} s)`,
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    'load average at the end (1/5/15 min)': loadavg().map((l) => l.toFixed(2)).join(' / '),
    'disputekit commit': gitCommit(),
  },
  figures: [...merged.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.md'), `${resultsMarkdown(results)}\n`);
console.log(`\nSaved results/latest.json and results/latest.md (${((Date.now() - started) / 1000).toFixed(0)} s).`);
