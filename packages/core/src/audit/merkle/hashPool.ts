import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StoredChainedEvent } from '../eventHash';
import { chainHashesOf, leafHashesOf, runHashJob, type HashJob, type HashJobResult } from './hashJobs';
import { hashWorkerScript } from './hashWorkerScript';
import type { LeafEvent } from './logLeaf';

/** Options of `createHashPool`. */
export interface HashPoolOptions {
  /** Worker threads to hash in (default: min(2, cores)); 0 hashes every batch in the calling thread. */
  readonly threads?: number;
  /** Batches of fewer events are hashed in the calling thread, where a worker's round trip would cost more than it saves (default 1,024). */
  readonly minBatch?: number;
  /**
   * How a batch goes to a worker. `clone` (the default): a structured clone of the events, which
   * gives the very hashes one thread gives for any events. `json`: the batch as one JSON text, about
   * ten times cheaper for the calling thread, which the worker parses; the same hashes for events whose
   * values are all JSON — events read back from JSON text (SQLite, PostgreSQL, history files) — but
   * not for values canonical JSON refuses (a `NaN`, a `Date`, `undefined` in an array), which one
   * thread refuses and JSON would turn into something else.
   */
  readonly transport?: 'clone' | 'json';
}

/**
 * Leaf and chain hashing of large batches of events in worker threads (`node:worker_threads`), for
 * the passes over a whole log (building the Merkle tree, checking a checkpoint, `verify`). Each
 * batch is split between the workers and the results come back in the events' order, the same
 * bytes as `leafHashesOf` / `chainHashesOf` in one thread (the workers run that very code). Small
 * batches, a pool of 0 threads, and runtimes where no worker can start (or one dies) hash in the
 * calling thread instead. Workers start on the first large batch; they never keep the process alive
 * while idle, but `close()` must be called to end them.
 */
export interface HashPool {
  /** Worker threads running now (0 before the first large batch, after `close()`, or without workers). */
  readonly threads: number;
  /** The leaf hashes of `events`, 32 bytes each in order (`leafHashesOf`). */
  leafHashes(events: ReadonlyArray<LeafEvent>): Promise<Buffer>;
  /** Each event's chain hash, `null` where it cannot be hashed (`chainHashesOf`). */
  chainHashes(events: ReadonlyArray<StoredChainedEvent>): Promise<ReadonlyArray<string | null>>;
  /** Both of the above for the same events, sent to the workers once. */
  leafAndChainHashes(events: ReadonlyArray<StoredChainedEvent>): Promise<{ readonly leaves: Buffer; readonly chain: ReadonlyArray<string | null> }>;
  /** Ends the workers (a batch still running is finished in the calling thread). */
  close(): Promise<void>;
}

interface Lane {
  readonly worker: Worker;
  /** Jobs sent and not answered (the worker is ref'd only while there are some). */
  readonly jobs: Map<number, HashJob>;
}

/** Who waits for a job, and the job (run again here when a worker cannot). */
interface Waiter {
  readonly job: HashJob;
  readonly resolve: (result: HashJobResult) => void;
  readonly reject: (error: unknown) => void;
}

interface PoolContext {
  readonly wanted: number;
  readonly json: boolean;
  readonly minBatch: number;
  lanes: Lane[];
  started: boolean;
  closed: boolean;
  nextId: number;
  readonly waiting: Map<number, Waiter>;
}

/** Runs a job in this thread for whoever waits for it (a worker failed it, died, or could not be sent it): the same result, or the same error, as one thread gives. */
const runHere = (ctx: PoolContext, id: number): void => {
  const waiter = ctx.waiting.get(id);
  if (waiter === undefined) return;
  ctx.waiting.delete(id);
  try {
    waiter.resolve(runHashJob(waiter.job).result);
  } catch (error) {
    waiter.reject(error);
  }
};

/** Answers a job from a worker. */
const settle = (ctx: PoolContext, lane: Lane, result: HashJobResult): void => {
  lane.jobs.delete(result.id);
  if (lane.jobs.size === 0) lane.worker.unref();
  if (result.failed === true) return runHere(ctx, result.id);
  const waiter = ctx.waiting.get(result.id);
  ctx.waiting.delete(result.id);
  waiter?.resolve(result);
};

/** A worker failed or ended: it leaves the pool, and the jobs it had are hashed here instead. */
const dropLane = (ctx: PoolContext, lane: Lane): void => {
  ctx.lanes = ctx.lanes.filter((other) => other !== lane);
  const ids = [...lane.jobs.keys()];
  lane.jobs.clear();
  for (const id of ids) runHere(ctx, id);
};

/** Starts the workers, once; none when the worker script cannot be found or a worker cannot start. */
const start = (ctx: PoolContext): void => {
  ctx.started = true;
  const script = ctx.wanted > 0 ? hashWorkerScript() : undefined;
  if (script === undefined) return;
  for (let i = 0; i < ctx.wanted; i++) {
    let worker: Worker;
    try {
      worker = new Worker(script.script, { eval: script.eval });
    } catch {
      return;
    }
    worker.unref();
    const lane: Lane = { worker, jobs: new Map() };
    worker.on('message', (result: HashJobResult) => settle(ctx, lane, result));
    worker.on('error', () => dropLane(ctx, lane));
    worker.on('exit', () => dropLane(ctx, lane));
    ctx.lanes.push(lane);
  }
};

/** Sends one job to a lane; resolves to its result (hashed here if it cannot be sent). */
const send = (ctx: PoolContext, lane: Lane, kind: HashJob['kind'], events: ReadonlyArray<StoredChainedEvent>): Promise<HashJobResult> => {
  const job: HashJob = { id: ctx.nextId++, kind, events };
  return new Promise((resolve, reject) => {
    ctx.waiting.set(job.id, { job, resolve, reject });
    try {
      lane.worker.postMessage(ctx.json ? { id: job.id, kind, events: [], json: JSON.stringify(events) } : job);
    } catch {
      // Something in the events that cannot be cloned (or written as JSON): hash them here.
      runHere(ctx, job.id);
      return;
    }
    if (lane.jobs.size === 0) lane.worker.ref();
    lane.jobs.set(job.id, job);
  });
};

/** Splits a batch between the lanes, in order; resolves to each part's result in order. */
const spread = (ctx: PoolContext, kind: HashJob['kind'], events: ReadonlyArray<StoredChainedEvent>): Promise<HashJobResult[]> | undefined => {
  if (ctx.closed || events.length < ctx.minBatch) return undefined;
  if (!ctx.started) start(ctx);
  const lanes = ctx.lanes;
  if (lanes.length === 0) return undefined;
  const part = Math.ceil(events.length / lanes.length);
  return Promise.all(lanes.map((lane, i) => send(ctx, lane, kind, events.slice(i * part, (i + 1) * part))));
};

/** The leaf hashes of a batch's parts, joined in order. */
const leavesOf = (parts: ReadonlyArray<HashJobResult>): Buffer => Buffer.concat(parts.map((part) => new Uint8Array(part.leaves ?? new ArrayBuffer(0))));

/** Creates a pool of hashing workers (see `HashPool`). */
export const createHashPool = (options: HashPoolOptions = {}): HashPool => {
  const ctx: PoolContext = {
    wanted: Math.max(0, Math.floor(options.threads ?? Math.min(2, availableParallelism()))),
    minBatch: Math.max(1, options.minBatch ?? 1_024),
    json: options.transport === 'json',
    lanes: [],
    started: false,
    closed: false,
    nextId: 0,
    waiting: new Map(),
  };
  return {
    get threads() {
      return ctx.lanes.length;
    },
    async leafHashes(events) {
      const parts = await spread(ctx, 'leaf', events as ReadonlyArray<StoredChainedEvent>);
      return parts === undefined ? leafHashesOf(events) : leavesOf(parts);
    },
    async chainHashes(events) {
      const parts = await spread(ctx, 'chain', events);
      return parts === undefined ? chainHashesOf(events) : parts.flatMap((part) => part.chain ?? []);
    },
    async leafAndChainHashes(events) {
      const parts = await spread(ctx, 'both', events);
      if (parts === undefined) return { leaves: leafHashesOf(events as ReadonlyArray<LeafEvent>), chain: chainHashesOf(events) };
      return { leaves: leavesOf(parts), chain: parts.flatMap((part) => part.chain ?? []) };
    },
    async close() {
      ctx.closed = true;
      const lanes = ctx.lanes;
      await Promise.all(lanes.map((lane) => lane.worker.terminate()));
      for (const lane of lanes) dropLane(ctx, lane);
    },
  };
};
