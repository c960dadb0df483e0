import { describeWithPostgres, dropTestSchemas, testSchemaName } from '@disputekit/adapters/testRun';
import { createPostgresReadSideStore } from './postgresReadSideStore';
import { readSideStoreContract } from '../testing/readSideStoreContract';

describeWithPostgres('postgres read-side store', (url) => {
  const schema = testSchemaName('rm_contract');
  afterAll(() => dropTestSchemas([schema], url));
  readSideStoreContract('postgres', async () => createPostgresReadSideStore({ connectionString: url, schema }));
});
