import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService } from '@disputekit/core';
import { createSqliteEventStore, SQLITE_EVENTS_TABLE } from '@disputekit/adapters/sqlite';
import { checkCorruptRows, checkMalformedCommands } from '../testing/service/badInputScenarios';
import { openDispute, postMessage } from '../testing/service/commandJson';
import { readWholeLog } from '../testing/service/storedHistories';
import { tempDirectory } from '../testing/service/tempFiles';

describe('bad input on SQLite', () => {
  const dir = tempDirectory('bad-input');
  afterAll(() => dir.remove());

  it('refuses malformed commands with a ValidationError and writes nothing', async () => {
    const store = createSqliteEventStore({ filename: dir.file('malformed.db') });
    const service = createDisputeService({ store });
    expect(E.isRight(await service.handle(openDispute({ disputeId: 'd1', orderId: 'o1', commandId: 'c1' })))).toBe(true);
    expect(await checkMalformedCommands(service, store)).toEqual([]);
    await store.close();
  });

  it('reports rows edited into invalid JSON or wrong shapes as CorruptEvent naming stream and version, and recovers once repaired', async () => {
    const filename = dir.file('corrupt.db');
    const store = createSqliteEventStore({ filename });
    const editor = new Database(filename);
    try {
      // The rows are edited behind the service's back: with its stream cache it would not decode again the events it has decoded.
      const service = createDisputeService({ store, cacheSize: 0 });
      const problems = await checkCorruptRows(
        service,
        async (streamId, version, column, text) => {
          editor.prepare(`UPDATE ${SQLITE_EVENTS_TABLE} SET ${column} = ? WHERE stream_id = ? AND version = ?`).run(text, streamId, version);
        },
        async (streamId, version, column) =>
          editor.prepare(`SELECT ${column} FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ? AND version = ?`).pluck().get(streamId, version) as string,
        async () => editor.prepare(`SELECT COUNT(*) FROM ${SQLITE_EVENTS_TABLE}`).pluck().get() as number,
        false,
      );
      expect(problems).toEqual([]);
    } finally {
      editor.close();
      await store.close();
    }
  });

  it('returns StoreUnavailable while another connection holds the database, and works again once it lets go', async () => {
    const filename = dir.file('locked.db');
    const store = createSqliteEventStore({ filename, busyTimeoutMs: 50 });
    const service = createDisputeService({ store });
    expect(E.isRight(await service.handle(openDispute({ disputeId: 'd1', orderId: 'o1', commandId: 'c1' })))).toBe(true);
    const locker = new Database(filename);
    locker.pragma('journal_mode = WAL');
    locker.exec('BEGIN EXCLUSIVE');
    const blocked = await service.handle(postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'c2', by: 'buyer' }));
    expect(E.isLeft(blocked) && blocked.left).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('SQLITE_BUSY') });
    locker.exec('ROLLBACK');
    locker.close();
    const retried = await service.handle(postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'c2', by: 'buyer' }));
    expect(E.isRight(retried) && retried.right.alreadyApplied).toBe(false);
    expect((await readWholeLog(store)).filter((e) => e.streamId === 'dispute-d1').map((e) => e.version)).toEqual([1, 2]);
    await store.close();
  });
});
