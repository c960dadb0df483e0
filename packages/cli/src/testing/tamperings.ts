import { chainMetadata } from '@disputekit/core';

/** Runs SQL on the store's events table (`{table}` in the text is replaced by its name; `$1`… are parameters). */
export type RunSql = (sql: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Record<string, unknown>>>;

/** One way to tamper with stored rows, and the first broken link `verify` must name. */
export interface Tampering {
  readonly name: string;
  readonly apply: (sql: RunSql) => Promise<void>;
  readonly expected: {
    readonly streamId: string;
    readonly version: number;
    /** The chain problem of the first broken link, or `undefined` when only the rules can see it. */
    readonly problem?: string;
    /** A rule that must be reported. */
    readonly rule?: string;
  };
}

/** Moves versions `from` and up of a stream by `by`, without tripping the unique (stream, version) constraint on the way. */
const shiftVersions = async (sql: RunSql, streamId: string, from: number, by: number): Promise<void> => {
  await sql('UPDATE {table} SET version = -version - $1 WHERE stream_id = $2 AND version >= $3', [by, streamId, from]);
  await sql('UPDATE {table} SET version = -version WHERE stream_id = $1 AND version < 0', [streamId]);
};

/**
 * The tamperings the tests apply to a demo store, in SQL that SQLite and PostgreSQL both run: edit,
 * delete, insert (in the middle, and at the end with a correctly forged hash) and reorder (content
 * swapped, or versions swapped).
 */
export const tamperings: ReadonlyArray<Tampering> = [
  {
    name: 'edit: the refunded amount of a stored RefundIssued is changed',
    apply: async (sql) => {
      await sql(`UPDATE {table} SET data = replace(data, '"amount":4000', '"amount":4999') WHERE stream_id = 'dispute-seed-1001' AND version = 8`);
    },
    expected: { streamId: 'dispute-seed-1001', version: 8, problem: 'CONTENT_CHANGED' },
  },
  {
    name: 'delete: the ReturnShipped event is removed',
    apply: async (sql) => {
      await sql(`DELETE FROM {table} WHERE stream_id = 'dispute-return-2002' AND version = 4`);
    },
    expected: { streamId: 'dispute-return-2002', version: 5, problem: 'MISSING_EVENTS' },
  },
  {
    name: 'delete and renumber: the ReturnShipped event is removed and the later versions moved down',
    apply: async (sql) => {
      await sql(`DELETE FROM {table} WHERE stream_id = 'dispute-return-2002' AND version = 4`);
      await shiftVersions(sql, 'dispute-return-2002', 5, -1);
    },
    expected: { streamId: 'dispute-return-2002', version: 4, problem: 'BROKEN_LINK' },
  },
  {
    name: 'insert: a forged message is slipped in as version 2, the later versions moved up',
    apply: async (sql) => {
      await shiftVersions(sql, 'dispute-silent-3003', 2, 1);
      await sql(
        `INSERT INTO {table} (stream_id, version, event_id, type, data, metadata)
         SELECT stream_id, 2, 'forged-event', type, replace(data, 'Hello?', 'Refund me now.'), replace(metadata, event_id, 'forged-event')
         FROM {table} WHERE stream_id = 'dispute-silent-3003' AND version = 3`,
      );
    },
    // The inserted row is last in the global log, so the stream is first seen jumping from 1 to 3.
    expected: { streamId: 'dispute-silent-3003', version: 3, problem: 'MISSING_EVENTS' },
  },
  {
    name: 'insert: a row whose columns disagree (the store cannot read it back) is reported, and the check goes on',
    apply: async (sql) => {
      await sql(
        `INSERT INTO {table} (stream_id, version, event_id, type, data, metadata)
         SELECT stream_id, 8, 'forged-event', type, data, metadata FROM {table} WHERE stream_id = 'dispute-silent-3003' AND version = 2`,
      );
    },
    expected: { streamId: 'dispute-silent-3003', version: 8, problem: 'UNREADABLE' },
  },
  {
    name: 'insert at the end with a correctly forged hash: the chain holds, the rules do not (S2)',
    apply: async (sql) => {
      const [last] = await sql(`SELECT data, metadata FROM {table} WHERE stream_id = 'dispute-cancel-5005' AND version = 4`);
      const previous = JSON.parse(String(last!['metadata'])) as { hash: string };
      const data = { disputeId: 'cancel-5005', at: '2026-03-20T10:00:00.000Z', by: { role: 'buyer', id: 'buyer-eli' }, commandId: 'forged', messageId: 'm-9', text: 'Please refund me anyway.' };
      const metadata = { eventId: 'forged-tail', commandId: 'forged', recordedAt: '2026-03-20T10:00:00.000Z', schemaVersion: 1 };
      const chain = chainMetadata(previous.hash, { streamId: 'dispute-cancel-5005', version: 5, type: 'MessagePosted', data, metadata });
      await sql(`INSERT INTO {table} (stream_id, version, event_id, type, data, metadata) VALUES ('dispute-cancel-5005', 5, 'forged-tail', 'MessagePosted', $1, $2)`, [
        JSON.stringify(data),
        JSON.stringify({ ...metadata, ...chain }),
      ]);
    },
    expected: { streamId: 'dispute-cancel-5005', version: 5, rule: 'S2' },
  },
  {
    name: 'reorder: the contents of versions 2 and 3 are swapped',
    apply: async (sql) => {
      const rows = await sql(`SELECT version, event_id, type, data, metadata FROM {table} WHERE stream_id = 'dispute-ruling-4004' AND version IN (2, 3) ORDER BY version`);
      const [two, three] = rows;
      await sql(`UPDATE {table} SET event_id = 'swap-tmp' WHERE stream_id = 'dispute-ruling-4004' AND version = 3`);
      await sql(`UPDATE {table} SET event_id = $1, type = $2, data = $3, metadata = $4 WHERE stream_id = 'dispute-ruling-4004' AND version = 2`, [
        three!['event_id'], three!['type'], three!['data'], three!['metadata'],
      ]);
      await sql(`UPDATE {table} SET event_id = $1, type = $2, data = $3, metadata = $4 WHERE stream_id = 'dispute-ruling-4004' AND version = 3`, [
        two!['event_id'], two!['type'], two!['data'], two!['metadata'],
      ]);
    },
    expected: { streamId: 'dispute-ruling-4004', version: 2, problem: 'BROKEN_LINK' },
  },
  {
    name: 'reorder: versions 2 and 3 are swapped',
    apply: async (sql) => {
      await sql(`UPDATE {table} SET version = -2 WHERE stream_id = 'dispute-ruling-4004' AND version = 2`);
      await sql(`UPDATE {table} SET version = 2 WHERE stream_id = 'dispute-ruling-4004' AND version = 3`);
      await sql(`UPDATE {table} SET version = 3 WHERE stream_id = 'dispute-ruling-4004' AND version = -2`);
    },
    // In global order the old version 2, now labelled 3, comes first: the stream jumps from 1 to 3.
    expected: { streamId: 'dispute-ruling-4004', version: 3, problem: 'MISSING_EVENTS' },
  },
];
