import { join } from 'node:path';
import Database from 'better-sqlite3';
import { disputeStreamId } from '@disputekit/core';
import { expectLeft, expectRight } from '@disputekit/core/testing';
import { testTempFolder } from '../testRun';
import { snapshotStoreContract } from '../testing/service/snapshotStoreContract';
import { createSqliteEventStore } from './sqliteEventStore';
import { createSqliteSnapshotStore, SQLITE_SNAPSHOTS_TABLE } from './sqliteSnapshotStore';

const folder = testTempFolder('sqlite-snapshots');
let files = 0;
const freshFile = (): string => join(folder.path, `store-${(files += 1)}.db`);
afterAll(() => folder.remove());

snapshotStoreContract('SQLite (same file as the events)', () => {
  const filename = freshFile();
  const events = createSqliteEventStore({ filename, synchronous: 'NORMAL' });
  const snapshots = createSqliteSnapshotStore({ filename });
  return {
    events,
    snapshots,
    close: async () => {
      snapshots.close();
      await events.close();
    },
  };
}, 'sql');

describe('SQLite snapshot store', () => {
  it('keeps its table in the event store\'s file, survives reopening, and answers StoreClosed once closed', async () => {
    const filename = freshFile();
    const events = createSqliteEventStore({ filename });
    const streamId = disputeStreamId('kept');
    const first = createSqliteSnapshotStore({ filename });
    const snapshot = { streamId, version: 3, hash: 'c'.repeat(64), schemaVersion: 1, state: '{}', stateHash: 'd'.repeat(64) };
    expectRight(await first.save(snapshot));
    first.close();
    expect(expectLeft(await first.load(streamId))._tag).toBe('StoreClosed');
    const second = createSqliteSnapshotStore({ filename });
    expect(expectRight(await second.load(streamId))).toEqual(snapshot);
    second.close();
    await events.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.prepare(`SELECT count(*) FROM ${SQLITE_SNAPSHOTS_TABLE}`).pluck().get()).toBe(1);
    raw.close();
  });
});
