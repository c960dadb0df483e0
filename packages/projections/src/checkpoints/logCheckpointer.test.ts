import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { historyArb } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { checkpointSignatureProblem, createInMemoryTreeStore, eventLeafHash, parseCheckpoint, rootOfLeafHashes, type Checkpoint, type EventStore } from '@disputekit/core';
import { createSimulatedClock } from '@disputekit/core';
import { disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { appendEvents, interleave } from '../testing/storeHistories';
import { folderCheckpointSink, type CheckpointSink } from './checkpointSink';
import { createLogCheckpointer } from './logCheckpointer';

const histories = fc.sample(fc.uniqueArray(historyArb({ maxCommands: 25 }), { selector: (h) => h.scenario.disputeId, minLength: 8, maxLength: 8 }), { numRuns: 1, seed: 5 })[0]!.map((h) => h.events);
const allEvents = interleave(histories, (n) => n - 1);

const rootOfLog = async (store: EventStore, size: number): Promise<string> => {
  const all = await store.readAll({ maxCount: 1_000_000 });
  if (E.isLeft(all)) throw new Error(all.left.message);
  return rootOfLeafHashes(all.right.slice(0, size).map(eventLeafHash)).toString('hex');
};

describe('signed checkpoints from the projection runner', () => {
  const temp = testTempFolder('checkpoints');
  const folder = temp.path;
  afterAll(() => temp.remove());
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('signs a checkpoint every N events into a folder: each verifies, and gives the root of the first `size` events', async () => {
    const events = createInMemoryEventStore();
    const out = join(folder, 'every-n');
    const errors: unknown[] = [];
    const runner = createProjectionRunner({
      events,
      readSide: createMemoryReadSideStore(),
      projections: disputeProjections,
      clock: createSimulatedClock('2026-04-01T00:00:00Z'),
      checkpoints: { tree: createInMemoryTreeStore(), privateKey, logId: 'test', folder: out, everyEvents: 10, onError: (error) => errors.push(error) },
    });
    const half = Math.floor(allEvents.length / 2);
    expect(half).toBeGreaterThanOrEqual(10);
    expect(allEvents.length - half - 3).toBeGreaterThanOrEqual(10);
    await appendEvents(events, allEvents.slice(0, half));
    expect(E.isRight(await runner.catchUp())).toBe(true);
    await appendEvents(events, allEvents.slice(half, half + 3));
    expect(E.isRight(await runner.catchUp())).toBe(true); // only 3 new events: not due
    await appendEvents(events, allEvents.slice(half + 3));
    expect(E.isRight(await runner.catchUp())).toBe(true);
    expect(errors).toEqual([]);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    const written = files.map((name) => parseCheckpoint(readFileSync(join(out, name), 'utf8')));
    expect(written.map((c) => c.size)).toEqual([half, allEvents.length]);
    for (const checkpoint of written) {
      expect(checkpointSignatureProblem(checkpoint, publicKey)).toBeUndefined();
      expect(checkpoint.rootHash).toBe(await rootOfLog(events, checkpoint.size));
    }
    expect(await folderCheckpointSink(out).latest()).toEqual(written[1]);
  });

  it('signs in the background while the runner runs, and stops with it', async () => {
    const events = createInMemoryEventStore();
    const stored: Checkpoint[] = [];
    const runner = createProjectionRunner({
      events,
      readSide: createMemoryReadSideStore(),
      projections: disputeProjections,
      pollIntervalMs: 5,
      checkpoints: { tree: createInMemoryTreeStore(), privateKey, logId: 'bg', sink: { write: async (c) => void stored.push(c) }, everyEvents: 1 },
    });
    await appendEvents(events, allEvents.slice(0, 7));
    runner.start();
    try {
      for (let waited = 0; stored.length === 0 && waited < 20_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await runner.stop();
    }
    expect(stored.map((c) => c.size)).toEqual([7]);
    expect(checkpointSignatureProblem(stored[0]!, publicKey)).toBeUndefined();
  }, 30_000);

  it('signs after T minutes when the log grew, never twice for the same size, and keeps going after a sink fails', async () => {
    const events = createInMemoryEventStore();
    const clock = createSimulatedClock('2026-04-01T00:00:00Z');
    const stored: Checkpoint[] = [];
    let failNext = false;
    const errors: unknown[] = [];
    const sink: CheckpointSink = {
      write: async (checkpoint) => {
        if (failNext) {
          failNext = false;
          throw new Error('sink down');
        }
        stored.push(checkpoint);
      },
    };
    const checkpointer = createLogCheckpointer(events, clock, { tree: createInMemoryTreeStore(), privateKey, logId: 't', sink, everyMinutes: 5, onError: (e) => errors.push(e) });
    await appendEvents(events, allEvents.slice(0, 5));
    expect(await checkpointer.tick()).toBeUndefined();
    clock.advance(5 * 60_000);
    failNext = true;
    expect(await checkpointer.tick()).toBeUndefined();
    expect(errors).toEqual([new Error('sink down')]);
    expect((await checkpointer.tick())?.size).toBe(5);
    clock.advance(10 * 60_000);
    expect(await checkpointer.tick()).toBeUndefined(); // nothing new since
    await appendEvents(events, allEvents.slice(5, 6));
    expect((await checkpointer.tick())?.size).toBe(6);
    expect((await checkpointer.checkpointNow())).toBeUndefined();
    expect(stored.map((c) => c.size)).toEqual([5, 6]);
  });

  it('refuses options that would never sign', () => {
    const events = createInMemoryEventStore();
    const clock = createSimulatedClock('2026-04-01T00:00:00Z');
    const base = { tree: createInMemoryTreeStore(), privateKey, logId: 't', folder };
    expect(() => createLogCheckpointer(events, clock, base)).toThrow(/everyEvents, everyMinutes or both/);
    expect(() => createLogCheckpointer(events, clock, { ...base, everyEvents: 0 })).toThrow(/everyEvents must be/);
    expect(() => createLogCheckpointer(events, clock, { ...base, everyMinutes: -1 })).toThrow(/everyMinutes must be/);
    expect(() => createLogCheckpointer(events, clock, { tree: base.tree, privateKey, logId: 't', everyEvents: 1 })).toThrow(/a sink or a folder/);
  });
});
