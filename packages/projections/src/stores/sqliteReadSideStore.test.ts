import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteReadSideStore } from './sqliteReadSideStore';
import { readSideStoreContract } from '../testing/readSideStoreContract';

const dir = mkdtempSync(join(tmpdir(), 'disputekit-rm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

readSideStoreContract('sqlite (:memory:)', async () => createSqliteReadSideStore({ filename: ':memory:' }));
readSideStoreContract('sqlite (file)', async () => createSqliteReadSideStore({ filename: join(dir, `rm-${n++}.db`) }));
