import { snapshotStoreContract } from '../testing/service/snapshotStoreContract';
import { createInMemoryEventStore, createInMemorySnapshotStore } from './index';

snapshotStoreContract('memory', () => {
  const events = createInMemoryEventStore();
  return { events, snapshots: createInMemorySnapshotStore(), close: () => events.close() };
}, 'mem');
