/**
 * fast-check arbitraries for the Dispute decider: primitives, orders and policies, scenarios and
 * openings, command steps (and the commands built from them), whole histories, and well-formed
 * commands and events of every type.
 */
export { instantArb, currencyArb, moneyArb, identifierArb, textArb, evidenceArb, reasonArb, anyActorArb, positiveDurationArb, durationArb } from './primitives';
export { orderArb, type OrderOptions } from './orders';
export { presetNameArb, customPolicyArb, policyOf, policyChoiceArb, policyArb } from './policies';
export { scenarioArb, protectionWindow, type DisputeScenario, type PolicyOption, type ScenarioOptions } from './scenarios';
export { openingChoiceArb, openDisputeCommand, openDisputeArb, type AmountChoice, type OpeningChoice } from './openings';
export { commandStepArb, timeOfStep, type ActorChoice, type TimeStep, type CommandStep, type RunContext } from './steps';
export { commandFromStep, commandArb } from './stepCommands';
export { runCommands, generateHistory, describeRun, historyArb, type DecidedCommand, type CommandRun, type GeneratedHistory, type HistoryOptions } from './histories';
export { commandOfTypeArb, anyCommandArb, eventOfTypeArb, anyEventArb } from './wellFormed';
