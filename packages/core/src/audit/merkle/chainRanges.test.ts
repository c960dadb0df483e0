import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeLogRows } from '../../eventStore/storedRows';
import type { RecordedEvent } from '../../eventStore/eventStore';
import { runsFor } from '../../testing/internal/fullRuns';
import { goodRow, oddRow } from '../../testing/internal/logRowArbitraries';
import { isCanonicalJsonText } from '../canonicalJsonText';
import { recomputeChainHash } from '../eventHash';
import { chainedPageBytes, chainedPageEvents, chainedPageRow } from './chainedPage';
import { runChainRange } from './chainRanges';
import type { LogRangeReader } from './logRanges';
import { logRowChainHash } from './logRowChainHash';
import { decodeLogLeafRow } from './logRowLeaf';

const RUNS = runsFor(300, 5_000);

/** What the chain check computes for a row's event (`decodeLogRows`, then `recomputeChainHash`): its hash, `null` when it throws, or the row's `CorruptEvent`. */
const checkedWay = (row: ReadonlyArray<unknown>): { readonly hash: string | null } | { readonly corrupt: unknown } => {
  const decoded = decodeLogRows([row]);
  if (E.isLeft(decoded)) return { corrupt: decoded.left };
  try {
    return { hash: recomputeChainHash(decoded.right[0]!) };
  } catch {
    return { hash: null };
  }
};

const rowWay = (row: ReadonlyArray<unknown>): { readonly hash: string | null } | { readonly corrupt: unknown } => {
  const decoded = decodeLogLeafRow(row);
  return E.isLeft(decoded) ? { corrupt: decoded.left } : { hash: logRowChainHash(decoded.right) };
};

/** Rows at positions 1…n (a log's rows in order). */
const logRows = (seed: number, n: number): ReadonlyArray<ReadonlyArray<unknown>> =>
  fc.sample(goodRow, { seed, numRuns: n }).map((row, i) => [...row.slice(0, 2), i + 1, ...row.slice(3)]);

const readerOf = (stored: ReadonlyArray<ReadonlyArray<unknown>>): LogRangeReader => ({
  readRows: (after, upTo, maxCount) => stored.filter((row) => (row[2] as number) > after && (row[2] as number) <= upTo).slice(0, maxCount),
  close: () => undefined,
});

const decodedOrFail = (rows: ReadonlyArray<ReadonlyArray<unknown>>): ReadonlyArray<RecordedEvent> => {
  const decoded = decodeLogRows(rows);
  if (E.isLeft(decoded)) throw new Error(decoded.left.message);
  return decoded.right;
};

describe('the chain hash of a stored log row (logRowChainHash)', () => {
  it('is recomputeChainHash of the event decodeLogRows decodes, under every hash version, data canonical or not (property)', () => {
    const seen = { short: 0, long: 0, unhashable: 0 };
    fc.assert(
      fc.property(goodRow, (row) => {
        const decoded = decodeLogLeafRow(row);
        if (E.isRight(decoded)) seen[decoded.right.parsed ? 'long' : 'short'] += 1;
        const expected = checkedWay(row);
        expect('hash' in expected).toBe(true);
        if ('hash' in expected && expected.hash === null) seen.unhashable += 1;
        expect(rowWay(row)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
    expect(seen.short).toBeGreaterThan(RUNS / 4);
    expect(seen.long).toBeGreaterThan(RUNS / 10);
  });

  it('gives null where recomputeChainHash throws, and the CorruptEvent decodeLogRows gives for a bad row (property)', () => {
    const seen = { hash: 0, corrupt: 0, unhashable: 0 };
    fc.assert(
      fc.property(oddRow, (row) => {
        const expected = checkedWay(row);
        seen['corrupt' in expected ? 'corrupt' : expected.hash === null ? 'unhashable' : 'hash'] += 1;
        expect(rowWay(row)).toEqual(expected);
      }),
      // A row of hash version 2 (which covers all of the metadata) whose metadata canonical JSON refuses (a number beyond a double) is always among them.
      { numRuns: RUNS, examples: [[['dispute-1', 1, 1, 'e-1', 'T', '{"a":1}', '{"eventId":"e-1","commandId":"c","recordedAt":"r","schemaVersion":1,"hashVersion":2,"n":1e400}']]] },
    );
    expect(seen.corrupt).toBeGreaterThan(RUNS / 4);
    expect(seen.hash).toBeGreaterThan(RUNS / 50);
    expect(seen.unhashable).toBeGreaterThan(0);
  });

  it('hashes a canonical row of hash version 2 the short way, and one whose metadata canonical JSON refuses not at all', () => {
    const metadata = { eventId: 'e-1', commandId: 'c', recordedAt: 'r', schemaVersion: 1, previousHash: '0'.repeat(64), hashVersion: 2, hash: 'ab'.repeat(32) };
    const row = ['dispute-1', 1, 1, 'e-1', 'T', '{"a":[1,{"b":"é"}]}', JSON.stringify(metadata)];
    const decoded = decodeLogLeafRow(row);
    expect(E.isRight(decoded) && !decoded.right.parsed).toBe(true);
    expect(rowWay(row)).toEqual({ hash: recomputeChainHash({ streamId: 'dispute-1', version: 1, type: 'T', data: { a: [1, { b: 'é' }] }, metadata }) });
    const refused = ['dispute-1', 1, 1, 'e-1', 'T', '{"a":1}', JSON.stringify(metadata).replace('"schemaVersion":1', '"schemaVersion":1,"n":1e400')];
    expect(rowWay(refused)).toEqual({ hash: null });
  });
});

describe('a page of the log as text (chainedPage)', () => {
  it('gives back the events decodeLogRows decodes from the rows, each with its chain hash (property)', () => {
    fc.assert(
      fc.property(fc.array(goodRow, { maxLength: 8 }), (rows) => {
        const placed = rows.map((row, i) => [...row.slice(0, 2), i + 1, ...row.slice(3)]);
        const expected = decodedOrFail(placed);
        const bytes = chainedPageBytes(placed.map((row, i) => chainedPageRow(expected[i]!, row[5] as string, row[6] as string, i % 3 === 2 ? null : `${i}`.padStart(64, '0'))));
        const page = chainedPageEvents(bytes);
        // toEqual tells -0 from 0, and lone surrogates from their replacement: what the store's own parse gives comes back.
        expect(page.events).toEqual(expected);
        expect(page.chainHashes).toEqual(placed.map((_, i) => (i % 3 === 2 ? null : `${i}`.padStart(64, '0'))));
      }),
      { numRuns: runsFor(100, 2_000) },
    );
  });

  it('keeps the data text as it was stored, canonical or not', () => {
    const metadata = JSON.stringify({ eventId: 'e-1', commandId: 'c', recordedAt: 'r', schemaVersion: 1 });
    const page = chainedPageEvents(chainedPageBytes([chainedPageRow({ streamId: 'a"b\ud800', version: 2, globalPosition: 9, type: 'T\udc00x' }, '{ "z": -0, "a": [1e21, 0.1], "s": "\ud83d\ude00 \udbff!" }', metadata, null)]));
    const [event] = page.events;
    expect(Object.is((event!.data as { z: number }).z, -0)).toBe(true);
    expect(event).toEqual({ streamId: 'a"b\ud800', version: 2, globalPosition: 9, type: 'T\udc00x', data: { z: -0, a: [1e21, 0.1], s: '\ud83d\ude00 \udbff!' }, metadata: JSON.parse(metadata) });
    expect(page.chainHashes).toEqual([null]);
    expect(isCanonicalJsonText('{ "z": -0 }')).toBe(false);
  });
});

describe('reading a range of the log with its chain hashes (runChainRange)', () => {
  it('gives the events of decodeLogRows (the metadata cut to its chain fields where hashed), in pages of rowsPerPage, with the chain hashes of recomputeChainHash', async () => {
    const rows = logRows(7, 60);
    const result = await runChainRange(readerOf(rows), { kind: 'chain', id: 3, after: 0, upTo: 60, pageSize: 7, rowsPerPage: 25, maxPageChars: 1e9 });
    expect(result).toMatchObject({ id: 3, count: 60 });
    expect(result.pages?.length).toBe(3);
    const pages = result.pages!.map((bytes) => chainedPageEvents(bytes));
    const events = pages.flatMap((page) => page.events);
    const hashes = pages.flatMap((page) => page.chainHashes);
    expect(events.map((event) => event.globalPosition)).toEqual(rows.map((_, i) => i + 1));
    expect(hashes).toEqual(rows.map((row) => {
      const expected = checkedWay(row);
      return 'hash' in expected ? expected.hash : 'corrupt';
    }));
    const carried = { chainFields: 0, whole: 0 };
    for (const [i, stored] of decodedOrFail(rows).entries()) {
      const { metadata, ...place } = events[i]!;
      const { metadata: storedMetadata, ...storedPlace } = stored;
      expect(place).toEqual(storedPlace);
      if (hashes[i] !== null && Object.keys(metadata).every((key) => ['hash', 'previousHash', 'hashVersion'].includes(key))) {
        carried.chainFields++;
        // The chain fields, exactly as stored (present or absent alike).
        for (const key of ['hash', 'previousHash', 'hashVersion']) {
          expect(Object.prototype.hasOwnProperty.call(metadata, key)).toBe(Object.prototype.hasOwnProperty.call(storedMetadata, key));
          expect((metadata as Record<string, unknown>)[key]).toEqual((storedMetadata as Record<string, unknown>)[key]);
        }
      } else {
        carried.whole++;
        expect(metadata).toEqual(storedMetadata);
      }
    }
    expect(carried.chainFields).toBeGreaterThan(20);
    expect(carried.whole).toBeGreaterThan(0);
    const small = await runChainRange(readerOf(rows), { kind: 'chain', id: 4, after: 0, upTo: 60, pageSize: 7, rowsPerPage: 25, maxPageChars: 2_000 });
    expect(small.pages!.length).toBeGreaterThan(3);
    expect(small.pages!.flatMap((bytes) => chainedPageEvents(bytes).events)).toEqual(events);
  });

  it('reads only its range, and an empty range is no page', async () => {
    const rows = logRows(8, 40);
    const middle = await runChainRange(readerOf(rows), { kind: 'chain', id: 1, after: 10, upTo: 30, pageSize: 6, rowsPerPage: 250, maxPageChars: 1e9 });
    expect(middle.pages!.flatMap((bytes) => chainedPageEvents(bytes).events).map((event) => event.globalPosition)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
    expect(await runChainRange(readerOf(rows), { kind: 'chain', id: 2, after: 40, upTo: 50, pageSize: 6, rowsPerPage: 250, maxPageChars: 1e9 })).toEqual({ id: 2, count: 0, pages: [] });
  });

  it('hands back a range holding a row the store refuses, or a reader that misplaces or fails, with the reason', async () => {
    const rows = logRows(9, 30);
    const bad = rows.map((row, i) => (i === 20 ? [...row.slice(0, 6), '[]'] : row));
    const refused = await runChainRange(readerOf(bad), { kind: 'chain', id: 4, after: 0, upTo: 30, pageSize: 7, rowsPerPage: 5, maxPageChars: 1e9 });
    const refusal = decodeLogRows([bad[20]!]);
    expect(refused).toEqual({ id: 4, count: 0, failed: E.isLeft(refusal) ? refusal.left.message : 'no refusal' });
    const misplaced: LogRangeReader = { readRows: () => rows.slice(0, 3), close: () => undefined };
    expect((await runChainRange(misplaced, { kind: 'chain', id: 5, after: 2, upTo: 30, pageSize: 7, rowsPerPage: 5, maxPageChars: 1e9 })).failed).toBe('the reader gave global position 1 outside (2, 30]');
    const failing: LogRangeReader = { readRows: () => Promise.reject(new Error('connection lost')), close: () => undefined };
    expect(await runChainRange(failing, { kind: 'chain', id: 6, after: 0, upTo: 30, pageSize: 7, rowsPerPage: 5, maxPageChars: 1e9 })).toEqual({ id: 6, count: 0, failed: 'connection lost' });
  });
});
