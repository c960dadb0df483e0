/**
 * @disputekit/adapters/memory — an in-memory event store for tests and demos.
 * @packageDocumentation
 */
export { createInMemoryEventStore } from './inMemoryEventStore';
/** Snapshots in memory, beside the in-memory event store (the same one core's tests use). */
export { createInMemorySnapshotStore } from '@disputekit/core';
