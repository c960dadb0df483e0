import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { checkRoundTripLaw, reportRoundTrip, roundTripRuns } from '../testing/service/roundTripLaw';
import { tempDirectory } from '../testing/service/tempFiles';

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

// EventStoreDB: in serviceOnEventStoreDb.ts, through each real client against the gRPC double.
describe('the round-trip law: accepted means stored and read back unchanged', () => {
  it(`memory (${runs} runs)`, async () => {
    const writer = createInMemoryEventStore();
    const started = Date.now();
    reportRoundTrip('memory', await checkRoundTripLaw({ writer, fresh: (ids) => copyInto(writer, ids) }, { runs, label: 'm' }), started);
  }, timeout);

  it(`SQLite, read back through a new connection (${runs} runs)`, async () => {
    const folder = tempDirectory('roundtrip');
    const filename = join(folder.path, 'law.db');
    const writer = createSqliteEventStore({ filename, synchronous: 'NORMAL' });
    try {
      const started = Date.now();
      reportRoundTrip('SQLite', await checkRoundTripLaw({ writer, fresh: async () => createSqliteEventStore({ filename }) }, { runs, label: 's' }), started);
    } finally {
      await writer.close();
      folder.remove();
    }
  }, timeout);
});
