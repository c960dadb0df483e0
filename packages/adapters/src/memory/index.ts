/**
 * @disputekit/adapters/memory — an in-memory event store for tests and demos.
 * @packageDocumentation
 */
export { createInMemoryEventStore } from './inMemoryEventStore';
