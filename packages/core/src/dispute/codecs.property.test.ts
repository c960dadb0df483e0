import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { anyCommandArb, anyEventArb, commandOfTypeArb, eventOfTypeArb, historyArb } from '../testing/arbitraries';
import { commandCodecs, commandTypes, type DisputeCommand } from './commands';
import { eventCodecs, eventTypes, type DisputeEvent } from './events';
import { encodeCommand, encodeEvent, parseCommand, parseEvent } from './parse';

/**
 * Codec laws: every command and event survives encode → decode and encode → JSON → parse unchanged;
 * `parseCommand` and `parseEvent` never throw, whatever they are given, and only ever return a
 * `ValidationError` or a value their codec accepts; a broken field is reported at its path.
 */

const RUNS = 100;
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const isValidCommand = (value: DisputeCommand): boolean => (commandCodecs[value.type] as { is(u: unknown): boolean }).is(value);
const isValidEvent = (value: DisputeEvent): boolean => (eventCodecs[value.type] as { is(u: unknown): boolean }).is(value);

describe.each(commandTypes)('the %s command', (type) => {
  it('decodes what it encodes, and parses its JSON back to the same value', () => {
    const codec = commandCodecs[type] as unknown as { encode(a: unknown): unknown; decode(u: unknown): E.Either<unknown, unknown> };
    fc.assert(
      fc.property(commandOfTypeArb(type), (command) => {
        expect(codec.decode(codec.encode(command))).toEqual(E.right(command));
        expect(parseCommand(asJson(encodeCommand(command)))).toEqual(E.right(command));
      }),
      { numRuns: RUNS },
    );
  });
});

describe.each(eventTypes)('the %s event', (type) => {
  it('decodes what it encodes, and parses its JSON back to the same value', () => {
    const codec = eventCodecs[type] as unknown as { encode(a: unknown): unknown; decode(u: unknown): E.Either<unknown, unknown> };
    fc.assert(
      fc.property(eventOfTypeArb(type), (event) => {
        expect(codec.decode(codec.encode(event))).toEqual(E.right(event));
        expect(parseEvent(asJson(encodeEvent(event)))).toEqual(E.right(event));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('commands and events of real runs', () => {
  it('round-trip through JSON: every command sent and every event recorded', () => {
    fc.assert(
      fc.property(historyArb({ maxCommands: 20 }), (h) => {
        for (const command of h.commands) expect(parseCommand(asJson(encodeCommand(command)))).toEqual(E.right(command));
        for (const event of h.events) expect(parseEvent(asJson(encodeEvent(event)))).toEqual(E.right(event));
      }),
      { numRuns: RUNS },
    );
  });
});

// ------------------------------------------------------------------ fuzzing

/** Every path to a node of a JSON value (`[]` is the root). */
const pathsOf = (value: unknown, prefix: ReadonlyArray<string> = []): Array<ReadonlyArray<string>> => {
  const here = [prefix];
  if (typeof value !== 'object' || value === null) return here;
  return [...here, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
};
const leafPathsOf = (value: unknown): Array<ReadonlyArray<string>> => {
  const at = (path: ReadonlyArray<string>): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
  return pathsOf(value).filter((path) => {
    const node = at(path);
    return path.length > 0 && (typeof node !== 'object' || node === null);
  });
};

/** A damage done to a valid message: a node replaced, removed or added, or its type changed. */
type Damage =
  | { readonly kind: 'set'; readonly seed: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly seed: number }
  | { readonly kind: 'extra'; readonly seed: number; readonly value: unknown }
  | { readonly kind: 'retype'; readonly seed: number };

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), seed: fc.nat(), value: fc.anything() }),
  fc.record({ kind: fc.constant('delete' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('extra' as const), seed: fc.nat(), value: fc.anything() }),
  fc.record({ kind: fc.constant('retype' as const), seed: fc.nat() }),
);

const damage = (message: unknown, d: Damage, types: ReadonlyArray<string>): unknown => {
  const copy = asJson(message) as Record<string, unknown>;
  if (d.kind === 'retype') return { ...copy, type: types[d.seed % types.length] };
  const paths = pathsOf(copy).filter((p) => p.length > 0);
  const path = paths[d.seed % paths.length]!;
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  const key = path[path.length - 1]!;
  if (d.kind === 'set') parent[key] = d.value;
  else if (d.kind === 'delete') delete parent[key];
  else if (typeof parent[key] === 'object' && parent[key] !== null) (parent[key] as Record<string, unknown>).unexpected = d.value;
  else parent.unexpected = d.value;
  return copy;
};

describe('parseCommand', () => {
  it('never throws on any value, and returns a ValidationError or a command its codec accepts', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }), (input) => {
        const parsed = parseCommand(input);
        if (E.isLeft(parsed)) expect(parsed.left._tag).toBe('ValidationError');
        else expect(isValidCommand(parsed.right)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any JSON text, parsed', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const parsed = parseCommand(JSON.parse(text));
        expect(E.isLeft(parsed) || isValidCommand(parsed.right)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on damaged valid commands; what it accepts is valid and parses again to itself', () => {
    fc.assert(
      fc.property(anyCommandArb, damageArb, (command, d) => {
        const parsed = parseCommand(damage(encodeCommand(command), d, commandTypes));
        if (E.isRight(parsed)) {
          expect(isValidCommand(parsed.right)).toBe(true);
          expect(parseCommand(asJson(encodeCommand(parsed.right)))).toEqual(parsed);
        } else {
          expect(parsed.left.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a broken field at its path', () => {
    fc.assert(
      fc.property(anyCommandArb, fc.nat(), (command, seed) => {
        const json = asJson(encodeCommand(command));
        const leaves = leafPathsOf(json);
        const path = leaves[seed % leaves.length]!;
        const parsed = parseCommand(damage(json, { kind: 'set', seed: pathsOf(json).filter((p) => p.length > 0).findIndex((p) => p.join('.') === path.join('.')), value: null }, commandTypes));
        expect(E.isLeft(parsed) && parsed.left.issues.map((i) => i.path)).toContain(path.join('.'));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses inputs that throw when read, without throwing', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const getter = Object.defineProperty({ type: 'PostMessage' }, 'text', { get: () => { throw new Error('boom'); }, enumerable: true });
    for (const input of [hostile, getter]) {
      expect(() => parseCommand(input)).not.toThrow();
      expect(E.isLeft(parseCommand(input))).toBe(true);
    }
  });
});

describe('parseEvent', () => {
  it('never throws on any value, and returns a ValidationError or an event its codec accepts', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true }), (input) => {
        const parsed = parseEvent(input);
        expect(E.isLeft(parsed) || isValidEvent(parsed.right)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on damaged valid events; what it accepts is valid and parses again to itself', () => {
    fc.assert(
      fc.property(anyEventArb, damageArb, (event, d) => {
        const parsed = parseEvent(damage(encodeEvent(event), d, eventTypes));
        if (E.isRight(parsed)) {
          expect(isValidEvent(parsed.right)).toBe(true);
          expect(parseEvent(asJson(encodeEvent(parsed.right)))).toEqual(parsed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports a broken field at its path', () => {
    fc.assert(
      fc.property(anyEventArb, fc.nat(), (event, seed) => {
        const json = asJson(encodeEvent(event));
        const leaves = leafPathsOf(json);
        const path = leaves[seed % leaves.length]!;
        const parsed = parseEvent(damage(json, { kind: 'set', seed: pathsOf(json).filter((p) => p.length > 0).findIndex((p) => p.join('.') === path.join('.')), value: null }, eventTypes));
        expect(E.isLeft(parsed) && parsed.left.issues.map((i) => i.path)).toContain(path.join('.'));
      }),
      { numRuns: 200 },
    );
  });
});
