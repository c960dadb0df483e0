/**
 * @disputekit/core — the Dispute aggregate of disputekit: a pure, event-sourced decider for
 * marketplace buyer disputes, with its io-ts codecs, policies and audit oracle.
 * @packageDocumentation
 */
export * from './codecs/assertNever';
export * from './codecs/ids';
export * from './codecs/instant';
export * from './codecs/struct';
export * from './codecs/text';
export * from './codecs/validationError';
export * from './money/currency';
export * from './money/money';
export * from './policy/businessCalendar';
export * from './policy/customPolicy';
export * from './policy/deadlineArithmetic';
export * from './policy/duration';
export * from './policy/policy';
export * from './policy/presets';
export * from './dispute/appendOnlySet';
export * from './dispute/commands';
export * from './dispute/decide';
export * from './dispute/decider';
export * from './dispute/errors';
export * from './dispute/events';
export * from './dispute/evolve';
export * from './dispute/parse';
export * from './dispute/state';
export * from './dispute/vocabulary';
export * from './eventStore/eventStore';
export * from './eventStore/storeErrors';
