import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RangedLog } from './logRanges';
import { workerScriptFor } from './hashWorkerScript';

/*
 * The worker threads of a pass over a store's log (`leafChunks`, `chainedLogChunks`): each runs
 * `logRangeWorker`, opens its own reader of the log, and answers one job at a time with a result
 * carrying the job's id.
 */

/** One worker thread and the jobs it has not answered yet. */
export interface Lane<Result extends { readonly id: number }> {
  readonly worker: Worker;
  alive: boolean;
  readonly waiting: Map<number, (result: Result | undefined) => void>;
}

/** Ends a lane's jobs without a result (the caller reads those ranges itself). */
const dropLane = <Result extends { readonly id: number }>(lane: Lane<Result>): void => {
  lane.alive = false;
  for (const resolve of lane.waiting.values()) resolve(undefined);
  lane.waiting.clear();
};

/**
 * Starts `threads` workers, each opening its own reader of `log` (with V8 heap limits when given: a
 * worker that runs out of them ends, and the caller reads its ranges itself); none when the worker
 * entry cannot be found.
 */
export const startLanes = <Result extends { readonly id: number }>(log: RangedLog, threads: number, resourceLimits?: ResourceLimits): Array<Lane<Result>> => {
  const script = threads > 0 ? workerScriptFor('logRangeWorker') : undefined;
  if (script === undefined) return [];
  const lanes: Array<Lane<Result>> = [];
  for (let i = 0; i < threads; i++) {
    let worker: Worker;
    try {
      worker = new Worker(script.script, { eval: script.eval, workerData: { opener: log.opener }, ...(resourceLimits === undefined ? {} : { resourceLimits }) });
    } catch {
      break;
    }
    const lane: Lane<Result> = { worker, alive: true, waiting: new Map() };
    worker.on('message', (result: Result) => {
      const resolve = lane.waiting.get(result.id);
      lane.waiting.delete(result.id);
      resolve?.(result);
    });
    worker.on('error', () => dropLane(lane));
    worker.on('exit', () => dropLane(lane));
    lanes.push(lane);
  }
  return lanes;
};

/** Asks the workers to close their readers and end; ends those that do not within a few seconds. */
const closeLanes = async <Result extends { readonly id: number }>(lanes: ReadonlyArray<Lane<Result>>): Promise<void> => {
  await Promise.all(
    lanes.map(async (lane) => {
      if (!lane.alive) return;
      const ended = new Promise<void>((resolve) => lane.worker.once('exit', () => resolve()));
      lane.worker.postMessage('close');
      const timer = setTimeout(() => void lane.worker.terminate(), 5_000);
      await ended;
      clearTimeout(timer);
    }),
  );
};

/** Sends one job to a live lane (round robin from `k`); resolves to its result, or `undefined` when no lane can take it. */
const dispatch = <Result extends { readonly id: number }>(lanes: ReadonlyArray<Lane<Result>>, k: number, job: { readonly id: number }): Promise<Result | undefined> => {
  for (let i = 0; i < lanes.length; i++) {
    const lane = lanes[(k + i) % lanes.length] as Lane<Result>;
    if (!lane.alive) continue;
    return new Promise((resolve) => {
      lane.waiting.set(job.id, resolve);
      lane.worker.postMessage(job);
    });
  }
  return Promise.resolve(undefined);
};

/**
 * Sends the jobs `jobAt(0)` … `jobAt(count - 1)` to the lanes, a few ahead of the one awaited (two a
 * lane), and yields each job with its result (`undefined` when no lane answered it) in job order,
 * whichever lane finished first. Closes the lanes when the iteration ends, or is left early.
 */
export async function* answeredInOrder<Job extends { readonly id: number }, Result extends { readonly id: number }>(
  lanes: ReadonlyArray<Lane<Result>>,
  count: number,
  jobAt: (k: number) => Job,
): AsyncGenerator<{ readonly job: Job; readonly result: Result | undefined }> {
  const ahead = Math.max(1, lanes.length * 2);
  const jobs: Array<{ readonly job: Job; readonly result: Promise<Result | undefined> }> = [];
  let next = 0;
  try {
    for (let k = 0; k < count; k++) {
      for (; next < count && next < k + ahead; next++) {
        const job = jobAt(next);
        jobs[next] = { job, result: dispatch(lanes, next, job) };
      }
      const { job, result } = jobs[k] as (typeof jobs)[number];
      const answer = await result;
      delete jobs[k];
      yield { job, result: answer };
    }
  } finally {
    await closeLanes(lanes);
  }
}
