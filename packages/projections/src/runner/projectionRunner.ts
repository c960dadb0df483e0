import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { millisOf, type EventStore, type Instant, type ReadSideStore } from '@disputekit/core';
import { createLogCheckpointer, type LogCheckpointOptions } from '../checkpoints/logCheckpointer';
import { systemClock, type Clock } from '@disputekit/core';
import type { Projection } from './projection';
import { ProjectionWorker, type ProjectionStatus } from './projectionWorker';
import { readmitStream, type ReadmitResult } from './readmitStream';
import { leaseHeld, unknownProjection, type RunnerError } from './runnerErrors';

/** Options of `createProjectionRunner`. */
export interface ProjectionRunnerOptions {
  /** The event store whose global log the projections follow. */
  readonly events: EventStore;
  /** Where rows, checkpoints, the catalog and leases live. */
  readonly readModels: ReadSideStore;
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

/**
 * Creates a projection runner: it follows the global log from each projection's checkpoint,
 * applies the projection to batches of events, and stores the row changes with the new checkpoint
 * in one transaction. Only the holder of a projection's lease processes it.
 */
export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const names = new Set<string>();
  for (const p of options.projections) {
    if (!/^[a-z][a-z0-9_]*$/i.test(p.name)) throw new Error(`Projection name ${JSON.stringify(p.name)} must be letters, digits and _`);
    if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
    names.add(p.name);
  }
  const clock = options.clock ?? systemClock;
  const settings = {
    events: options.events,
    readModels: options.readModels,
    owner: options.owner ?? `runner-${randomUUID()}`,
    clock,
    batchSize: options.batchSize ?? 500,
    leaseTtlMs: options.leaseTtlMs ?? 30_000,
    maxCachedRows: options.maxCachedRows ?? 50_000,
  };
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const lagProbeLimit = options.lagProbeLimit ?? 100_000;
  const workers = options.projections.map((p) => new ProjectionWorker(p, settings));
  const checkpointer = options.checkpoints === undefined ? undefined : createLogCheckpointer(options.events, clock, options.checkpoints);
  let loops: Array<Promise<void>> = [];
  let controller: AbortController | undefined;

  const loop = async (worker: ProjectionWorker, signal: AbortSignal): Promise<void> => {
    while (!signal.aborted) {
      const step = await worker.step();
      if (E.isLeft(step)) {
        worker.lastError = step.left;
        options.onError?.(step.left);
        if (step.left._tag === 'ProjectionFailed') return;
        await abortableSleep(pollIntervalMs, signal);
      } else if (step.right !== 'progress') {
        await abortableSleep(pollIntervalMs, signal);
      }
    }
  };

  return {
    start() {
      if (controller !== undefined) return;
      controller = new AbortController();
      const signal = controller.signal;
      loops = workers.map((w) => loop(w, signal));
      if (checkpointer !== undefined) {
        loops.push(
          (async () => {
            while (!signal.aborted) {
              await checkpointer.tick();
              await abortableSleep(pollIntervalMs, signal);
            }
          })(),
        );
      }
    },

    async stop() {
      controller?.abort();
      await Promise.all(loops);
      loops = [];
      controller = undefined;
      for (const w of workers) {
        await w.release();
        w.state = 'stopped';
      }
    },

    async catchUp(opts = {}) {
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
      if (opts.maxBatches !== undefined) {
        // A bounded run (tests that stop at chosen points): one projection after the other, one shared budget.
        const budget = { left: opts.maxBatches };
        for (const worker of workers) {
          const done = await settle(worker, budget);
          if (E.isLeft(done)) return done;
        }
        return E.right(undefined);
      }
      const results = await Promise.all(workers.map((w) => settle(w, { left: Number.POSITIVE_INFINITY })));
      await checkpointer?.tick();
      return results.find(E.isLeft) ?? E.right(undefined);
    },

    rebuild(projection) {
      const worker = workers.find((w) => w.projection.name === projection);
      if (worker === undefined) return E.left(unknownProjection(projection));
      worker.requestRebuild();
      return E.right(undefined);
    },

    status: () => workers.map((w) => w.status()),

    async readmit(streamId) {
      const done = await readmitStream({ events: settings.events, readModels: settings.readModels, projections: options.projections, streamId });
      if (E.isRight(done)) for (const w of workers) if (done.right.rebuilding.includes(w.projection.name)) w.reloadCatalog();
      return done;
    },

    async lag() {
      const lags: ProjectionLag[] = [];
      for (const worker of workers) {
        let position = worker.activeCheckpoint();
        if (position === undefined) {
          const entry = await settings.readModels.readCatalog(worker.projection.name);
          if (E.isLeft(entry)) return entry;
          const generation = entry.right?.active.generation ?? 1;
          const checkpoint = await settings.readModels.readCheckpoint({ projection: worker.projection.name, generation });
          if (E.isLeft(checkpoint)) return checkpoint;
          position = { generation, checkpoint: checkpoint.right ?? 0 };
        }
        const behind = await settings.events.readAll({ after: position.checkpoint, maxCount: lagProbeLimit });
        if (E.isLeft(behind)) return behind;
        const oldest = behind.right[0];
        const recordedAt = oldest === undefined ? undefined : millisOf(oldest.metadata.recordedAt as Instant);
        lags.push({
          projection: worker.projection.name,
          generation: position.generation,
          checkpoint: position.checkpoint,
          eventsBehind: behind.right.length,
          atLeast: behind.right.length >= lagProbeLimit,
          secondsBehind: recordedAt === undefined || !Number.isFinite(recordedAt) ? 0 : Math.max(0, (clock.now() - recordedAt) / 1000),
        });
      }
      return E.right(lags);
    },
  };
};
