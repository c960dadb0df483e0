import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { millisOf } from '../../codecs/instant';
import type { DisputeCommand } from '../../dispute/commands';
import { decide, type Decision } from '../../dispute/decide';
import type { DisputeEvent } from '../../dispute/events';
import { evolve } from '../../dispute/evolve';
import { initialState, type DisputeState } from '../../dispute/state';
import { openDisputeCommand, openingChoiceArb, type OpeningChoice } from './openings';
import { scenarioArb, type DisputeScenario, type ScenarioOptions } from './scenarios';
import { commandFromStep } from './stepCommands';
import { commandStepArb, type CommandStep } from './steps';

/** A command, the state it was decided against, and the decision. */
export interface DecidedCommand {
  readonly command: DisputeCommand;
  readonly stateBefore: DisputeState;
  readonly decision: Decision;
}

/** The outcome of running commands through `decide` and `evolve`. */
export interface CommandRun {
  readonly decided: ReadonlyArray<DecidedCommand>;
  /** The accepted events, in order. */
  readonly events: ReadonlyArray<DisputeEvent>;
  readonly state: DisputeState;
}

/** A generated dispute: its scenario, the commands sent, what each decided, and the history recorded. */
export interface GeneratedHistory extends CommandRun {
  readonly scenario: DisputeScenario;
  readonly commands: ReadonlyArray<DisputeCommand>;
}

const applyDecision = (state: DisputeState, decision: Decision): DisputeState =>
  E.isRight(decision) ? decision.right.reduce(evolve, state) : state;

/** Runs commands through `decide`, folding the accepted events with `evolve` (a refused command changes nothing). */
export const runCommands = (commands: Iterable<DisputeCommand>, from: DisputeState = initialState): CommandRun => {
  const decided: DecidedCommand[] = [];
  const events: DisputeEvent[] = [];
  let state = from;
  for (const command of commands) {
    const decision = decide(command, state);
    decided.push({ command, stateBefore: state, decision });
    if (E.isRight(decision)) events.push(...decision.right);
    state = applyDecision(state, decision);
  }
  return { decided, events, state };
};

/** Runs an opening and steps of a scenario into a history (deterministic). */
export const generateHistory = (scenario: DisputeScenario, opening: OpeningChoice, steps: ReadonlyArray<CommandStep>): GeneratedHistory => {
  const commands: DisputeCommand[] = [];
  const decided: DecidedCommand[] = [];
  const events: DisputeEvent[] = [];
  let state: DisputeState = initialState;
  const send = (command: DisputeCommand): void => {
    const decision = decide(command, state);
    commands.push(command);
    decided.push({ command, stateBefore: state, decision });
    if (E.isRight(decision)) events.push(...decision.right);
    state = applyDecision(state, decision);
  };
  const open = openDisputeCommand(scenario, opening);
  send(open);
  let now = millisOf(open.at);
  for (const step of steps) {
    const command = commandFromStep(step, { scenario, state, now, commands, events });
    now = Math.max(now, millisOf(command.at));
    send(command);
  }
  return withSummary({ scenario, commands, decided, events, state });
};

/** One line per command: who sent what, when, and what it decided. */
export const describeRun = (scenario: DisputeScenario, decided: ReadonlyArray<DecidedCommand>): string => {
  const { order } = scenario;
  const head = `policy ${scenario.policy.name}; order ${order.orderId} paid ${order.paid.amount} ${order.paid.currency}, already refunded ${order.alreadyRefunded.amount}; buyer ${order.buyerId}, seller ${order.sellerId}`;
  const lines = decided.map(({ command, decision }, i) => {
    const outcome = E.isLeft(decision) ? `refused ${decision.left._tag}` : decision.right.length === 0 ? 'nothing (repeat)' : decision.right.map((e) => e.type).join(', ');
    return `${i + 1}. ${command.type} ${command.commandId} by ${command.actor.role}:${command.actor.id} at ${command.at} -> ${outcome}`;
  });
  return [head, ...lines].join('\n');
};

/** Adds a readable summary for fast-check's counterexample reports (not enumerable: equality ignores it). */
const withSummary = <T extends GeneratedHistory>(history: T): T =>
  Object.defineProperty(history, fc.toStringMethod, { value: () => `\n${describeRun(history.scenario, history.decided)}\n`, enumerable: false });

/** Options of `historyArb`. */
export interface HistoryOptions extends ScenarioOptions {
  /** Most commands after the opening (default 40). */
  readonly maxCommands?: number;
  /** Fixes some of the opening's choices, e.g. `{ group: 'NOT_AS_DESCRIBED', returnItem: true }` for returns. */
  readonly opening?: Partial<OpeningChoice>;
}

/**
 * Whole histories: a scenario, an opening, then random commands of every type from any actor with
 * non-decreasing `at` (including `ExpireDeadline` for running, stale and random deadlines and resent
 * commands), run through `decide` and `evolve`; the history is the accepted events.
 */
export const historyArb = (options: HistoryOptions = {}): fc.Arbitrary<GeneratedHistory> =>
  fc
    .record({
      scenario: scenarioArb(options),
      opening: openingChoiceArb.map((choice) => ({ ...choice, ...options.opening })),
      steps: fc.array(commandStepArb, { maxLength: options.maxCommands ?? 40, size: 'max' }),
    })
    .map(({ scenario, opening, steps }) => generateHistory(scenario, opening, steps));
