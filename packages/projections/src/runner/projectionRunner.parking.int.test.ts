import { Client } from 'pg';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { expectParkingScenario, parkingScenario } from '../testing/parkingScenario';
import { freshSchema, postgresForTests, postgresUrl } from '../testing/postgresForTests';

const pg = postgresForTests();
const eventsSchema = freshSchema('ev_park');
const readSchema = freshSchema('rm_park');

afterAll(async () => {
  if (!pg.run) return;
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  for (const schema of [eventsSchema, readSchema]) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

(pg.run ? describe : describe.skip)(`one hand-corrupted row on PostgreSQL${pg.run ? '' : ` (skipped: ${pg.why ?? ''})`}`, () => {
  it('parks its stream while projections, the scheduler and the refund processor go on for the rest', async () => {
    const events = createPostgresEventStore({ connectionString: postgresUrl, schema: eventsSchema, migrate: true });
    const operator = new Client({ connectionString: postgresUrl });
    await operator.connect();
    try {
      const seen = await parkingScenario(events, () => createPostgresReadSideStore({ connectionString: postgresUrl, schema: readSchema }), {
        async setData(streamId, version, data) {
          const { rows } = await operator.query(`SELECT data FROM "${eventsSchema}".events WHERE stream_id = $1 AND version = $2`, [streamId, version]);
          await operator.query(`UPDATE "${eventsSchema}".events SET data = $1 WHERE stream_id = $2 AND version = $3`, [data, streamId, version]);
          return (rows[0] as { data: string }).data;
        },
      });
      expectParkingScenario(seen);
    } finally {
      await operator.end();
      await events.close();
    }
  }, 60_000);
});
