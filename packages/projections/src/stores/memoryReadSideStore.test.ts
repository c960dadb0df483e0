import { createMemoryReadSideStore } from './memoryReadSideStore';
import { readSideStoreContract } from '../testing/readSideStoreContract';

readSideStoreContract('memory', async () => createMemoryReadSideStore());
