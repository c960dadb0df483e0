/**
 * @disputekit/core/testing — helpers for testing deciders: a given/when/then spec and fixtures.
 * @packageDocumentation
 */

// Given/when/then specs of a decider
export { diffValues, renderForSpec, spec, SpecFailure } from './givenWhenThen';
export type { EitherDecider, ErrorTagOf, Given, StatePredicate, Then, When } from './givenWhenThen';

// Fixtures: ids, orders, policies and one builder per command
export {
  acceptProposal, actors, BUYER_ID, cancelDispute, command, confirmReturnReceived, CURRENCY, day,
  deliveredOrderJson, DISPUTE_ID, escalate, event, eventFrom, evidenceJson, expectOpened, expireDeadline,
  issueRefund, issueRuling, makeProposal, markReturnShipped, MEDIATOR_ID, nextCommandId, OPENING_PROPOSAL_ID,
  openKeptItem, openKeptItemJson, openNotReceived, openNotReceivedJson, openReturn, openReturnJson, ORDER_ID,
  orderJson, PAID_AT, plusDays, policyWith, postMessage, PRICE, recordRefundFailure, rejectProposal,
  requestEvidence, retryRefund, SELLER_ID, submitEvidence, SYSTEM_ID, usd,
} from './fixtures';
export type { ActorInput, ActorName, CommandOptions, OpenOptions } from './fixtures';
export { recordExternalRefund, ruleAgain } from './externalRefundFixtures';
export { recordChargeback, recordChargebackOutcome } from './chargebackFixtures';

// fast-check arbitraries: commands, events, histories and scenarios
export {
  anyActorArb, anyCommandArb, anyEventArb, commandArb, commandFromStep, commandOfTypeArb, commandStepArb,
  currencyArb, customPolicyArb, describeRun, durationArb, eventOfTypeArb, evidenceArb, generateHistory,
  historyArb, identifierArb, instantArb, moneyArb, openDisputeArb, openDisputeCommand, openingChoiceArb,
  orderArb, policyArb, policyChoiceArb, policyOf, positiveDurationArb, presetNameArb, protectionWindow,
  reasonArb, runCommands, scenarioArb, textArb, timeOfStep,
} from './arbitraries';
export type {
  ActorChoice, AmountChoice, CommandRun, CommandStep, DecidedCommand, DisputeScenario, GeneratedHistory,
  HistoryOptions, OpeningChoice, OrderOptions, PolicyOption, RunContext, ScenarioOptions, TimeStep,
} from './arbitraries';

// Hostile inputs: arbitraries that try to break the decider and the service
export {
  hostileCommands, hostileIdArb, hostileMillisArb, hostileScenarioArb, hostileTextArb, instantStyleArb,
  instantText,
} from './hostileArbitraries';
export type { HostileScenario, HostileStep } from './hostileArbitraries';

// Unwrapping an Either in a test
export { expectLeft, expectRight } from './either';
