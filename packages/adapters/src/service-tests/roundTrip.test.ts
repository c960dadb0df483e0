import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createEventStoreDbEventStore } from '@disputekit/adapters/eventstoredb';
import { createFakeEventStoreDbClient } from '../testing';
import { checkRoundTripLaw, roundTripRuns } from './roundTripLaw';
import { tempDirectory } from './tempFiles';

const runs = roundTripRuns();
const timeout = runs > 100 ? 3_600_000 : 120_000;

/** Copies the named streams, event by event with their metadata, into a new memory store: the memory store's only "fresh instance". */
const copyInto = async (from: EventStore, streamIds: ReadonlyArray<string>): Promise<EventStore> => {
  const to = createInMemoryEventStore();
  for (const streamId of streamIds) {
    const stored = await from.readStream(streamId);
    if (E.isLeft(stored) || stored.right.length === 0) continue;
    const copied = await to.appendToStream(streamId, stored.right.map(({ type, data, metadata }) => ({ type, data, metadata })), { expectedVersion: 'no_stream' });
    if (E.isLeft(copied)) throw new Error(copied.left.message);
  }
  return to;
};

const report = (label: string, seen: Awaited<ReturnType<typeof checkRoundTripLaw>>, started: number): void => {
  console.log(`round-trip law on ${label}: ${seen.runs} runs, ${seen.opened} openings and ${seen.accepted} commands accepted, refused ${JSON.stringify(seen.refused)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Not vacuous: hostile values are accepted and stored in most runs.
  expect(seen.opened).toBeGreaterThan(seen.runs / 4);
};

describe('the round-trip law: accepted means stored and read back unchanged', () => {
  it(`memory (${runs} runs)`, async () => {
    const writer = createInMemoryEventStore();
    const started = Date.now();
    report('memory', await checkRoundTripLaw({ writer, fresh: (ids) => copyInto(writer, ids) }, { runs, label: 'm' }), started);
  }, timeout);

  it(`SQLite, read back through a new connection (${runs} runs)`, async () => {
    const folder = tempDirectory('roundtrip');
    const filename = join(folder.path, 'law.db');
    const writer = createSqliteEventStore({ filename, synchronous: 'NORMAL' });
    try {
      const started = Date.now();
      report('SQLite', await checkRoundTripLaw({ writer, fresh: async () => createSqliteEventStore({ filename }) }, { runs, label: 's' }), started);
    } finally {
      await writer.close();
      folder.remove();
    }
  }, timeout);

  it.each(['kurrentdb', 'eventstoredb'] as const)(`EventStoreDB through the typed fake of the %s client (${runs} runs)`, async (flavour) => {
    const client = createFakeEventStoreDbClient({ flavour });
    const writer = createEventStoreDbEventStore({ client, streamPrefixes: ['dispute-', 'order-'] });
    const started = Date.now();
    report(`EventStoreDB (${flavour} fake)`, await checkRoundTripLaw({ writer, fresh: async () => createEventStoreDbEventStore({ client, streamPrefixes: ['dispute-', 'order-'] }) }, { runs, label: 'e' }), started);
  }, timeout);
});
