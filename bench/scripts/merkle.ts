/**
 * Speed of the signed Merkle log (issue 12) on SQLite, over a store of 1,000,008 hash-chained events
 * (111,112 disputes of 9 events with their order guards): building the tree and signing a
 * checkpoint from nothing, checking the checkpoint against the log, the CLI's whole
 * `verify --checkpoint`, an incremental checkpoint after 999 more events, and a proof of one
 * dispute (`prove`) and its check (`verify-proof`). Targets: tree + check ≤ 20 s, a proof ≤ 2 s.
 *
 *   cd bench && node --import tsx scripts/merkle.ts [--events N] [--keep] [--single-thread | --pool] [--tree-only] [--cache DIR] [--build-only]
 *
 * Leaves are read and hashed by worker threads that read the store themselves (`sqliteRangedLog`,
 * `leafChunks`: two on this machine) unless `--single-thread` (one thread) or `--pool` (the calling
 * thread reads, `createHashPool` hashes); `--tree-only` stops after the tree and the check; `verify` runs in its own process (the CLI from its sources, through tsx).
 *
 * Needs no bench install (only the workspace's packages, through bench/tsconfig.json's paths). The
 * store is built once (not timed) and kept in bench/.cache/ for the next run.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore, createSqliteTreeStore, sqliteRangedLog } from '@disputekit/adapters/sqlite';
import {
  buildDisputeProof,
  createDisputeService,
  createHashPool,
  createMerkleLog,
  formatDisputeProof,
  GENESIS_HASH,
  leafChunks,
  LogTreeRecorder,
  parseDisputeProof,
  signCheckpoint,
  verifyDisputeProof,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  fixedClock,
} from '@disputekit/core';
import { chainNewEvents } from '@disputekit/core/internal';
import { actors, day, openNotReceivedJson, usd } from '@disputekit/core/testing';
import { runCli } from '../../packages/cli/src/program';

const here = dirname(fileURLToPath(import.meta.url));
const argEvents = process.argv.indexOf('--events');
const PER_DISPUTE = 9;
const DISPUTES = Math.ceil((argEvents > 0 ? Number(process.argv[argEvents + 1]) : 1_000_000) / PER_DISPUTE);
const EVENTS = DISPUTES * PER_DISPUTE;
/** `--cache DIR`: where the built store is kept (default bench/.cache). */
const argCache = process.argv.indexOf('--cache');
const cacheFile = join(argCache > 0 ? String(process.argv[argCache + 1]) : join(here, '..', '.cache'), `merkle-${EVENTS}.db`);

const right = <A>(either: { _tag: 'Left'; left: { message: string } } | { _tag: 'Right'; right: A }): A => {
  if (either._tag === 'Left') throw new Error(either.left.message);
  return either.right;
};

/** One dispute of 9 events with its guard, written by the service into memory: the template copied for each dispute. */
const template = async (): Promise<ReadonlyArray<RecordedEvent>> => {
  const store = createInMemoryEventStore();
  const service = createDisputeService({ store, clock: fixedClock('2026-04-01T12:00:00.000Z') });
  const envelope = (commandId: string, actor: keyof typeof actors, at: number) => ({ disputeId: 'tpl', commandId: `tpl-${commandId}`, actor: actors[actor], at: day(at) });
  const commands = [
    openNotReceivedJson({ at: day(1), disputeId: 'tpl', commandId: 'tpl-open', order: { orderId: 'tpl-order' } } as Parameters<typeof openNotReceivedJson>[0]),
    { type: 'PostMessage', ...envelope('msg', 'seller', 2), messageId: 'tpl-m1', text: 'Sorry, let me check with the carrier.' },
    { type: 'MakeProposal', ...envelope('prop', 'seller', 3), proposalId: 'tpl-p1', amount: usd(6_000), returnRequired: false },
    { type: 'AcceptProposal', ...envelope('accept', 'buyer', 4), proposalId: 'tpl-p1' },
    { type: 'IssueRefund', ...envelope('refund', 'system', 5), refundId: 'tpl-r', amount: usd(6_000), gatewayReference: 'tpl-gw' },
  ];
  for (const command of commands) right(await service.handle(command));
  const log = right(await store.readAll({ maxCount: 100 }));
  await store.close();
  if (log.length !== PER_DISPUTE) throw new Error(`the template dispute has ${log.length} events, not ${PER_DISPUTE}`);
  return log;
};

/** Writes the store: the template with its ids made unique per dispute, chained again per stream, appended as the service appends (one append per stream part). */
const buildStore = async (file: string): Promise<void> => {
  const events = await template();
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const store = createSqliteEventStore({ filename: partial, synchronous: 'NORMAL' });
  const started = performance.now();
  for (let i = 0; i < DISPUTES; i++) {
    const rename = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replaceAll('tpl', `m${i}`));
    let k = 0;
    while (k < events.length) {
      const streamId = events[k]!.streamId;
      const part: NewEvent[] = [];
      const firstVersion = events[k]!.version;
      for (; k < events.length && events[k]!.streamId === streamId; k++) {
        const { hash: _h, previousHash: _p, hashVersion: _v, ...metadata } = events[k]!.metadata;
        part.push({ type: events[k]!.type, data: rename(events[k]!.data), metadata: { ...(rename(metadata) as NewEvent['metadata']), eventId: `m${i}-${k}` } });
      }
      const renamed = String(rename(streamId));
      const head = firstVersion === 1 ? { streamId: renamed, version: 0, hash: GENESIS_HASH } : await lastHead(store, renamed);
      right(await store.appendToStream(renamed, chainNewEvents(head, part), { expectedVersion: head.version === 0 ? 'no_stream' : head.version }));
    }
    if (i % 20_000 === 0) process.stderr.write(`  building the store: ${i * PER_DISPUTE} events (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await store.close();
  renameSync(partial, file);
};

const lastHead = async (store: EventStore, streamId: string) => {
  const stream = right(await store.readStream(streamId));
  const last = stream[stream.length - 1]!;
  return { streamId, version: last.version, hash: last.metadata['hash'] as string };
};

/** A phase's start: wall clock and this process's CPU time. */
let cpuAtStart = process.cpuUsage();
const start = (): number => {
  cpuAtStart = process.cpuUsage();
  return performance.now();
};
/** Wall seconds since `from`, and the CPU seconds (user + system) this process spent since the matching `start()`. */
const seconds = (from: number): string => {
  const cpu = process.cpuUsage(cpuAtStart);
  return `${((performance.now() - from) / 1000).toFixed(2)} wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} cpu`;
};
const wallOf = (text: number | string | undefined): number => Number(String(text).split(' ')[0]);
const cpuOf = (text: number | string | undefined): number => Number(String(text).split(', ')[1]?.split(' ')[0]);

/** Runs the CLI in this process, its output captured. */
const cli = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Object.assign(Readable.from(['']), { isTTY: false }),
    env: { NO_COLOR: '1' },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
};

/** `--single-thread`: read and hash in the calling thread (no worker reading the log, a pool of 0 workers). */
const SINGLE_THREAD = process.argv.includes('--single-thread');
/** `--pool`: the leaves hashed in the hash pool (the calling thread reads and decodes), as on 2026-12-04 evening, instead of workers reading the log themselves. */
const POOL_ONLY = process.argv.includes('--pool');
/** `--tree-only`: stop after the tree and the check (no proofs, no CLI runs). */
const TREE_ONLY = process.argv.includes('--tree-only');

/** The checkpoint check's pass with workers that read the log themselves (`leafChunks`), as the CLI's `recordLogLeaves` does. */
const recordLogInWorkers = async (file: string, size: number): Promise<LogTreeRecorder> => {
  const recorder = new LogTreeRecorder(size, [size]);
  const ranged = sqliteRangedLog({ filename: file })!;
  for await (const chunk of leafChunks(ranged, 0, await ranged.lastPosition())) {
    if (chunk.hashed === undefined) throw new Error(`no worker hashed (${chunk.after}, ${chunk.upTo}]`);
    for (let i = 0; i < chunk.hashed.count; i++) recorder.pushLeaf(chunk.hashed.leaves.subarray(i * 32, i * 32 + 32), chunk.hashed.positions[i]);
    if (recorder.count >= size) break;
  }
  return recorder;
};

/** The checkpoint check's pass: today's log read in large pages, each page's leaves hashed in the pool while the next page is read. */
const recordLog = async (events: EventStore, pool: ReturnType<typeof createHashPool>, size: number): Promise<LogTreeRecorder> => {
  const recorder = new LogTreeRecorder(size, [size]);
  const record = (page: ReadonlyArray<RecordedEvent>, leaves: Buffer): void => page.forEach((event, i) => recorder.pushLeaf(leaves.subarray(i * 32, i * 32 + 32), event.globalPosition));
  let previous: { page: ReadonlyArray<RecordedEvent>; leaves: Promise<Buffer> } | undefined;
  for (let after = 0; ; ) {
    const page = right(await events.readAll({ after, maxCount: 8_192 }));
    if (page.length === 0) break;
    const current = { page, leaves: pool.leafHashes(page) };
    if (previous !== undefined) record(previous.page, await previous.leaves);
    previous = current;
    after = page[page.length - 1]!.globalPosition;
  }
  if (previous !== undefined) record(previous.page, await previous.leaves);
  return recorder;
};

/**
 * Runs the CLI (`bin.ts` through tsx) in a child process under `/usr/bin/time`: its wall and CPU
 * seconds and its peak RSS (the in-process figures would count this script's own memory).
 */
const verifyInChild = (args: string[]): string => {
  const bin = join(here, '..', '..', 'packages', 'cli', 'src', 'bin.ts');
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, '--import', 'tsx', bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  const line = run.stderr.split('\n').find((text) => text.startsWith('TIME '));
  if (run.status !== 0 || line === undefined) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stdout.slice(0, 2000)}${run.stderr.slice(-2000)}`);
  const [wall, user, system, rssKb] = line.slice(5).split(' ').map(Number) as [number, number, number, number];
  return `${wall.toFixed(2)} wall, ${(user + system).toFixed(2)} cpu, ${Math.round(rssKb / 1024)} MB peak RSS`;
};

const main = async (): Promise<void> => {
  mkdirSync(dirname(cacheFile), { recursive: true });
  if (!existsSync(cacheFile)) {
    process.stderr.write(`Building a store of ${EVENTS.toLocaleString('en')} events in ${cacheFile} (once; not timed)…\n`);
    await buildStore(cacheFile);
  }
  if (process.argv.includes('--build-only')) return;
  const work = join(dirname(cacheFile), `merkle-run-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const file = join(work, 'events.db');
  copyFileSync(cacheFile, file);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(work, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(work, 'pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const results: Record<string, number | string> = new Proxy({} as Record<string, number | string>, {
    // Each figure is written to stderr as soon as it is known (a long run cut short keeps what it measured).
    set: (target, key, value) => {
      process.stderr.write(`  ${String(key)}: ${String(value)}\n`);
      target[key as string] = value as number | string;
      return true;
    },
  });
  Object.assign(results, { events: EVENTS, 'load average at the start (1, 5, 15 min)': (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(', ') });
  try {
    const events = createSqliteEventStore({ filename: file });
    const tree = createSqliteTreeStore({ filename: file });
    // The events are read back from SQLite's JSON text: they go to the workers as JSON (as the CLI sends them).
    const pool = createHashPool({ ...(SINGLE_THREAD ? { threads: 0 } : {}), transport: 'json' });
    let t = start();
    const ranged = SINGLE_THREAD || POOL_ONLY ? {} : { rangedLog: sqliteRangedLog({ filename: file })! };
    const head = await createMerkleLog({ events, tree, hashPool: pool, ...ranged }).catchUp();
    const checkpoint = signCheckpoint({ logId: 'bench', head, time: new Date(), privateKey });
    results['tree from nothing + signed checkpoint (s)'] = seconds(t);
    writeFileSync(join(work, 'checkpoint.json'), `${JSON.stringify(checkpoint, null, 2)}\n`);

    t = start();
    const recorder = SINGLE_THREAD || POOL_ONLY ? await recordLog(events, pool, checkpoint.size) : await recordLogInWorkers(file, checkpoint.size);
    if (recorder.rootAt(checkpoint.size)?.toString('hex') !== checkpoint.rootHash) throw new Error('the checkpoint does not hold');
    results['checking the checkpoint: read + rehash the log (s)'] = seconds(t);
    results['hashing worker threads'] = pool.threads;
    await pool.close();
    const built = results['tree from nothing + signed checkpoint (s)'];
    const checked = results['checking the checkpoint: read + rehash the log (s)'];
    results['tree + check (s), target ≤ 20'] = `${(wallOf(built) + wallOf(checked)).toFixed(2)} wall, ${(cpuOf(built) + cpuOf(checked)).toFixed(2)} cpu`;
    results['mode'] = SINGLE_THREAD ? 'one thread' : POOL_ONLY ? 'hash pool' : 'workers reading the log (2)';
    results['load average after the tree and check (1, 5, 15 min)'] = (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(', ');
    if (TREE_ONLY) return;

    const disputeId = `m${Math.floor(DISPUTES / 2)}`;
    t = start();
    const proof = await buildDisputeProof({ events, log: createMerkleLog({ events, tree }), checkpoint, disputeId });
    results['proof of one dispute, API (s)'] = seconds(t);
    const text = formatDisputeProof(proof);
    t = start();
    if (!verifyDisputeProof(parseDisputeProof(text), publicKey).holds) throw new Error('the proof does not hold');
    results['verify-proof, API (s)'] = seconds(t);
    results['proof size (bytes)'] = Buffer.byteLength(text);
    await events.close();
    await tree.close();

    t = start();
    const proved = await cli(['prove', disputeId, '--store', `sqlite:${file}`, '--checkpoint', join(work, 'checkpoint.json'), '--out', join(work, 'dispute.proof')]);
    if (proved.code !== 0) throw new Error(proved.stderr);
    results['disputekit prove, in process (s), target ≤ 2'] = seconds(t);
    t = start();
    const proofChecked = await cli(['verify-proof', join(work, 'dispute.proof'), '--public-key', join(work, 'pub.pem')]);
    if (proofChecked.code !== 0) throw new Error(proofChecked.stdout + proofChecked.stderr);
    results['disputekit verify-proof, in process (s)'] = seconds(t);

    results['disputekit verify, own process (s, peak RSS MB), target ≤ 20 s and 300 MB'] = verifyInChild(['verify', '--store', `sqlite:${file}`, '--json']);
    results['disputekit verify --checkpoint, own process (s, peak RSS MB)'] = verifyInChild([
      'verify', '--store', `sqlite:${file}`, '--checkpoint', join(work, 'checkpoint.json'), '--public-key', join(work, 'pub.pem'), '--json',
    ]);

    const more = createSqliteEventStore({ filename: file });
    const service = createDisputeService({ store: more });
    for (let i = 0; i < 111; i++) {
      const id = `extra-${i}`;
      right(await service.handle(openNotReceivedJson({ at: day(1), disputeId: id, commandId: `${id}-open`, order: { orderId: `${id}-order` } } as Parameters<typeof openNotReceivedJson>[0])));
      for (let m = 0; m < 7; m++) right(await service.handle({ type: 'PostMessage', disputeId: id, commandId: `${id}-m${m}`, actor: actors.buyer, at: day(2), messageId: `${id}-m${m}`, text: 'Any news?' }));
    }
    await more.close();
    t = start();
    const incremental = await cli(['checkpoint', '--store', `sqlite:${file}`, '--key', join(work, 'key.pem'), '--out', join(work, 'checkpoint-2.json')]);
    if (incremental.code !== 0) throw new Error(incremental.stderr);
    results['disputekit checkpoint after 999 more events, in process (s)'] = seconds(t);
    results['peak RSS (MB)'] = Math.round(process.resourceUsage().maxRSS / 1024);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
  results['load average at the end (1, 5, 15 min)'] = (await import('node:os')).loadavg().map((n) => n.toFixed(2)).join(', ');
  console.log(JSON.stringify(results, null, 2));
};

void main();
