/**
 * @disputekit/adapters/eventstoredb — an event store on EventStoreDB / KurrentDB, through
 * @kurrent/kurrentdb-client or @eventstore/db-client.
 * @packageDocumentation
 */
// The client port: the subset of the KurrentDB / EventStoreDB client the store uses, and its constants
export { FORWARDS, NO_STREAM, START, STREAM_EXISTS, STREAM_NAME } from './eventStoreDbClient';
export type {
  EventStoreDbAppendOptions, EventStoreDbAppendResult, EventStoreDbAppendState, EventStoreDbClient,
  EventStoreDbEventData, EventStoreDbFilter, EventStoreDbPosition, EventStoreDbRecordedEvent,
  EventStoreDbResolvedEvent, EventStoreDbSubscription,
} from './eventStoreDbClient';

// The event store
export { createEventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventStoreDbEventStore';
