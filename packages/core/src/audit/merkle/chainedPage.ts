import type { RecordedEvent } from '../../eventStore/eventStore';

/*
 * A page of the log as a `chainedLogChunks` worker sends it to the calling thread: the UTF-8 bytes
 * of one JSON text, an array of rows `[stream id, version, global position, type, data, metadata,
 * chain hash]`, the data embedded as the JSON text it was stored as (which the worker checked
 * parses), the metadata as `ChainHashedPage` says, the chain hash `null` where the worker could not
 * compute it.
 *
 * Why bytes: a page waiting in the calling thread as a transferred buffer lives outside the
 * JavaScript heap, so the young generation's collections do not copy it again and again; it becomes
 * a string only when it is parsed, and that string and most of what the parse makes die young. One
 * `JSON.parse` gives every event's data and metadata, as the store's own read would have parsed them.
 */

/**
 * A page of events with the chain hashes the worker computed from their whole stored content. What
 * the log verifier needs of an event once its hash is in hand is its place, type, data and chain
 * fields, so that is what an event with a hash carries of its metadata (`hash`, `previousHash`,
 * `hashVersion`, as stored); an event without one carries its whole metadata, to be hashed here.
 */
export interface ChainHashedPage {
  /** The events, in log order, as the store's read gives them (`decodeLogRows`) but for the metadata of those with a chain hash (their chain fields only). */
  readonly events: ReadonlyArray<RecordedEvent>;
  /** Each event's chain hash (`recomputeChainHash`), computed where it was read; `null` where it could not be (the check then hashes it and says why). */
  readonly chainHashes: ReadonlyArray<string | null>;
}

/** One row of a page; `dataText` and `metadataText` must each be a JSON text (checked by the caller), `metadataText` the metadata the page carries (see `ChainHashedPage`). */
export const chainedPageRow = (event: Pick<RecordedEvent, 'streamId' | 'version' | 'globalPosition' | 'type'>, dataText: string, metadataText: string, chainHash: string | null): string =>
  `[${JSON.stringify(event.streamId)},${event.version},${event.globalPosition},${JSON.stringify(event.type)},${dataText},${metadataText},${chainHash === null ? 'null' : `"${chainHash}"`}]`;

const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A page's bytes from its rows (`chainedPageRow`). A lone surrogate (which UTF-8 cannot carry) can
 * only stand inside a string of the JSON text, so it is written as its `\u` escape: the parse gives
 * the same string back.
 */
export const chainedPageBytes = (rows: ReadonlyArray<string>): Uint8Array => {
  let text = `[${rows.join(',')}]`;
  if (SURROGATE.test(text)) text = text.replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
  return new TextEncoder().encode(text);
};

/**
 * The events of a page's bytes, in order, with their chain hashes. The bytes come from
 * `chainedPageBytes` in a worker of this package: its rows were checked there as a store checks them
 * (`decodeLogRows`).
 */
export const chainedPageEvents = (bytes: Uint8Array): ChainHashedPage => {
  const rows = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as ReadonlyArray<
    readonly [string, number, number, string, unknown, RecordedEvent['metadata'], string | null]
  >;
  const events = new Array<RecordedEvent>(rows.length);
  const chainHashes = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    events[i] = { streamId: row[0], version: row[1], globalPosition: row[2], type: row[3], data: row[4], metadata: row[5] };
    chainHashes[i] = row[6];
  }
  return { events, chainHashes };
};
