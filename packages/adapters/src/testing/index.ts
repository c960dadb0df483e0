/**
 * @disputekit/adapters/testing — the contract suite every event store passes, and a faithful fake
 * of the EventStoreDB/KurrentDB client for tests without a server.
 * @packageDocumentation
 */
export type { ContractSuiteOptions, EventStoreFactory } from './contractContext';
export * from './eventStoreContractSuite';
export * from './fakeEventStoreDbClient';
