import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts/lib/index.js';
import { eventCodecs } from '../dispute/events';
import { encodeEvent, parseEvent, parseStoredEvent } from '../dispute/parse';
import { anyEventArb } from '../testing/arbitraries';
import { decodesToItself } from './exactDecode';

/**
 * The fast path of stored events (`decodesToItself`, used by `parseStoredEvent`) never says yes
 * wrongly: whenever it accepts a value, the codec's own decode accepts it too and gives back a value
 * strictly equal to it (same keys, same leaves), so handing the value itself out changes nothing.
 * And `parseStoredEvent` answers exactly as `parseEvent` (same accept and refuse, same typed event,
 * same error). Inputs: encoded events as the codecs write them (which must take the fast path),
 * their JSON round trip, and the same with up to three random changes anywhere in the tree — a key
 * added, removed, set to `undefined` or replaced, an instant written in a form decode normalises.
 */

const RUNS = 300;

type Node = Record<string, unknown>;

const objectsIn = (value: unknown): Node[] => {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Node, ...Object.values(value).flatMap(objectsIn)];
};

interface Change {
  readonly kind: 'add' | 'delete' | 'undefined' | 'replace';
  readonly node: number;
  readonly key: number;
  readonly newKey: string;
  readonly value: unknown;
}

const changeArb: fc.Arbitrary<Change> = fc.record({
  kind: fc.constantFrom('add', 'delete', 'undefined', 'replace'),
  node: fc.nat(),
  key: fc.nat(),
  newKey: fc.constantFrom('extra', 'note', 'reason', 'amount', 'at', 'evidence', 'deadlines', 'party'),
  value: fc.oneof(
    fc.anything(),
    fc.string(),
    fc.integer(),
    fc.constant(undefined),
    fc.constant(null),
    // Instants that decode accepts but normalises: never the value itself.
    fc.constantFrom('2026-03-05T10:00:00Z', '2026-03-05T12:00:00+02:00', '2026-03-05T10:00:00.000Z', ' x', 'EVIDENCE_REQUEST'),
  ),
});

const applyChange = (root: unknown, change: Change): void => {
  const nodes = objectsIn(root);
  if (nodes.length === 0) return;
  const node = nodes[change.node % nodes.length]!;
  const keys = Object.keys(node);
  const key = change.kind === 'add' || keys.length === 0 ? change.newKey : keys[change.key % keys.length]!;
  if (change.kind === 'delete') delete node[key];
  else node[key] = change.kind === 'undefined' ? undefined : change.value;
};

const casesArb = fc.tuple(anyEventArb, fc.array(changeArb, { maxLength: 3 }), fc.boolean()).map(([event, changes, viaJson]) => {
  const encoded = structuredClone(encodeEvent(event)) as { type: unknown; data: unknown };
  for (const change of changes) applyChange(encoded, change);
  const input = viaJson ? (JSON.parse(JSON.stringify(encoded)) as { type: unknown; data: unknown }) : encoded;
  return { input, changed: changes.length > 0 };
});

const codecOf = (type: unknown): t.Mixed | undefined =>
  typeof type === 'string' && Object.prototype.hasOwnProperty.call(eventCodecs, type) ? (eventCodecs[type as keyof typeof eventCodecs] as t.Mixed) : undefined;

describe('decodesToItself (the fast path of stored events)', () => {
  it('accepts every event as the codecs encode it, and its JSON round trip', () => {
    fc.assert(
      fc.property(anyEventArb, (event) => {
        const encoded = encodeEvent(event) as { type: string };
        const codec = codecOf(encoded.type)!;
        expect(decodesToItself(codec)(encoded)).toBe(true);
        expect(decodesToItself(codec)(JSON.parse(JSON.stringify(encoded)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never accepts a value that decode refuses or changes', () => {
    const seen = { fast: 0, slow: 0, refused: 0 };
    fc.assert(
      fc.property(casesArb, ({ input }) => {
        const codec = codecOf(input.type);
        if (codec === undefined) return;
        const decoded = codec.decode(input);
        if (!decodesToItself(codec)(input)) {
          seen[E.isRight(decoded) ? 'slow' : 'refused'] += 1;
          return;
        }
        seen.fast += 1;
        expect(E.isRight(decoded)).toBe(true);
        if (E.isRight(decoded)) expect(decoded.right).toStrictEqual(input);
      }),
      { numRuns: RUNS * 3 },
    );
    // Not vacuous: values taken fast, values decoded the slow way (changed on decode) and values refused.
    expect(seen.fast).toBeGreaterThan(0);
    expect(seen.slow).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('parseStoredEvent answers exactly as parseEvent', () => {
    fc.assert(
      fc.property(casesArb, ({ input }) => {
        const slow = parseEvent({ type: input.type, data: input.data });
        const fast = parseStoredEvent(input.type, input.data);
        if (E.isLeft(slow)) expect(fast).toStrictEqual(slow);
        else {
          expect(E.isRight(fast)).toBe(true);
          if (E.isRight(fast)) expect(fast.right).toStrictEqual(slow.right);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('falls back to the codec on a hostile value (a throwing getter) and reports it as parseEvent does', () => {
    const data = {};
    Object.defineProperty(data, 'disputeId', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(parseStoredEvent('MessagePosted', data)).toStrictEqual(parseEvent({ type: 'MessagePosted', data }));
    expect(E.isLeft(parseStoredEvent('MessagePosted', data))).toBe(true);
  });
});
