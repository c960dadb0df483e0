import type * as t from 'io-ts/lib/index.js';

/**
 * A table of codecs keyed by message type (`commandCodecs`, `eventCodecs`): the union of the values
 * they decode, and the list of their keys. Commands and events are both such tables, so both derive
 * their union and their type list here.
 */
export type CodecTable = Readonly<Record<string, t.Mixed>>;

/** The union of every value a codec of the table decodes. */
export type UnionOfTable<Table extends CodecTable> = { [K in keyof Table]: t.TypeOf<Table[K]> }[keyof Table];

/** The keys of a codec table, in declaration order. */
export const tableKeys = <Table extends CodecTable>(table: Table): ReadonlyArray<keyof Table & string> =>
  Object.keys(table) as ReadonlyArray<keyof Table & string>;
