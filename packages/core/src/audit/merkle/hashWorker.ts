/**
 * The entry of a `HashPool` worker thread (built as its own file, `dist/hashWorker.js` and
 * `.cjs`; from the sources it is loaded through tsx): answers each `HashJob` with its hashes.
 */
import { parentPort } from 'node:worker_threads';
import { runHashJobSafely, type HashJob } from './hashJobs';

parentPort?.on('message', (job: HashJob) => {
  const { result, transfer } = runHashJobSafely(job);
  parentPort?.postMessage(result, transfer);
});
