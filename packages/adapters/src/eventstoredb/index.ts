/**
 * @disputekit/adapters/eventstoredb — an event store on EventStoreDB / KurrentDB, through
 * @kurrent/kurrentdb-client or @eventstore/db-client.
 * @packageDocumentation
 */
export * from './eventStoreDbClient';
export * from './eventStoreDbEventStore';
