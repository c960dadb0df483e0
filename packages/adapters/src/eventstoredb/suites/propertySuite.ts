import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { orderGuardStreamId, type EventStore, type ExpectedVersion, type NewEvent } from '@disputekit/core';
import { createInMemoryEventStore } from '../../memory/inMemoryEventStore';
import { expectRight } from '@disputekit/core/testing';
import { freshStreamId, newEvent } from '../../testing/contractFixtures';
import type { DoubleHarness } from '../../testing/kurrentDouble';
import { runsFor } from '../../testRun';

/** Runs of each property: modest by default, more with DISPUTEKIT_FULL_RUNS=1. */
const RUNS = runsFor(8, 100);

/** One write to the log: through the store (dispute, order guard, another application's stream) or by the server itself. */
type Write =
  | { readonly kind: 'dispute' | 'order' | 'foreign'; readonly stream: number; readonly count: number }
  | { readonly kind: 'system' | 'link'; readonly count: number }
  | { readonly kind: 'tombstone'; readonly stream: number };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({ kind: fc.constantFrom('dispute' as const, 'order' as const, 'foreign' as const), stream: fc.nat(3), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constantFrom('system' as const, 'link' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('tombstone' as const), stream: fc.nat(3) }),
);

/** What an append did, comparable between stores: the error's tag, or the new version. */
const outcome = (result: E.Either<{ _tag: string }, { nextExpectedVersion: number }>): string => (E.isLeft(result) ? result.left._tag : `version ${result.right.nextExpectedVersion}`);

/** An expected version relative to the stream's current one. */
type Expectation = 'no_stream' | 'any' | 'stream_exists' | 'current' | 'stale' | 'ahead' | 'zero';
/** Where a new event's id comes from: fresh, an id already in the stream, or the previous event of the batch. */
type IdSource = 'fresh' | 'stored' | 'repeated';

const expectedFor = (expectation: Expectation, current: number): ExpectedVersion => {
  switch (expectation) {
    case 'current':
      return current;
    case 'stale':
      return Math.max(0, current - 1);
    case 'ahead':
      return current + 1;
    case 'zero':
      return 0;
    default:
      return expectation;
  }
};

/**
 * Properties of the store through one real client against the double: concatenated `readAll` pages
 * equal the filtered log whatever else the log holds, every page is full unless it reaches the end;
 * and on the expected-version × repeated-ids table the store answers as the in-memory store does.
 */
/** Pages of readAll concatenate to the filtered log whatever else the log holds. */
const pagingProperty = (harness: DoubleHarness): void => {
  it('pages of readAll concatenate to the filtered log, and each is full unless it reaches the end', async () => {
    const store = harness.store();
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 9 }), async (writes, pageSize) => {
        const { log } = harness.double();
        const start = Number(log.records.at(-1)!.position);
        const run = freshStreamId('prop');
        const names = { dispute: (n: number) => `${run}-${n}`, order: (n: number) => orderGuardStreamId(`${run}-${n}`), foreign: (n: number) => `other-${run}-${n}` };
        const deleted = new Set<number>();
        for (const write of writes) {
          if (write.kind === 'system' || write.kind === 'link') {
            for (let i = 0; i < write.count; i += 1) {
              if (write.kind === 'system') log.writeSystem('$stats-127.0.0.1:2113', '$statsCollected', '{}');
              else log.writeSystem('$ce-dispute', '$>', `0@${names.dispute(0)}`, 'application/octet-stream');
            }
          } else if (write.kind === 'tombstone') {
            if (!deleted.has(write.stream) && log.readStream(names.dispute(write.stream)) !== undefined) log.tombstone(names.dispute(write.stream));
            deleted.add(write.stream);
          } else {
            // What is left is an append through the store (the union's kinds do not narrow it).
            const append = write as Extract<Write, { readonly kind: 'dispute' | 'order' | 'foreign' }>;
            if (append.kind === 'dispute' && deleted.has(append.stream)) continue;
            const events = Array.from({ length: append.count }, () => newEvent('Counted'));
            expectRight(await store.appendToStream(names[append.kind](append.stream), events, { expectedVersion: 'any' }));
          }
        }
        const expected = log.records
          .filter((record) => Number(record.position) > start && (record.streamId.startsWith(run) || record.streamId.startsWith(orderGuardStreamId(run))) && !record.type.startsWith('$'))
          .map((record) => Number(record.position));
        const pages: number[][] = [];
        let after = start;
        for (;;) {
          const page = expectRight(await store.readAll({ after, maxCount: pageSize })).filter((event) => event.streamId.startsWith(run) || event.streamId.startsWith(orderGuardStreamId(run)));
          pages.push(page.map((event) => event.globalPosition));
          if (page.length < pageSize) break;
          after = page.at(-1)!.globalPosition;
        }
        expect(pages.flat()).toEqual(expected);
        pages.slice(0, -1).forEach((page) => expect(page).toHaveLength(pageSize));
      }),
      { numRuns: RUNS },
    );
    await store.close();
  }, 300_000);
};

/** The expected-version × repeated-ids table, answered as the in-memory store answers it. */
const expectedVersionTableProperty = (harness: DoubleHarness): void => {
  it('answers the expected-version × repeated-ids table as the in-memory store does', async () => {
    const store = harness.store();
    const expectationArb = fc.constantFrom<Expectation>('no_stream', 'any', 'stream_exists', 'current', 'stale', 'ahead', 'zero');
    const batchArb = fc.array(fc.constantFrom<IdSource>('fresh', 'fresh', 'stored', 'repeated'), { minLength: 0, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(expectationArb, batchArb), { minLength: 1, maxLength: 8 }), fc.nat(), async (steps, seed) => {
        const reference: EventStore = createInMemoryEventStore();
        const streamId = freshStreamId('table');
        const storedIds: string[] = [];
        let pick = seed;
        for (const [expectation, sources] of steps) {
          const current = expectRight(await reference.readStream(streamId)).length;
          const events: NewEvent[] = [];
          for (const source of sources) {
            const previous = events.at(-1)?.metadata.eventId;
            const stored = storedIds.length === 0 ? undefined : storedIds[(pick += 7) % storedIds.length];
            const eventId = source === 'repeated' && previous !== undefined ? previous : source === 'stored' && stored !== undefined ? stored : crypto.randomUUID();
            events.push(newEvent('Counted', { n: events.length }, { eventId }));
          }
          const expectedVersion = expectedFor(expectation, current);
          const [mine, theirs] = [await store.appendToStream(streamId, events, { expectedVersion }), await reference.appendToStream(streamId, events, { expectedVersion })];
          expect({ expectation, sources, result: outcome(mine) }).toEqual({ expectation, sources, result: outcome(theirs) });
          if (E.isRight(theirs)) storedIds.push(...events.map((event) => event.metadata.eventId));
        }
        const [mine, theirs] = [expectRight(await store.readStream(streamId)), expectRight(await reference.readStream(streamId))];
        expect(mine.map((event) => [event.version, event.metadata.eventId])).toEqual(theirs.map((event) => [event.version, event.metadata.eventId]));
        await reference.close();
      }),
      { numRuns: RUNS },
    );
    await store.close();
  }, 300_000);
};

export const propertySuite = (harness: DoubleHarness): void => {
  describe(`EventStoreDB store through ${harness.library}: properties (${RUNS} runs each)`, () => {
    pagingProperty(harness);
    expectedVersionTableProperty(harness);
  });
};
