import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testTempFolder } from '../testRun';
import { expectLeft, expectRight } from '@disputekit/core/testing';
import { countedEvents, freshStreamId } from '../testing/contractFixtures';
import { createSqliteEventStore } from './sqliteEventStore';
import { SQLITE_SCHEMA_VERSION, SQLITE_SCHEMA_VERSION_TABLE } from './sqliteSchema';

const temp = testTempFolder('sqlite_ro');
const directory = temp.path;
let files = 0;
const freshFile = (): string => join(directory, `file-${(files += 1)}.db`);
afterAll(() => temp.remove());

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('SQLite event store opened read-only', () => {
  it('reads a store a writer made, and refuses appends without changing the file', async () => {
    const filename = freshFile();
    const streamId = freshStreamId();
    const writer = createSqliteEventStore({ filename });
    expectRight(await writer.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
    await writer.close();
    const before = digest(filename);

    const reader = createSqliteEventStore({ filename, readOnly: true });
    expect(expectRight(await reader.readStream(streamId)).map((event) => event.version)).toEqual([1, 2, 3]);
    expect(expectRight(await reader.readAll()).length).toBe(3);
    const refused = expectLeft(await reader.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    expect(refused).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('read-only') });
    expect(expectLeft(await reader.appendToStreams!([{ streamId, events: countedEvents(1, 4), expectedVersion: 3 }]))._tag).toBe('StoreUnavailable');
    await reader.close();
    expect(digest(filename)).toBe(before);
  });

  it('refuses an unrelated SQLite file and leaves it byte for byte as it was, with no file beside it', () => {
    const filename = freshFile();
    const other = new Database(filename);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices (total) VALUES (4200);");
    other.close();
    const before = digest(filename);
    const listing = readdirSync(directory).sort();
    expect(() => createSqliteEventStore({ filename, readOnly: true })).toThrow(/is not a disputekit event store/);
    expect(digest(filename)).toBe(before);
    expect(readdirSync(directory).sort()).toEqual(listing);
  });

  it('refuses a file that is not SQLite at all, unchanged', () => {
    const filename = freshFile();
    writeFileSync(filename, 'streamId,version\nd-1,1\n');
    const before = digest(filename);
    expect(() => createSqliteEventStore({ filename, readOnly: true })).toThrow(/not a database/);
    expect(digest(filename)).toBe(before);
  });

  it('refuses a missing file and creates nothing', () => {
    const filename = freshFile();
    expect(() => createSqliteEventStore({ filename, readOnly: true })).toThrow(/Cannot open the SQLite event store/);
    expect(readdirSync(directory)).not.toContain(filename.split('/').pop());
  });

  it('refuses a store whose schema version is not the code\'s (it would need a migration)', () => {
    const filename = freshFile();
    createSqliteEventStore({ filename }).close();
    const raw = new Database(filename);
    raw.prepare(`INSERT INTO ${SQLITE_SCHEMA_VERSION_TABLE} (version, applied_at) VALUES (?, ?)`).run(SQLITE_SCHEMA_VERSION + 1, 'later');
    raw.close();
    expect(() => createSqliteEventStore({ filename, readOnly: true })).toThrow(/newer than this code/);
    const older = freshFile();
    createSqliteEventStore({ filename: older }).close();
    const rawOlder = new Database(older);
    rawOlder.exec(`DELETE FROM ${SQLITE_SCHEMA_VERSION_TABLE}`);
    rawOlder.close();
    expect(() => createSqliteEventStore({ filename: older, readOnly: true })).toThrow(/older than this code/);
  });
});
