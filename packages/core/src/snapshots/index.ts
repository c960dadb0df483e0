export * from './snapshotStore';
export * from './disputeSnapshot';
export * from './disputeStateCodec';
export * from './inMemorySnapshotStore';
