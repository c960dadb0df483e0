/*
 * The child process of the crash-safety tests:
 * `node --import tsx crashWorker.ts <spec> <starts> <slowGuardMs> <multi-stream|one-stream>`.
 * It writes through the dispute service, CRASH_WORKERS commands at a time, printing `sent w k`
 * before each command and `done w k <result>` after it (synchronously, so the parent sees exactly
 * what happened before the SIGKILL). `slowGuardMs` pauses after each guard append, widening the
 * window between a reservation and its DisputeOpened so that some kills land inside it. With
 * `one-stream` the service is not given the store's `appendToStreams` (as on EventStoreDB).
 */
import { writeSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, isOrderGuardStreamId, type EventStore } from '@disputekit/core';
import { CRASH_WORKERS, crashCommand } from './crashScript';
import { openCrashStore, type CrashStoreSpec } from './crashStores';

const spec = JSON.parse(process.argv[2] ?? '') as CrashStoreSpec;
const starts = JSON.parse(process.argv[3] ?? '[]') as number[];
const slowGuardMs = Number(process.argv[4] ?? '0');
const multiStream = (process.argv[5] ?? 'multi-stream') === 'multi-stream';
const say = (line: string): void => void writeSync(1, `${line}\n`);

const inner = await openCrashStore(spec);
const pauseAfterGuard = async (streamIds: ReadonlyArray<string>): Promise<void> => {
  if (slowGuardMs > 0 && streamIds.some(isOrderGuardStreamId)) await new Promise((resolve) => setTimeout(resolve, slowGuardMs));
};
const appendMany = multiStream ? inner.appendToStreams?.bind(inner) : undefined;
const store: EventStore = {
  appendToStream: async (streamId, events, options) => {
    const result = await inner.appendToStream(streamId, events, options);
    await pauseAfterGuard([streamId]);
    return result;
  },
  ...(appendMany === undefined
    ? {}
    : {
        appendToStreams: async (appends) => {
          const result = await appendMany(appends);
          await pauseAfterGuard(appends.map((part) => part.streamId));
          return result;
        },
      }),
  readStream: (streamId, options) => inner.readStream(streamId, options),
  readAll: (options) => inner.readAll(options),
  followAll: (options) => inner.followAll(options),
  close: () => inner.close(),
};
const service = createDisputeService({ store });
say('ready');
await Promise.all(
  Array.from({ length: CRASH_WORKERS }, async (_, worker) => {
    for (let k = starts[worker] ?? 0; k < (starts[worker] ?? 0) + 100_000; k++) {
      say(`sent ${worker} ${k}`);
      const result = await service.handle(crashCommand(worker, k));
      say(`done ${worker} ${k} ${E.isRight(result) ? 'ok' : result.left._tag}`);
    }
  }),
);
