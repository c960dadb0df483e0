/**
 * The entry of a `leafChunks` or `chainedLogChunks` worker thread (built as its own file,
 * `dist/logRangeWorker.js` and `.cjs`; from the sources it is loaded through tsx): opens its own
 * reader of the store's log (`workerData.opener`), answers each `LeafRangeJob` with the range's
 * leaf hashes and each `ChainRangeJob` with the range's events as pages (buffers transferred), one job at a time,
 * and on `'close'` closes the reader and lets the thread end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runChainRange, type ChainRangeJob } from './chainRanges';
import { openLogRangeReader, runLeafRange, type LeafRangeJob, type LogRangeOpener, type LogRangeReader } from './logRanges';

let reader: Promise<LogRangeReader> | undefined;
let queue: Promise<void> = Promise.resolve();
const opener = (workerData as { readonly opener: LogRangeOpener }).opener;

parentPort?.on('message', (message: LeafRangeJob | ChainRangeJob | 'close') => {
  queue = queue.then(async () => {
    if (message === 'close') {
      await (await reader?.catch(() => undefined))?.close();
      parentPort?.close();
      return;
    }
    try {
      reader ??= openLogRangeReader(opener);
      if ('kind' in message) {
        const result = await runChainRange(await reader, message);
        parentPort?.postMessage(result, result.pages?.map((page) => page.buffer as ArrayBuffer) ?? []);
        return;
      }
      const { result, transfer } = await runLeafRange(await reader, message);
      parentPort?.postMessage(result, transfer);
    } catch (error) {
      parentPort?.postMessage({ id: message.id, count: 0, failed: error instanceof Error ? error.message : String(error) });
    }
  });
});
