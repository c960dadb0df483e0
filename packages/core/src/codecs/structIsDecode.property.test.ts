import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { commandCodecs } from '../dispute/commands';
import { eventCodecs } from '../dispute/events';
import { anyCommandArb, anyEventArb } from '../testing/arbitraries';

/**
 * `is` and `decode` of the struct codecs agree: for any value, `is(x)` holds exactly when `decode(x)`
 * succeeds. The values are well-formed commands and events (as encoded) with up to three random
 * changes anywhere in their object tree — a key added, removed, set to `undefined` or replaced by
 * anything — so both answers occur often, plus arbitrary values.
 */

const RUNS = 200;

interface Codec {
  is(u: unknown): boolean;
  encode(a: unknown): unknown;
  decode(u: unknown): E.Either<unknown, unknown>;
}

type Node = Record<string, unknown>;

/** Every plain object in a value's tree, the root first (objects inside arrays too). */
const objectsIn = (value: unknown): Node[] => {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Node, ...Object.values(value).flatMap(objectsIn)];
};

/** One change to one object of the tree: which object, which key (an existing one or a new name), what. */
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
  newKey: fc.constantFrom('extra', 'note', 'reason', 'amount', 'label', 'evidence', 'deadline', 'Type'),
  value: fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(undefined), fc.constant(null)),
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

/** A well-formed value's encoding with the changes applied (to a copy), or, now and then, anything. */
const changedArb = <A extends { readonly type: string }>(wellFormed: fc.Arbitrary<A>, codecs: Record<string, unknown>) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.tuple(wellFormed, fc.array(changeArb, { maxLength: 3 })).map(([value, changes]) => {
      const codec = codecs[value.type] as Codec;
      const encoded = structuredClone(codec.encode(value));
      for (const change of changes) applyChange(encoded, change);
      return { codec, input: encoded };
    }) },
    { weight: 1, arbitrary: fc.tuple(wellFormed, fc.anything()).map(([value, input]) => ({ codec: codecs[value.type] as Codec, input })) },
  );

const agreement = (label: string, cases: fc.Arbitrary<{ codec: Codec; input: unknown }>) => {
  it(`is(x) holds exactly when decode(x) succeeds, for ${label}`, () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(cases, ({ codec, input }) => {
        const decoded = E.isRight(codec.decode(input));
        seen[decoded ? 'accepted' : 'refused'] += 1;
        expect(codec.is(input)).toBe(decoded);
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: both answers were checked.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
};

describe('struct codecs: is and decode agree', () => {
  agreement('commands (unknown keys rejected)', changedArb(anyCommandArb, commandCodecs));
  agreement('events (unknown keys stripped)', changedArb(anyEventArb, eventCodecs));
});
