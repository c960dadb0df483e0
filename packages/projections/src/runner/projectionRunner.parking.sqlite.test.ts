import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { expectParkingScenario, parkingScenario } from '../testing/parkingScenario';

const temp = testTempFolder('parking');
const dir = temp.path;
afterAll(() => temp.remove());

describe('one hand-corrupted row on SQLite', () => {
  it('parks its stream while projections, the scheduler and the refund processor go on for the rest', async () => {
    const filename = join(dir, 'store.db');
    const events = createSqliteEventStore({ filename });
    try {
      const seen = await parkingScenario(events, () => createSqliteReadSideStore({ filename: join(dir, 'read.db') }), {
        async setData(streamId, version, data) {
          // A second connection, as an operator's sqlite3 shell would be.
          const db = new Database(filename);
          try {
            const row = db.prepare('SELECT data FROM disputekit_events WHERE stream_id = ? AND version = ?').get(streamId, version) as { data: string };
            db.prepare('UPDATE disputekit_events SET data = ? WHERE stream_id = ? AND version = ?').run(data, streamId, version);
            return row.data;
          } finally {
            db.close();
          }
        },
      });
      expectParkingScenario(seen);
    } finally {
      await events.close();
    }
  }, 60_000);
});
