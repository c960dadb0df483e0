/**
 * @disputekit/core/testing — helpers for testing deciders: a given/when/then spec and fixtures.
 * @packageDocumentation
 */
export * from './givenWhenThen';
export * from './fixtures';
export * from './arbitraries';
export * from './hostileArbitraries';
export * from './either';
