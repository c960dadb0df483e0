import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { millisOf, systemClock, type Clock, type EventStore, type Instant } from '@disputekit/core';
import { createLogCheckpointer, type LogCheckpointer, type LogCheckpointOptions } from '../checkpoints/logCheckpointer';
import type { ReadSideStore } from '../readSide/projectionLease';
import type { Projection } from './projection';
import { ProjectionWorker, type ProjectionStatus, type WorkerSettings } from './projectionWorker';
import { readmitStream, type ReadmitResult } from './readmitStream';
import { leaseHeld, unknownProjection, type RunnerError } from './runnerErrors';

/** Options of `createProjectionRunner`. */
export interface ProjectionRunnerOptions {
  /** The event store whose global log the projections follow. */
  readonly events: EventStore;
  /** Where rows, checkpoints, the catalog and leases live. */
  readonly readSide: ReadSideStore;
  /** The projections to run side by side, each with its own checkpoint and lease. */
  readonly projections: ReadonlyArray<Projection>;
  /** Events read and committed per transaction (default 500). */
  readonly batchSize?: number;
  /** Pause between polls once caught up, and after an error (default 200 ms). */
  readonly pollIntervalMs?: number;
  /** How long a lease lasts unless renewed (default 30 s); a crashed runner is replaced after it. */
  readonly leaseTtlMs?: number;
  /** This instance's name in the lease table (default a random UUID). */
  readonly owner?: string;
  /** The clock for leases and lag (default the system clock). */
  readonly clock?: Clock;
  /** Rows kept in memory per projection between batches (default 50,000). */
  readonly maxCachedRows?: number;
  /** Most events counted by `lag()` (default 100,000); beyond it the count is a lower bound. */
  readonly lagProbeLimit?: number;
  /** Told about every error the background loop meets (it retries them, except `ProjectionFailed`). */
  readonly onError?: (error: RunnerError) => void;
  /**
   * Also sign checkpoints of the log (its Merkle tree's head) every N events or T minutes into a
   * `CheckpointSink` (a folder by default): see `LogCheckpointOptions` and docs/audits.md.
   */
  readonly checkpoints?: LogCheckpointOptions;
}

/** How far a projection is behind the head of the log. */
export interface ProjectionLag {
  readonly projection: string;
  readonly generation: number;
  /** Global position of the last event applied. */
  readonly checkpoint: number;
  /** Events in the log after the checkpoint (a lower bound when `atLeast`). */
  readonly eventsBehind: number;
  readonly atLeast: boolean;
  /** Seconds since the oldest event not yet applied was recorded (0 when caught up). */
  readonly secondsBehind: number;
}

/** The projection runner. */
export interface ProjectionRunner {
  /** Runs every projection in the background until `stop()`. */
  start(): void;
  /** Finishes the batch in hand, stops, and releases the leases. */
  stop(): Promise<void>;
  /**
   * Processes every projection up to the head of the log (and finishes any rebuild), then returns.
   * Fails with `LeaseHeld` if another instance holds a projection's lease.
   */
  catchUp(options?: { readonly maxBatches?: number }): Promise<E.Either<RunnerError, void>>;
  /** Starts rebuilding a projection from zero beside the copy that keeps serving; swapped in when caught up. */
  rebuild(projection: string): E.Either<RunnerError, void>;
  /** Where each projection stands, with the streams it parked. */
  status(): ReadonlyArray<ProjectionStatus>;
  /**
   * Re-admits a repaired stream that projections parked (see `readmitStream`): checks it decodes
   * now and rebuilds each projection that parked it, beside the copy that keeps serving.
   */
  readmit(streamId: string): Promise<E.Either<RunnerError, ReadmitResult>>;
  /** How far each projection is behind, in events and seconds. */
  lag(): Promise<E.Either<RunnerError, ReadonlyArray<ProjectionLag>>>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** What a runner's operations share: its options, settings and workers, and the background loops. */
interface RunnerContext {
  readonly options: ProjectionRunnerOptions;
  readonly settings: WorkerSettings;
  readonly workers: ReadonlyArray<ProjectionWorker>;
  readonly checkpointer: LogCheckpointer | undefined;
  readonly pollIntervalMs: number;
  readonly lagProbeLimit: number;
  loops: Array<Promise<void>>;
  controller: AbortController | undefined;
}

const checkNames = (projections: ReadonlyArray<Projection>): void => {
  const names = new Set<string>();
  for (const p of projections) {
    if (!/^[a-z][a-z0-9_]*$/i.test(p.name)) throw new Error(`Projection name ${JSON.stringify(p.name)} must be letters, digits and _`);
    if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
    names.add(p.name);
  }
};

const contextOf = (options: ProjectionRunnerOptions): RunnerContext => {
  checkNames(options.projections);
  const clock = options.clock ?? systemClock;
  const settings: WorkerSettings = {
    events: options.events,
    readSide: options.readSide,
    owner: options.owner ?? `runner-${randomUUID()}`,
    clock,
    batchSize: options.batchSize ?? 500,
    leaseTtlMs: options.leaseTtlMs ?? 30_000,
    maxCachedRows: options.maxCachedRows ?? 50_000,
  };
  return {
    options,
    settings,
    workers: options.projections.map((p) => new ProjectionWorker(p, settings)),
    checkpointer: options.checkpoints === undefined ? undefined : createLogCheckpointer(options.events, clock, options.checkpoints),
    pollIntervalMs: options.pollIntervalMs ?? 200,
    lagProbeLimit: options.lagProbeLimit ?? 100_000,
    loops: [],
    controller: undefined,
  };
};

/** One worker's background loop: steps until aborted, pausing when idle and after an error. */
const workerLoop = async (ctx: RunnerContext, worker: ProjectionWorker, signal: AbortSignal): Promise<void> => {
  while (!signal.aborted) {
    const step = await worker.step();
    if (E.isLeft(step)) {
      worker.noteError(step.left);
      ctx.options.onError?.(step.left);
      if (step.left._tag === 'ProjectionFailed') return;
      await abortableSleep(ctx.pollIntervalMs, signal);
    } else if (step.right !== 'progress') {
      await abortableSleep(ctx.pollIntervalMs, signal);
    }
  }
};

const checkpointLoop = async (checkpointer: LogCheckpointer, pollIntervalMs: number, signal: AbortSignal): Promise<void> => {
  while (!signal.aborted) {
    await checkpointer.tick();
    await abortableSleep(pollIntervalMs, signal);
  }
};

const start = (ctx: RunnerContext): void => {
  if (ctx.controller !== undefined) return;
  ctx.controller = new AbortController();
  const signal = ctx.controller.signal;
  ctx.loops = ctx.workers.map((w) => workerLoop(ctx, w, signal));
  if (ctx.checkpointer !== undefined) ctx.loops.push(checkpointLoop(ctx.checkpointer, ctx.pollIntervalMs, signal));
};

const stop = async (ctx: RunnerContext): Promise<void> => {
  ctx.controller?.abort();
  await Promise.all(ctx.loops);
  ctx.loops = [];
  ctx.controller = undefined;
  for (const w of ctx.workers) {
    await w.release();
    w.markStopped();
  }
};

/** Steps one worker until it is settled or the budget of batches is spent. */
const settle = async (worker: ProjectionWorker, budget: { left: number }): Promise<E.Either<RunnerError, void>> => {
  for (;;) {
    if (budget.left <= 0) return E.right(undefined);
    const step = await worker.step();
    if (E.isLeft(step)) return step;
    if (step.right === 'waiting') return E.left(leaseHeld(worker.projection.name));
    budget.left -= 1;
    if (step.right === 'idle' && worker.isSettled()) return E.right(undefined);
  }
};

const catchUp = async (ctx: RunnerContext, opts: { readonly maxBatches?: number }): Promise<E.Either<RunnerError, void>> => {
  if (opts.maxBatches !== undefined) {
    // A bounded run (tests that stop at chosen points): one projection after the other, one shared budget.
    const budget = { left: opts.maxBatches };
    for (const worker of ctx.workers) {
      const done = await settle(worker, budget);
      if (E.isLeft(done)) return done;
    }
    return E.right(undefined);
  }
  const results = await Promise.all(ctx.workers.map((w) => settle(w, { left: Number.POSITIVE_INFINITY })));
  await ctx.checkpointer?.tick();
  return results.find(E.isLeft) ?? E.right(undefined);
};

const rebuild = (ctx: RunnerContext, projection: string): E.Either<RunnerError, void> => {
  const worker = ctx.workers.find((w) => w.projection.name === projection);
  if (worker === undefined) return E.left(unknownProjection(projection));
  worker.requestRebuild();
  return E.right(undefined);
};

const readmit = async (ctx: RunnerContext, streamId: string): Promise<E.Either<RunnerError, ReadmitResult>> => {
  const { settings } = ctx;
  const done = await readmitStream({ events: settings.events, readSide: settings.readSide, projections: ctx.options.projections, streamId });
  if (E.isRight(done)) for (const w of ctx.workers) if (done.right.rebuilding.includes(w.projection.name)) w.reloadCatalog();
  return done;
};

/** Where a worker's active generation stands: from the worker when it knows, else from the store. */
const positionOf = async (ctx: RunnerContext, worker: ProjectionWorker): Promise<E.Either<RunnerError, { generation: number; checkpoint: number }>> => {
  const known = worker.activeCheckpoint();
  if (known !== undefined) return E.right(known);
  const { readSide } = ctx.settings;
  const entry = await readSide.readCatalog(worker.projection.name);
  if (E.isLeft(entry)) return entry;
  const generation = entry.right?.active.generation ?? 1;
  const checkpoint = await readSide.readCheckpoint({ projection: worker.projection.name, generation });
  if (E.isLeft(checkpoint)) return checkpoint;
  return E.right({ generation, checkpoint: checkpoint.right ?? 0 });
};

const lagOf = async (ctx: RunnerContext, worker: ProjectionWorker): Promise<E.Either<RunnerError, ProjectionLag>> => {
  const position = await positionOf(ctx, worker);
  if (E.isLeft(position)) return position;
  const { generation, checkpoint } = position.right;
  const behind = await ctx.settings.events.readAll({ after: checkpoint, maxCount: ctx.lagProbeLimit });
  if (E.isLeft(behind)) return behind;
  const oldest = behind.right[0];
  const recordedAt = oldest === undefined ? undefined : millisOf(oldest.metadata.recordedAt as Instant);
  return E.right({
    projection: worker.projection.name,
    generation,
    checkpoint,
    eventsBehind: behind.right.length,
    atLeast: behind.right.length >= ctx.lagProbeLimit,
    secondsBehind: recordedAt === undefined || !Number.isFinite(recordedAt) ? 0 : Math.max(0, (ctx.settings.clock.now() - recordedAt) / 1000),
  });
};

const lag = async (ctx: RunnerContext): Promise<E.Either<RunnerError, ReadonlyArray<ProjectionLag>>> => {
  const lags: ProjectionLag[] = [];
  for (const worker of ctx.workers) {
    const one = await lagOf(ctx, worker);
    if (E.isLeft(one)) return one;
    lags.push(one.right);
  }
  return E.right(lags);
};

/**
 * Creates a projection runner: it follows the global log from each projection's checkpoint,
 * applies the projection to batches of events, and stores the row changes with the new checkpoint
 * in one transaction. Only the holder of a projection's lease processes it.
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const ctx = contextOf(options);
  return {
    start: () => start(ctx),
    stop: () => stop(ctx),
    catchUp: (opts = {}) => catchUp(ctx, opts),
    rebuild: (projection) => rebuild(ctx, projection),
    status: () => ctx.workers.map((w) => w.status()),
    readmit: (streamId) => readmit(ctx, streamId),
    lag: () => lag(ctx),
  };
};
