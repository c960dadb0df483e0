import fc from 'fast-check';
import { canonicalJson } from '../../audit/canonicalJson';

/*
 * Stored log rows for property tests of what reads a store's log row by row (leaves, chain hashes,
 * page texts): well-formed rows, their data written canonically or not, and rows with odd columns.
 */

/** Strings of any UTF-16 code units, with the ones canonical JSON escapes. */
export const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('"q"', 'a\\b', '\u0001', '\ud800', 'é'));

/** Event data: objects of any JSON (unsorted keys, unicode and lone surrogates, -0, fractions, large numbers). */
export const eventData = fc.oneof(
  fc.dictionary(anyString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  fc.dictionary(anyString, fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), { maxKeys: 6 }),
  fc.dictionary(anyString, fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 2 ** 53, 1e21, 0.1)), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Metadata as the stores write it (the four fields and a hash chain), its keys in any order, with extra members. */
export const eventMetadata = fc
  .record({
    eventId: fc.string({ minLength: 1, maxLength: 8 }),
    commandId: anyString,
    recordedAt: fc.constantFrom('2026-04-01T12:00:00.000Z', '2026-12-31T23:59:59.999Z'),
    schemaVersion: fc.integer({ min: 1, max: 3 }),
    extra: fc.dictionary(anyString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    shuffle: fc.boolean(),
    // Hash version 2 (written today), none (version 1, written before it), or one no verifier knows.
    hashVersion: fc.constantFrom<number | string | undefined>(2, 2, 2, undefined, '2'),
  })
  .map(({ extra, shuffle, hashVersion, ...fields }) => {
    const all = { ...extra, ...fields, hash: 'ab'.repeat(32), previousHash: 'cd'.repeat(32), ...(hashVersion === undefined ? {} : { hashVersion }) };
    return shuffle ? Object.fromEntries(Object.entries(all).reverse()) : all;
  });

/** A well-formed log row `[stream id, version, global position, event id, type, data, metadata]`, its data written canonically or not. */
export const goodRow = fc
  .record({
    streamId: fc.oneof(fc.constant('dispute-1'), anyString.filter((s) => s.length > 0)),
    version: fc.integer({ min: 1, max: 2 ** 40 }),
    position: fc.integer({ min: 1, max: 2 ** 40 }),
    positionAsText: fc.boolean(),
    type: fc.oneof(fc.constant('DisputeOpened'), anyString.filter((s) => s.length > 0)),
    data: eventData,
    canonical: fc.boolean(),
    metadata: eventMetadata,
    eventIdColumn: fc.boolean(),
  })
  .map(({ streamId, version, position, positionAsText, type, data, canonical, metadata, eventIdColumn }): ReadonlyArray<unknown> => [
    streamId,
    version,
    positionAsText ? String(position) : position,
    eventIdColumn ? metadata.eventId : undefined,
    type,
    canonical ? canonicalJson(data) : JSON.stringify(data),
    JSON.stringify(metadata),
  ]);

/** What a corrupt or odd store could hold in any column. */
export const oddColumn = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  0,
  -1,
  1.5,
  '12',
  '012',
  'x',
  '{',
  '[]',
  '{}',
  '{"a":1e400}',
  '{"a":1,"a":2}',
  ' {}',
  '"text"',
  7,
  Buffer.from('{}'),
  JSON.stringify({ eventId: 'e', commandId: 'c', recordedAt: 'r', schemaVersion: 1, big: 1e300 }).replace('1e+300', '1e400'),
  JSON.stringify({ eventId: '', commandId: 'c', recordedAt: 'r', schemaVersion: 1 }),
  JSON.stringify({ eventId: 'e', commandId: 3, recordedAt: 'r', schemaVersion: 1 }),
  JSON.stringify({ eventId: 'e', commandId: 'c', schemaVersion: 1 }),
  JSON.stringify({ eventId: 'e', commandId: 'c', recordedAt: 'r', schemaVersion: 1.5 }),
  JSON.stringify({ eventId: 'e', commandId: 'c', recordedAt: 'r', schemaVersion: 1 }),
);

/** A row with one to three columns replaced by odd values (any column: the data's and the metadata's text too). */
export const oddRow = fc
  .tuple(goodRow, fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), oddColumn), { minLength: 1, maxLength: 3 }))
  .map(([row, replacements]) => {
    const odd: unknown[] = [...row];
    for (const [column, value] of replacements) odd[column] = value;
    return odd;
  });

