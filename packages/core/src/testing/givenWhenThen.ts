import * as E from 'fp-ts/lib/Either.js';

/**
 * Any decider whose `decide` returns an fp-ts `Either` of events: the Dispute aggregate's
 * `disputeDecider`, or any other aggregate built the same way.
 */
export interface EitherDecider<C, S, Ev, Err> {
  readonly decide: (command: C, state: S) => E.Either<Err, ReadonlyArray<Ev>>;
  readonly evolve: (state: S, event: Ev) => S;
  readonly initialState: S;
}

/** The error a failed expectation throws: a plain `Error` whose message holds a readable diff. */
export class SpecFailure extends Error {
  /** Creates the failure with its full explanation. */
  constructor(message: string) {
    super(message);
    this.name = 'SpecFailure';
  }
}

/** The `_tag` of an error type when it has one (so `thenFails` autocompletes rule names), else any string. */
export type ErrorTagOf<Err> = Err extends { readonly _tag: infer T extends string } ? T : string;

/** A check on the state after the command: return `false` (or throw) to fail; `true` or nothing passes. */
export type StatePredicate<S, Ev> = (state: S, events: ReadonlyArray<Ev>) => boolean | void;

/** A history so far (the "given"): its events, the folded state, and the way to send the next command. */
export interface Given<C, S, Ev, Err> {
  /** Every event of the history, oldest first. */
  readonly events: ReadonlyArray<Ev>;
  /** The state folded from `events`. */
  readonly state: S;
  /** This history followed by more events. */
  given(events: ReadonlyArray<Ev>): Given<C, S, Ev, Err>;
  /** This history followed by what each command decides, in order; throws if one of them is rejected. */
  givenCommands(commands: ReadonlyArray<C>): Given<C, S, Ev, Err>;
  /** Decides one command against this history. */
  when(command: C): When<C, S, Ev, Err>;
}

/** A command decided against a history, waiting for the expectations. */
export interface When<C, S, Ev, Err> {
  /** The command that was decided. */
  readonly command: C;
  /** The state the command was decided against. */
  readonly before: S;
  /** What `decide` returned. */
  readonly result: E.Either<Err, ReadonlyArray<Ev>>;
  /** Expects exactly these events, in this order (deep equality); throws a diff otherwise. */
  then(expected: ReadonlyArray<Ev>): Then<C, S, Ev, Err>;
  /** Expects an accepted command that emits no event (an idempotent repeat, for example). */
  thenNothing(): Then<C, S, Ev, Err>;
  /**
   * Expects a rejection: `expected` is the error's `_tag` (or, for errors without one, its string form),
   * or a predicate on the error. `check` may assert more (return `false` or throw to fail). Returns the error.
   */
  thenFails(expected: ErrorTagOf<Err> | ((error: Err) => boolean), check?: (error: Err) => boolean | void): Err;
  /** Expects an accepted command whose resulting state satisfies the predicate, whatever the events. */
  thenState(predicate: StatePredicate<S, Ev>, description?: string): Then<C, S, Ev, Err>;
}

/** An accepted command, after its events were checked: more checks, or the next step of a story. */
export interface Then<C, S, Ev, Err> {
  /** The events the command emitted. */
  readonly events: ReadonlyArray<Ev>;
  /** The state after folding the emitted events into the given one. */
  readonly state: S;
  /** Expects the resulting state to satisfy the predicate. */
  thenState(predicate: StatePredicate<S, Ev>, description?: string): Then<C, S, Ev, Err>;
  /** The given history followed by the emitted events, to decide the next command of a story. */
  next(): Given<C, S, Ev, Err>;
}

// ------------------------------------------------------------------ rendering and diff

const MAX_RENDERED = 6_000;

/** Renders any value as indented JSON for failure messages (never throws). */
export const renderForSpec = (value: unknown): string => {
  let text: string;
  try {
    text =
      JSON.stringify(
        value,
        (_key, v: unknown) =>
          v === undefined ? '<undefined>' : typeof v === 'bigint' ? `${v}n` : typeof v === 'function' ? '<function>' : v,
        2,
      ) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_RENDERED ? `${text.slice(0, MAX_RENDERED)}\n… (${text.length - MAX_RENDERED} more characters)` : text;
};

const renderShort = (value: unknown): string => {
  const text = renderForSpec(value).replace(/\s*\n\s*/g, ' ');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** Brings values with a JSON form (`toJSON`), `Set`s and `Map`s to plain data before comparing. */
const normalise = (value: unknown): unknown => {
  if (value instanceof Set) return [...value];
  if (value instanceof Map) return Object.fromEntries(value);
  if (isRecord(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
};

const joinPath = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

/**
 * Lists the differences between two values, one line each, with the path where they differ
 * (`[1].data.refund.amount: expected 10000, got 5000`). Key order does not matter; a key holding
 * `undefined` differs from an absent key. Empty when the values are deeply equal.
 */
export const diffValues = (expected: unknown, actual: unknown, path = ''): ReadonlyArray<string> => {
  const e = normalise(expected);
  const a = normalise(actual);
  const where = path === '' ? '(root)' : path;
  if (Object.is(e, a)) return [];
  if (Array.isArray(e) && Array.isArray(a)) {
    const lines: string[] = [];
    const shared = Math.min(e.length, a.length);
    for (let i = 0; i < shared; i++) lines.push(...diffValues(e[i], a[i], joinPath(path, i)));
    for (let i = shared; i < e.length; i++) lines.push(`${joinPath(path, i)}: expected ${renderShort(e[i])}, got nothing`);
    for (let i = shared; i < a.length; i++) lines.push(`${joinPath(path, i)}: unexpected ${renderShort(a[i])}`);
    return lines;
  }
  if (isRecord(e) && isRecord(a)) {
    const lines: string[] = [];
    for (const key of Object.keys(e)) {
      if (!hasOwn(a, key)) lines.push(`${joinPath(path, key)}: expected ${renderShort(e[key])}, but the key is missing`);
      else lines.push(...diffValues(e[key], a[key], joinPath(path, key)));
    }
    for (const key of Object.keys(a)) {
      if (!hasOwn(e, key)) lines.push(`${joinPath(path, key)}: unexpected key holding ${renderShort(a[key])}`);
    }
    return lines;
  }
  return [`${where}: expected ${renderShort(e)}, got ${renderShort(a)}`];
};

const typeOf = (event: unknown): string =>
  isRecord(event) && typeof event.type === 'string' ? event.type : renderShort(event);

const describeError = (error: unknown): string => {
  if (isRecord(error) && typeof error._tag === 'string') {
    return typeof error.message === 'string' ? `${error._tag}: ${error.message}` : error._tag;
  }
  return renderShort(error);
};

const commandLine = (command: unknown): string => `When: ${renderShort(command)}`;

// ------------------------------------------------------------------ the builder

const makeThen = <C, S, Ev, Err>(
  decider: EitherDecider<C, S, Ev, Err>,
  history: ReadonlyArray<Ev>,
  command: C,
  events: ReadonlyArray<Ev>,
  state: S,
): Then<C, S, Ev, Err> => {
  const self: Then<C, S, Ev, Err> = {
    events,
    state,
    thenState: (predicate, description) => {
      checkState(command, events, state, predicate, description);
      return self;
    },
    next: () => makeGiven(decider, [...history, ...events], state),
  };
  return self;
};

const checkState = <S, Ev>(
  command: unknown,
  events: ReadonlyArray<Ev>,
  state: S,
  predicate: StatePredicate<S, Ev>,
  description: string | undefined,
): void => {
  let verdict: boolean | void;
  try {
    verdict = predicate(state, events);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpecFailure(
      `The state after the command fails the check${description ? ` "${description}"` : ''}: ${reason}\n${commandLine(command)}\nState:\n${renderForSpec(state)}`,
    );
  }
  if (verdict === false) {
    throw new SpecFailure(
      `The state after the command does not satisfy ${description ? `"${description}"` : 'the predicate'}.\n${commandLine(command)}\nState:\n${renderForSpec(state)}`,
    );
  }
};

/** The rejection a `When` expects: the error's tag (or a predicate), then an optional further check. Returns the error. */
const expectRejection = <C, Ev, Err>(
  command: C,
  result: E.Either<Err, ReadonlyArray<Ev>>,
  expected: ErrorTagOf<Err> | ((error: Err) => boolean),
  check?: (error: Err) => boolean | void,
): Err => {
  const wanted = typeof expected === 'function' ? 'an error satisfying the predicate' : `the error ${expected}`;
  if (E.isRight(result)) {
    throw new SpecFailure(
      `Expected ${wanted}, but the command was accepted with the events ${result.right.map(typeOf).join(', ') || '(none)'}\n${commandLine(command)}\n${renderForSpec(result.right)}`,
    );
  }
  const error = result.left;
  const matches =
    typeof expected === 'function'
      ? expected(error)
      : isRecord(error) && typeof error._tag === 'string'
        ? error._tag === expected
        : String(error) === expected;
  if (!matches) {
    throw new SpecFailure(`Expected ${wanted}, but the command was rejected with ${describeError(error)}\n${commandLine(command)}`);
  }
  if (check !== undefined) checkError(command, error, check);
  return error;
};

/** Runs a further check on the expected error: it fails when the check returns `false` or throws. */
const checkError = <C, Err>(command: C, error: Err, check: (error: Err) => boolean | void): void => {
  let verdict: boolean | void;
  try {
    verdict = check(error);
  } catch (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new SpecFailure(`The error ${describeError(error)} fails the check: ${reason}\n${commandLine(command)}`);
  }
  if (verdict === false) {
    throw new SpecFailure(`The error ${describeError(error)} does not satisfy the check\n${commandLine(command)}\n${renderForSpec(error)}`);
  }
};

const makeWhen = <C, S, Ev, Err>(
  decider: EitherDecider<C, S, Ev, Err>,
  history: ReadonlyArray<Ev>,
  before: S,
  command: C,
): When<C, S, Ev, Err> => {
  const result = decider.decide(command, before);
  const accepted = (expectation: string): { events: ReadonlyArray<Ev>; state: S } => {
    if (E.isLeft(result)) {
      throw new SpecFailure(`Expected ${expectation}, but the command was rejected with ${describeError(result.left)}\n${commandLine(command)}`);
    }
    const events = result.right;
    return { events, state: events.reduce(decider.evolve, before) };
  };
  return {
    command,
    before,
    result,
    then: (expected) => {
      if (typeof expected === 'function') {
        throw new SpecFailure('A When is not a promise: do not await or return it; call .then(expectedEvents) on it.');
      }
      const { events, state } = accepted(`the events ${expected.map(typeOf).join(', ') || '(none)'}`);
      const differences = diffValues(expected, events);
      if (differences.length > 0) {
        throw new SpecFailure(
          [
            `The decided events differ from the expected ones (${differences.length} difference${differences.length === 1 ? '' : 's'}):`,
            ...differences.map((line) => `  ${line}`),
            commandLine(command),
            `Expected types: ${expected.map(typeOf).join(', ') || '(none)'}`,
            `Actual types:   ${events.map(typeOf).join(', ') || '(none)'}`,
            'Actual events:',
            renderForSpec(events),
          ].join('\n'),
        );
      }
      return makeThen(decider, history, command, events, state);
    },
    thenNothing: () => {
      const { events, state } = accepted('no events');
      if (events.length > 0) {
        throw new SpecFailure(
          `Expected no events, but the command emitted ${events.map(typeOf).join(', ')}\n${commandLine(command)}\n${renderForSpec(events)}`,
        );
      }
      return makeThen(decider, history, command, events, state);
    },
    thenFails: (expected, check) => expectRejection(command, result, expected, check),
    thenState: (predicate, description) => {
      const { events, state } = accepted('an accepted command');
      checkState(command, events, state, predicate, description);
      return makeThen(decider, history, command, events, state);
    },
  };
};

const makeGiven = <C, S, Ev, Err>(
  decider: EitherDecider<C, S, Ev, Err>,
  events: ReadonlyArray<Ev>,
  state: S,
): Given<C, S, Ev, Err> => ({
  events,
  state,
  given: (more) => makeGiven(decider, [...events, ...more], more.reduce(decider.evolve, state)),
  givenCommands: (commands) => {
    let history = events;
    let current = state;
    commands.forEach((command, index) => {
      const result = decider.decide(command, current);
      if (E.isLeft(result)) {
        throw new SpecFailure(
          `Given command #${index + 1} was rejected with ${describeError(result.left)}; a given history must be accepted.\n${commandLine(command)}`,
        );
      }
      history = [...history, ...result.right];
      current = result.right.reduce(decider.evolve, current);
    });
    return makeGiven(decider, history, current);
  },
  when: (command) => makeWhen(decider, events, state, command),
});

/**
 * Starts a given/when/then specification of a decider, with an empty history. It needs no test
 * framework: a failed expectation throws a `SpecFailure` whose message shows where the events differ.
 *
 * @example
 * spec(disputeDecider).given([opened]).when(acceptBySeller).then([accepted, resolved]).thenState((s) => s.status === 'AWAITING_REFUND')
 * spec(disputeDecider).given([opened]).when(acceptByBuyer).thenFails('CannotAcceptOwnProposal')
 */
export const spec = <C, S, Ev, Err>(decider: EitherDecider<C, S, Ev, Err>): Given<C, S, Ev, Err> =>
  makeGiven(decider, [], decider.initialState);
