import * as t from 'io-ts/lib/index.js';
import { expectLeft } from '../testing/either';
import { struct } from './struct';
import { safeIntegerAtLeast } from './text';
import { issuesFromErrors, renderValue, validationError, validationIssue } from './validationError';

/** Validation errors: one readable issue per problem, with its path. */
describe('renderValue', () => {
  it('renders values as short JSON', () => {
    expect(renderValue(undefined)).toBe('undefined');
    expect(renderValue(12.5)).toBe('12.5');
    expect(renderValue(10n)).toBe('10');
    expect(renderValue('x')).toBe('"x"');
    expect(renderValue(null)).toBe('null');
    expect(renderValue({ a: [1] })).toBe('{"a":[1]}');
    expect(renderValue(() => 1)).toBe('a function');
    expect(renderValue(Symbol('s'))).toBe('a symbol');
  });

  it('truncates long values and survives values JSON cannot render', () => {
    const long = renderValue('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(renderValue(circular)).toBe('an object');
    const circularArray: unknown[] = [];
    circularArray.push(circularArray);
    expect(renderValue(circularArray)).toBe('an array');
  });
});

describe('validationIssue and validationError', () => {
  it('words each kind of issue', () => {
    expect(validationIssue('order.paid.amount', 'a safe integer ≥ 0', 12.5)).toEqual({
      path: 'order.paid.amount',
      expected: 'a safe integer ≥ 0',
      actual: '12.5',
      message: 'order.paid.amount: expected a safe integer ≥ 0, got 12.5',
    });
    expect(validationIssue('note', 'text', undefined).message).toBe('note: is required (text)');
    expect(validationIssue('colour', 'no such field', 'red').message).toBe('colour: unknown field (got "red")');
    expect(validationIssue('', 'an object', 3).message).toBe('(root): expected an object, got 3');
  });

  it('joins the issues into one message', () => {
    const error = validationError('command', [validationIssue('a', 'x', 1), validationIssue('b', 'y', 2)]);
    expect(error).toEqual({
      _tag: 'ValidationError',
      subject: 'command',
      issues: [validationIssue('a', 'x', 1), validationIssue('b', 'y', 2)],
      message: 'Invalid command: a: expected x, got 1; b: expected y, got 2',
    });
  });
});

describe('issuesFromErrors', () => {
  it('builds the dotted path, skipping the synthetic keys of unions and intersections', () => {
    const Inner = struct('Inner', { n: safeIntegerAtLeast(0) });
    const Outer = struct('Outer', { items: t.array(t.union([Inner, t.null])) });
    const result = Outer.decode({ items: [{ n: -1 }] });
    const issues = issuesFromErrors(expectLeft(result));
    expect(issues.map((i) => i.path)).toContain('items.0.n');
    expect(issues.every((i) => !/\.\d+\.\d+/.test(i.path))).toBe(true);
  });

  it('uses the type name when the error has no message, and removes duplicates', () => {
    const result = t.type({ a: t.string }).decode({ a: 1 });
    const errors = expectLeft(result);
    const issues = issuesFromErrors([...errors, ...errors]);
    expect(issues).toEqual([validationIssue('a', 'string', 1)]);
  });

  it('reports a root error with an empty path', () => {
    const result = safeIntegerAtLeast(0).decode('x');
    expect(issuesFromErrors(expectLeft(result))).toEqual([validationIssue('', 'a safe integer ≥ 0', 'x')]);
  });
});
