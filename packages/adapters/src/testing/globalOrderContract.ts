import { withStore, type ContractContext } from './contractContext';
import { countedEvents, eventually, freshStreamId, markPosition, positionsOf, readAllEventually, readAllOf, rightOf, streamOf, strictlyIncreasing } from './contractFixtures';

/** Commit order across streams, and paging without gaps or repeats. */
const orderAndPagingTests = (context: ContractContext): void => {
  it('holds the events of every stream in append order with increasing positions', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const [a, b, c] = [freshStreamId('a'), freshStreamId('b'), freshStreamId('c')];
      const plan: Array<[string, number]> = [[a, 2], [b, 1], [a, 1], [c, 3], [b, 2]];
      const versions = new Map<string, number>();
      const appended: Array<[string, number]> = [];
      for (const [streamId, count] of plan) {
        const expectedVersion = versions.get(streamId) ?? 0;
        const result = rightOf(await store.appendToStream(streamId, countedEvents(count, expectedVersion + 1), { expectedVersion }));
        versions.set(streamId, result.nextExpectedVersion);
        for (let v = expectedVersion + 1; v <= result.nextExpectedVersion; v += 1) appended.push([streamId, v]);
        expect(result.lastGlobalPosition).toBeGreaterThan(start);
      }
      const log = await readAllEventually(store, new Set([a, b, c]), start, appended.length, context.visibilityTimeoutMs);
      expect(log.map((event) => [event.streamId, event.version])).toEqual(appended);
      expect(strictlyIncreasing(positionsOf(log))).toBe(true);
      const byStream = [...(await streamOf(store, a)), ...(await streamOf(store, b)), ...(await streamOf(store, c))];
      expect(new Set(positionsOf(byStream))).toEqual(new Set(positionsOf(log)));
    }));

  it('pages through the log with after and maxCount without gaps or repeats', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const streams = [freshStreamId('x'), freshStreamId('y')];
      for (let round = 0; round < 5; round += 1) {
        for (const streamId of streams) {
          rightOf(await store.appendToStream(streamId, countedEvents(3, round * 3 + 1), { expectedVersion: round * 3 }));
        }
      }
      const wanted = new Set(streams);
      const whole = await readAllEventually(store, wanted, start, 30, context.visibilityTimeoutMs);
      for (const pageSize of [1, 4, 7, 30]) {
        const pages: number[] = [];
        let checkpoint = start;
        for (;;) {
          const page = rightOf(await store.readAll({ after: checkpoint, maxCount: pageSize }));
          expect(page.length).toBeLessThanOrEqual(pageSize);
          expect(page.every((event) => event.globalPosition > checkpoint)).toBe(true);
          pages.push(...positionsOf(page.filter((event) => wanted.has(event.streamId))));
          const last = page[page.length - 1];
          if (last === undefined || page.length < pageSize) break;
          checkpoint = last.globalPosition;
        }
        expect(pages).toEqual(positionsOf(whole));
      }
      const lastPosition = whole[whole.length - 1]!.globalPosition;
      expect(await readAllOf(store, wanted, lastPosition)).toEqual([]);
      expect(rightOf(await store.readAll({ after: start, maxCount: 0 }))).toEqual([]);
    }));
};

/** Reading from the log's start, and never seeing part of an append. */
const startAndAtomicityTests = (context: ContractContext): void => {
  it('reads from the start of the log when no position is given', () =>
    withStore(context, async (store) => {
      const start = await markPosition(store);
      const [first] = await eventually(async () => {
        const page = rightOf(await store.readAll({ maxCount: 1 }));
        if (page.length === 0) throw new Error('readAll shows nothing yet');
        return page;
      }, context.visibilityTimeoutMs);
      expect(first!.globalPosition).toBeLessThanOrEqual(start);
    }));

  it('never shows part of an append, in readStream or readAll', () =>
    withStore(context, async (store) => {
      const streamId = freshStreamId();
      const start = await markPosition(store);
      let appended = false;
      const append = store.appendToStream(streamId, countedEvents(2000), { expectedVersion: 'no_stream' }).then((result) => {
        appended = true;
        return result;
      });
      const seenCounts = new Set<number>();
      do {
        seenCounts.add((await streamOf(store, streamId)).length);
        seenCounts.add((await readAllOf(store, new Set([streamId]), start, 5000)).length);
      } while (!appended);
      rightOf(await append);
      seenCounts.add((await streamOf(store, streamId)).length);
      expect([...seenCounts].every((count) => count === 0 || count === 2000)).toBe(true);
    }));
};

/** Contract: the global log holds every stream's events in commit order, and pages cleanly. */
export const globalOrderContract = (context: ContractContext): void => {
  describe('the global log', () => {
    orderAndPagingTests(context);
    startAndAtomicityTests(context);
  });
};
