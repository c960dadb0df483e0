import { Client } from 'pg';
import { createPostgresReadSideStore } from './postgresReadSideStore';
import { readSideStoreContract } from '../testing/readSideStoreContract';
import { freshSchema, postgresForTests, postgresUrl } from '../testing/postgresForTests';

const pg = postgresForTests();
const schema = freshSchema('rm_contract');

afterAll(async () => {
  if (!pg.run) return;
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

if (pg.run) {
  readSideStoreContract('postgres', async () => createPostgresReadSideStore({ connectionString: postgresUrl, schema }));
} else {
  it.skip(`postgres read-side store contract (skipped: ${pg.why ?? ''})`, () => undefined);
}
