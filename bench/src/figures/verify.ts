/**
 * `disputekit verify` over 1,000,000 stored events (111,112 workload disputes in a SQLite file):
 * seconds and the CLI process's peak RSS (measured with /usr/bin/time). Needs packages/cli's bin;
 * until it exists the figure says "not available yet".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withHashChain, type EventStore } from '@disputekit/core';
import { counters, type Figure } from '../harness';
import { repoRoot, tempDir } from '../env';
import { appendStoredWithDisputekit, closeStore, storeUnavailable } from '../contenders/disputekit';
import { decideAll, disputeCommands, EVENTS_PER_DISPUTE, toStored } from '../workload';

const DISPUTES = Math.ceil(1_000_000 / EVENTS_PER_DISPUTE);
const EVENTS = DISPUTES * EVENTS_PER_DISPUTE;

/**
 * How to start the CLI: its built bin (packages/cli/dist/bin.js after `pnpm run build`), or else its
 * TypeScript entry run through tsx with bench/tsconfig.json (a second or two of compiling more per run).
 */
export const cliCommand = (): { args: string[]; how: string } | { reason: string } => {
  const manifest = join(repoRoot, 'packages', 'cli', 'package.json');
  if (!existsSync(manifest)) return { reason: 'not available yet: packages/cli does not exist' };
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
  const relative = typeof bin === 'string' ? bin : bin?.['disputekit'];
  if (relative === undefined) return { reason: 'not available yet: packages/cli has no `disputekit` bin' };
  const built = join(repoRoot, 'packages', 'cli', relative);
  if (existsSync(built)) return { args: [built], how: `built bin ${relative}` };
  const source = join(repoRoot, 'packages', 'cli', 'src', 'bin.ts');
  if (existsSync(source)) return { args: ['--import', 'tsx', source], how: 'packages/cli/src/bin.ts through tsx (not built)' };
  return { reason: `not available yet: the bin ${relative} is not built and packages/cli/src/bin.ts does not exist` };
};

/** Writes the figure's store: DISPUTES workload disputes, hash-chained as the service writes them (not timed). */
const buildStore = async (): Promise<{ dir: ReturnType<typeof tempDir>; file: string }> => {
  const dir = tempDir('verify');
  const file = `${dir.path}/events.db`;
  const { createSqliteEventStore } = (await import('@disputekit/adapters/sqlite')) as unknown as {
    createSqliteEventStore: (o: { filename: string; synchronous: 'NORMAL' }) => EventStore;
  };
  // The history is written hash-chained, as the service writes it (synchronous=NORMAL: setup only).
  const store = withHashChain(createSqliteEventStore({ filename: file, synchronous: 'NORMAL' }));
  const template = decideAll(disputeCommands('verify', 0));
  for (let i = 0; i < DISPUTES; i++) {
    const { events, commandIds } = i === 0 ? template : decideAll(disputeCommands('verify', i));
    await appendStoredWithDisputekit(store, `d-verify-${i}`, toStored(events, commandIds));
  }
  await closeStore(store);
  return { dir, file };
};

/** `disputekit verify --store sqlite:FILE --json` with `extraArgs`, as a child process measured by /usr/bin/time; each contender writes its own store. */
const verifyContender = (name: string, extraArgs: ReadonlyArray<string>) => ({
  name,
  kind: 'disputekit' as const,
  unavailable: () => {
    const cli = cliCommand();
    return 'reason' in cli ? cli.reason : storeUnavailable('sqlite');
  },
  setup: async () => {
    const cli = cliCommand();
    if ('reason' in cli) throw new Error(cli.reason);
    return { cli, ...(await buildStore()), rss: [] as number[], exitCodes: [] as number[] };
  },
  run: async (s: { cli: { args: string[] }; file: string; rss: number[] }) => {
    const result = spawnSync('/usr/bin/time', ['-f', 'BENCH_MAXRSS_KB=%M', process.execPath, ...s.cli.args, 'verify', '--store', `sqlite:${s.file}`, '--json', ...extraArgs], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr ?? '');
    if (rss) s.rss.push(Number(rss[1]) / 1024);
    if (result.status !== 0 && result.status !== 2) throw new Error(`verify exited ${result.status}: ${(result.stderr ?? '').slice(-500)}`);
    counters[`verify exit ${result.status}`] = (counters[`verify exit ${result.status}`] ?? 0) + 1;
    return EVENTS;
  },
  childPeakRssMb: (s: { rss: number[] }) => (s.rss.length > 0 ? Math.max(...s.rss) : undefined),
  teardown: async (s: { dir: { remove: () => void } }) => s.dir.remove(),
});

/** The verify figure (issue 6: ≤ 20 s and ≤ 300 MB peak RSS). */
export const verifyFigures: Figure[] = [
  {
    id: 'verify-1m',
    part: 'verify',
    title: `disputekit verify over ${EVENTS.toLocaleString('en')} events (SQLite)`,
    unit: 'events/s',
    warmup: 0,
    runs: 2,
    disputekit: 'disputekit verify (CLI)',
    absoluteTargets: [
      { metric: 'seconds', atMost: 20 },
      { metric: 'peakRssMb', atMost: 300 },
    ],
    note: '`disputekit verify --store sqlite:FILE --json` as a child process; the store is written hash-chained (withHashChain) so a clean history exits 0 (exit codes are counted below). Peak RSS is the CLI process\'s (its reading thread included); the CLI runs from its built bin, or from its sources through tsx when not built. The second contender is the same CLI reading and checking in one thread (`--threads 0`), as verify ran before it had a reading thread.',
    contenders: [verifyContender('disputekit verify (CLI)', []), verifyContender('disputekit verify (CLI), one thread (--threads 0)', ['--threads', '0'])],
  },
];
