import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventStoreContractSuite } from '../testing';
import { expectLeft, expectRight } from '@disputekit/core/testing';
import { countedEvents, followUntil, freshStreamId } from '../testing/contractFixtures';
import { testTempFolder } from '../testRun';
import { createSqliteEventStore } from './sqliteEventStore';
import { SQLITE_EVENTS_TABLE, SQLITE_SCHEMA_VERSION, SQLITE_SCHEMA_VERSION_TABLE } from './sqliteSchema';

const folder = testTempFolder('sqlite');
const directory = folder.path;
let files = 0;
const freshFile = (): string => join(directory, `store-${(files += 1)}.db`);
afterAll(() => folder.remove());

eventStoreContractSuite('SQLite (temporary files)', () => createSqliteEventStore({ filename: freshFile(), synchronous: 'NORMAL' }));

describe('SQLite event store', () => {
  it('opens in WAL mode, records its schema version once, and keeps events across reopening', async () => {
    const filename = freshFile();
    const streamId = freshStreamId();
    const first = createSqliteEventStore({ filename });
    expectRight(await first.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
    await first.close();
    const second = createSqliteEventStore({ filename });
    expect(expectRight(await second.readStream(streamId)).map((event) => event.version)).toEqual([1, 2, 3]);
    expectRight(await second.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    await second.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare(`SELECT version FROM ${SQLITE_SCHEMA_VERSION_TABLE}`).pluck().all()).toEqual([SQLITE_SCHEMA_VERSION]);
    expect(raw.prepare(`SELECT global_position FROM ${SQLITE_EVENTS_TABLE} ORDER BY global_position`).pluck().all()).toEqual([1, 2, 3, 4]);
    raw.close();
  });

  it('refuses to open a database whose schema is newer than the code', () => {
    const filename = freshFile();
    createSqliteEventStore({ filename }).close();
    const raw = new Database(filename);
    raw.prepare(`INSERT INTO ${SQLITE_SCHEMA_VERSION_TABLE} (version, applied_at) VALUES (?, ?)`).run(SQLITE_SCHEMA_VERSION + 1, 'later');
    raw.close();
    expect(() => createSqliteEventStore({ filename })).toThrow(/newer than this code/);
  });

  it('throws a clear error when the file cannot be opened', () => {
    expect(() => createSqliteEventStore({ filename: join(directory, 'no-such-directory', 'x.db') })).toThrow(/Cannot open the SQLite event store/);
  });

  describe('rows edited into bad data', () => {
    const corrupt = async (edit: string, expected: RegExp): Promise<void> => {
      const filename = freshFile();
      const store = createSqliteEventStore({ filename });
      const streamId = freshStreamId('corrupt');
      expectRight(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
      const raw = new Database(filename);
      raw.prepare(`UPDATE ${SQLITE_EVENTS_TABLE} SET ${edit} WHERE stream_id = ? AND version = 2`).run(streamId);
      raw.close();
      const fromStream = expectLeft(await store.readStream(streamId));
      const fromLog = expectLeft(await store.readAll());
      for (const error of [fromStream, fromLog]) {
        expect(error).toMatchObject({ _tag: 'CorruptEvent', streamId, globalPosition: 2 });
        expect(error.message).toMatch(expected);
        expect(error.message).toContain(streamId);
      }
      // The rows before the bad one are still readable on their own.
      expect(expectRight(await store.readStream(streamId, { maxCount: 1 }))).toHaveLength(1);
      await store.close();
    };

    it('reports data that is not JSON as CorruptEvent naming stream and version', () => corrupt(`data = '{"n": 2,'`, /@2 .*data is not valid JSON/));
    it('reports metadata that is not an object', () => corrupt(`metadata = '[1, 2]'`, /@2 .*metadata is not a JSON object/));
    it('reports metadata without an event id', () => corrupt(`metadata = '{"commandId": "c"}'`, /@2 .*metadata.eventId is missing/));
    it('reports an empty event type', () => corrupt(`type = ''`, /@2 .*event type is missing/));
    it('reports a version that is not a number', () => corrupt(`version = 'two'`, /version "two" is not a positive integer/));
  });

  it('answers StoreUnavailable while another connection holds the write lock, and works once it is released', async () => {
    const filename = freshFile();
    const store = createSqliteEventStore({ filename, busyTimeoutMs: 50 });
    const streamId = freshStreamId();
    const blocker = new Database(filename);
    blocker.exec('BEGIN IMMEDIATE');
    const error = expectLeft(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(error).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(error.message).toMatch(/SQLITE_BUSY/);
    blocker.exec('ROLLBACK');
    blocker.close();
    expectRight(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    await store.close();
  });

  it('lets a follower in one process see appends made through another connection', async () => {
    const filename = freshFile();
    const follower = createSqliteEventStore({ filename });
    const writer = createSqliteEventStore({ filename });
    const streamId = freshStreamId();
    const seen = followUntil(follower, { after: 0, streams: new Set([streamId]), count: 2, timeoutMs: 5000, pollIntervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expectRight(await writer.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
    expect((await seen).map((event) => event.version)).toEqual([1, 2]);
    await Promise.all([follower.close(), writer.close()]);
  });
});
