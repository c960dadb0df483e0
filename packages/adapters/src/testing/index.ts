/**
 * @disputekit/adapters/testing — the contract suite every event store passes. (The EventStoreDB
 * store is tested against a protocol-level double of the server, which is test support of this
 * repository and not published.)
 * @packageDocumentation
 */
export type { ContractSuiteOptions, EventStoreFactory } from './contractContext';
export { eventStoreContractSuite } from './eventStoreContractSuite';
