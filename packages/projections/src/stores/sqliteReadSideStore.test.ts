import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createSqliteReadSideStore } from './sqliteReadSideStore';
import { readSideStoreContract } from '../testing/readSideStoreContract';

const folder = testTempFolder('rm');
const dir = folder.path;
afterAll(() => folder.remove());
let n = 0;

readSideStoreContract('sqlite (:memory:)', async () => createSqliteReadSideStore({ filename: ':memory:' }));
readSideStoreContract('sqlite (file)', async () => createSqliteReadSideStore({ filename: join(dir, `rm-${n++}.db`) }));
