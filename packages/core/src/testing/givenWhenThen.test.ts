import * as E from 'fp-ts/lib/Either.js';
import { diffValues, renderForSpec, spec, SpecFailure, type EitherDecider } from './givenWhenThen';

/** A toy decider, unrelated to disputes, to show the helper is generic. */
type CounterCommand = { readonly type: 'Add'; readonly by: number } | { readonly type: 'Reset' };
type CounterEvent = { readonly type: 'Added'; readonly by: number } | { readonly type: 'WasReset' };
type CounterError = { readonly _tag: 'TooBig' | 'NothingToReset'; readonly message: string };

const counter: EitherDecider<CounterCommand, number, CounterEvent, CounterError> = {
  initialState: 0,
  decide: (command, state) => {
    if (command.type === 'Reset') {
      return state === 0 ? E.left({ _tag: 'NothingToReset', message: 'already zero' }) : E.right([{ type: 'WasReset' }]);
    }
    if (state + command.by > 10) return E.left({ _tag: 'TooBig', message: `${state + command.by} is over 10` });
    return E.right(command.by === 0 ? [] : [{ type: 'Added', by: command.by }]);
  },
  evolve: (state, event) => (event.type === 'Added' ? state + event.by : 0),
};

const failureOf = (run: () => unknown): SpecFailure => {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecFailure) return error;
    throw error;
  }
  throw new Error('expected a SpecFailure, but nothing was thrown');
};

describe('spec (given/when/then) on a generic decider', () => {
  it('passes when the events are exactly the expected ones, and folds them into the state', () => {
    const then = spec(counter).given([{ type: 'Added', by: 2 }]).when({ type: 'Add', by: 3 }).then([{ type: 'Added', by: 3 }]);
    expect(then.state).toBe(5);
    expect(then.events).toEqual([{ type: 'Added', by: 3 }]);
    then.thenState((s) => s === 5, 'the counter is 5');
  });

  it('throws a readable diff when the events differ', () => {
    const failure = failureOf(() => spec(counter).when({ type: 'Add', by: 3 }).then([{ type: 'Added', by: 4 }]));
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toContain('[0].by: expected 4, got 3');
    expect(failure.message).toContain('Expected types: Added');
  });

  it('reports missing and unexpected events', () => {
    const missing = failureOf(() => spec(counter).when({ type: 'Add', by: 0 }).then([{ type: 'Added', by: 1 }]));
    expect(missing.message).toContain('[0]: expected {');
    expect(missing.message).toContain('got nothing');
    const extra = failureOf(() => spec(counter).when({ type: 'Add', by: 1 }).then([]));
    expect(extra.message).toContain('[0]: unexpected {');
  });

  it('fails `then` when the command is rejected, naming the error', () => {
    const failure = failureOf(() => spec(counter).given([{ type: 'Added', by: 9 }]).when({ type: 'Add', by: 2 }).then([]));
    expect(failure.message).toContain('rejected with TooBig: 11 is over 10');
  });

  it('refuses to be used as a promise', () => {
    const when = spec(counter).when({ type: 'Add', by: 1 });
    const asThenable = when as unknown as { then(resolve: () => void): unknown };
    expect(() => asThenable.then(() => undefined)).toThrow('A When is not a promise');
  });

  it('thenFails matches the tag, returns the error, and runs the extra check', () => {
    const error = spec(counter).given([{ type: 'Added', by: 9 }]).when({ type: 'Add', by: 5 }).thenFails('TooBig');
    expect(error.message).toBe('14 is over 10');
    spec(counter).when({ type: 'Reset' }).thenFails((e) => e._tag === 'NothingToReset');
    spec(counter).when({ type: 'Reset' }).thenFails('NothingToReset', (e) => e.message === 'already zero');
  });

  it('thenFails throws when the tag, the predicate or the check do not match, or when the command is accepted', () => {
    expect(failureOf(() => spec(counter).when({ type: 'Reset' }).thenFails('TooBig')).message).toContain(
      'Expected the error TooBig, but the command was rejected with NothingToReset: already zero',
    );
    expect(failureOf(() => spec(counter).when({ type: 'Reset' }).thenFails(() => false)).message).toContain(
      'an error satisfying the predicate',
    );
    expect(failureOf(() => spec(counter).when({ type: 'Reset' }).thenFails('NothingToReset', () => false)).message).toContain(
      'does not satisfy the check',
    );
    expect(
      failureOf(() =>
        spec(counter)
          .when({ type: 'Reset' })
          .thenFails('NothingToReset', () => {
            throw new Error('boom');
          }),
      ).message,
    ).toContain('fails the check: boom');
    expect(failureOf(() => spec(counter).when({ type: 'Add', by: 1 }).thenFails('TooBig')).message).toContain(
      'but the command was accepted with the events Added',
    );
  });

  it('thenFails compares errors without a tag by their string form', () => {
    const plain: EitherDecider<string, number, string, string> = {
      initialState: 0,
      decide: (c) => (c === 'bad' ? E.left('no good') : E.right([c])),
      evolve: (s) => s + 1,
    };
    expect(spec(plain).when('bad').thenFails('no good')).toBe('no good');
    expect(failureOf(() => spec(plain).when('bad').thenFails('other')).message).toContain('"no good"');
  });

  it('thenNothing accepts an empty decision and rejects a non-empty one', () => {
    spec(counter).when({ type: 'Add', by: 0 }).thenNothing().thenState((s) => s === 0);
    expect(failureOf(() => spec(counter).when({ type: 'Add', by: 1 }).thenNothing()).message).toContain('emitted Added');
  });

  it('thenState checks a predicate, accepting a void (asserting) predicate and reporting a throwing one', () => {
    spec(counter).when({ type: 'Add', by: 4 }).thenState((s) => {
      expect(s).toBe(4);
    });
    expect(failureOf(() => spec(counter).when({ type: 'Add', by: 4 }).thenState((s) => s === 5, 'five')).message).toContain(
      'does not satisfy "five"',
    );
    expect(
      failureOf(() =>
        spec(counter)
          .when({ type: 'Add', by: 4 })
          .thenState(() => {
            throw new Error('not five');
          }),
      ).message,
    ).toContain('fails the check: not five');
    expect(failureOf(() => spec(counter).when({ type: 'Reset' }).thenState(() => true)).message).toContain('rejected with NothingToReset');
  });

  it('givenCommands builds the history from accepted commands, and throws on a rejected one', () => {
    const given = spec(counter).givenCommands([{ type: 'Add', by: 2 }, { type: 'Add', by: 3 }]);
    expect(given.state).toBe(5);
    expect(given.events).toEqual([
      { type: 'Added', by: 2 },
      { type: 'Added', by: 3 },
    ]);
    expect(failureOf(() => spec(counter).givenCommands([{ type: 'Add', by: 1 }, { type: 'Reset' }, { type: 'Reset' }])).message).toContain(
      'Given command #3 was rejected with NothingToReset',
    );
  });

  it('next() continues a story from the given events plus the emitted ones', () => {
    const afterTwo = spec(counter).given([{ type: 'Added', by: 1 }]).when({ type: 'Add', by: 1 }).then([{ type: 'Added', by: 1 }]).next();
    expect(afterTwo.events).toHaveLength(2);
    expect(afterTwo.state).toBe(2);
    afterTwo.when({ type: 'Reset' }).then([{ type: 'WasReset' }]).thenState((s) => s === 0);
    const when = afterTwo.when({ type: 'Add', by: 1 });
    expect(when.before).toBe(2);
    expect(when.command).toEqual({ type: 'Add', by: 1 });
    expect(E.isRight(when.result)).toBe(true);
  });
});

describe('diffValues', () => {
  it('is empty for deeply equal values, whatever the key order', () => {
    expect(diffValues({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('names each differing path', () => {
    expect(diffValues({ a: { b: 1 }, c: 2 }, { a: { b: 2 }, d: 3 })).toEqual([
      'a.b: expected 1, got 2',
      'c: expected 2, but the key is missing',
      'd: unexpected key holding 3',
    ]);
    expect(diffValues(1, '1')).toEqual(['(root): expected 1, got "1"']);
  });

  it('distinguishes a key holding undefined from an absent key', () => {
    expect(diffValues({}, { a: undefined })).toEqual(['a: unexpected key holding "<undefined>"']);
  });

  it('compares sets, maps and values with a JSON form by their contents', () => {
    expect(diffValues(new Set([1, 2]), [1, 2])).toEqual([]);
    expect(diffValues(new Map([['k', 1]]), { k: 1 })).toEqual([]);
    expect(diffValues({ toJSON: () => ['x'] }, ['x'])).toEqual([]);
  });
});

describe('renderForSpec', () => {
  it('renders undefined, bigints and functions, and truncates long output', () => {
    expect(renderForSpec({ a: undefined, b: 1n, f: () => 1 })).toContain('"<undefined>"');
    expect(renderForSpec({ b: 1n })).toContain('"1n"');
    expect(renderForSpec({ f: () => 1 })).toContain('"<function>"');
    expect(renderForSpec('x'.repeat(7_000))).toContain('more characters');
  });

  it('never throws on circular values', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(renderForSpec(circular)).toBe('[object Object]');
  });
});
