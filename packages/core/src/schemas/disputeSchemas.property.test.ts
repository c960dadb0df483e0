import Ajv2020 from 'ajv/dist/2020';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { runsFor } from '../testing/internal/fullRuns';
import { commandCodecs, commandTypes, type CommandType } from '../dispute/commands';
import { eventCodecs, eventTypes, type EventType } from '../dispute/events';
import { encodeCommand, encodeEvent } from '../dispute/parse';
import { commandOfTypeArb, eventOfTypeArb, historyArb } from '../testing/arbitraries';
import { deliveredOrderJson, evidenceJson, openKeptItemJson, openNotReceivedJson, openReturnJson, orderJson } from '../testing/fixtures';
import { commandJsonSchema, disputeCommandJsonSchema, eventJsonSchema } from './disputeSchemas';
import { knownDifferencesIn, schemaKnownDifferences } from './knownDifferences';

const RUNS = runsFor(60, 2_000);

const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: false });
const commandValidators = new Map(commandTypes.map((type) => [type, ajv.compile(commandJsonSchema(type))]));
const eventValidators = new Map(eventTypes.map((type) => [type, ajv.compile(eventJsonSchema(type))]));
const anyCommand = ajv.compile(disputeCommandJsonSchema());
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

type Kind = 'command' | 'event';
const verdicts = (kind: Kind, type: string, json: unknown) => {
  const codec = (kind === 'command' ? commandCodecs[type as CommandType] : eventCodecs[type as EventType]) as unknown as { decode(u: unknown): E.Either<unknown, unknown> };
  const validate = (kind === 'command' ? commandValidators : eventValidators).get(type as never)!;
  return { codec: E.isRight(codec.decode(json)), schema: validate(json) as boolean, errors: validate.errors };
};

/** Codec and schema agree on `json`, or the input touches a listed known difference. */
const expectAgreement = (kind: Kind, type: string, json: unknown): 'agree' | 'known' => {
  const v = verdicts(kind, type, json);
  if (v.codec === v.schema) return 'agree';
  const known = knownDifferencesIn(json);
  if (known.length === 0) {
    throw new Error(`${kind} ${type}: the codec says ${v.codec}, the schema ${v.schema} (${JSON.stringify(v.errors)}) for ${JSON.stringify(json).slice(0, 2_000)}`);
  }
  return 'known';
};

/** Hostile values: wrong types, edges of every rule, and the known differences themselves. */
const HOSTILE: ReadonlyArray<unknown> = [
  null, true, 0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, '', ' ', 'x ', ' x', '\u0000', 'a\u007f', 'a\u2028', '\ufeffa', '12', 'NaN', [], {}, [1], { amount: 1 },
  'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(2_001), '😀'.repeat(100), '😀'.repeat(101), '😀'.repeat(150),
  '2026-03-01T10:00:00Z', '2026-03-01T10:00:00.123456789+05:30', '2026-03-01T10:00:00+23:59', '2026-03-01T10:00:00+24:00', '2026-03-01T10:00:00', '2026-03-01 10:00:00Z',
  '2026-02-30T10:00:00Z', '2026-04-31T10:00:00Z', '2027-02-29T10:00:00Z', '2028-02-29T10:00:00Z', '1969-12-31T23:59:59Z', '9899-12-31T23:59:59Z', '9900-01-01T00:00:00Z',
  '9899-12-31T23:30:00-01:00', '9900-01-01T00:30:00+01:00', '9999-12-31T23:59:59Z', '2026-13-01T00:00:00Z', '2026-12-25', '2027-02-29', '2026-02-30',
  'USD', 'usd', 'XXX', 'EUR ', 'UNLIMITED', 'seed', 'paypal', 'unknown-preset', 'buyer', 'mediator', 'admin', 'BUYER_FAVOUR', 'AS_EXPECTED',
  'a'.repeat(64), 'A'.repeat(64), '0'.repeat(63), { days: 1 }, { days: 0 }, { businessDays: 3 }, { days: 1, businessDays: 1 }, { days: 36_501 },
  { group: 'NOT_RECEIVED', code: 'WRONG_ITEM' }, { group: 'CHANGED_MIND', code: 'CHANGED_MIND' }, { role: 'buyer', id: 'b' }, { amount: 5, currency: 'JPY' },
];

type Damage = { readonly kind: 'set'; readonly seed: number; readonly value: unknown } | { readonly kind: 'delete' | 'extra' | 'retype'; readonly seed: number };
const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), seed: fc.nat(), value: fc.constantFrom(...HOSTILE) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), seed: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'extra' as const, 'retype' as const), seed: fc.nat() }) },
);

const pathsOf = (value: unknown, prefix: ReadonlyArray<string> = []): Array<ReadonlyArray<string>> =>
  typeof value !== 'object' || value === null ? [prefix] : [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];

const damage = (message: unknown, d: Damage, types: ReadonlyArray<string>): unknown => {
  const copy = asJson(message) as Record<string, unknown>;
  if (d.kind === 'retype') return { ...copy, type: types[d.seed % types.length] };
  const paths = pathsOf(copy).filter((p) => p.length > 0);
  const path = paths[d.seed % paths.length]!;
  const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  const key = path[path.length - 1]!;
  if (d.kind === 'set') parent[key] = asJson(d.value);
  else if (d.kind === 'delete') delete parent[key];
  else parent.unexpected = 1;
  return asJson(copy); // the wire is JSON: a deleted array item becomes null, as it would on the wire

};

describe('the shipped JSON Schemas agree with the codecs', () => {
  it('every schema compiles under Ajv (JSON Schema 2020-12, strict)', () => {
    expect(commandValidators.size).toBe(commandTypes.length);
    expect(eventValidators.size).toBe(eventTypes.length);
    expect(commandJsonSchema('OpenDispute').$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts the fixtures, and refuses them once broken exactly where the codec does', () => {
    const fixtures: Array<Record<string, unknown>> = [
      openNotReceivedJson({ at: '2026-03-05T10:00:00Z' }),
      openKeptItemJson({ at: '2026-03-10T10:00:00Z', evidence: [evidenceJson('ev-1')] }),
      openReturnJson({ at: '2026-03-10T10:00:00Z', policy: 'paypal', order: deliveredOrderJson() }),
      { type: 'OpenDispute', disputeId: 'd', commandId: 'c', actor: { role: 'buyer', id: 'b' }, at: '2026-03-05T10:00:00+02:00', order: orderJson(), kind: 'REFUND_ONLY', itemReceived: false, reason: { group: 'NOT_RECEIVED', code: 'WRONG_ADDRESS' }, proposalId: 'p', requested: { amount: 1, currency: 'USD' }, description: 'x', evidence: [] },
    ];
    for (const json of fixtures) {
      expect(verdicts('command', 'OpenDispute', asJson(json))).toMatchObject({ codec: true, schema: true });
      expect(anyCommand(asJson(json))).toBe(true);
      for (let seed = 0; seed < 60; seed++) {
        for (const value of HOSTILE) expectAgreement('command', 'OpenDispute', damage(json, { kind: 'set', seed, value }, commandTypes));
      }
    }
  });

  it.each(commandTypes)('%s: what the codec accepts the schema accepts, and the reverse, on valid and damaged commands', (type) => {
    fc.assert(
      fc.property(commandOfTypeArb(type), fc.array(damageArb, { maxLength: 3 }), (command, damages) => {
        const json = asJson(encodeCommand(command));
        expect(verdicts('command', type, json)).toMatchObject({ codec: true, schema: true });
        for (const d of damages) expectAgreement('command', type, damage(json, d, commandTypes));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(eventTypes)('%s: what the codec accepts the schema accepts, and the reverse, on valid and damaged events', (type) => {
    fc.assert(
      fc.property(eventOfTypeArb(type), fc.array(damageArb, { maxLength: 3 }), (event, damages) => {
        const json = asJson(encodeEvent(event));
        expect(verdicts('event', type, json)).toMatchObject({ codec: true, schema: true });
        for (const d of damages) expectAgreement('event', type, damage(json, d, eventTypes));
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every command sent and every event recorded in generated disputes', () => {
    fc.assert(
      fc.property(historyArb({ maxCommands: 20 }), (h) => {
        for (const c of h.commands) expect(verdicts('command', c.type, asJson(encodeCommand(c)))).toMatchObject({ codec: true, schema: true });
        for (const e of h.events) expect(verdicts('event', e.type, asJson(encodeEvent(e)))).toMatchObject({ codec: true, schema: true });
      }),
      { numRuns: RUNS },
    );
  });

  it('each listed known difference is real: the codec refuses what the schema accepts, and nothing else differs', () => {
    const base = asJson(encodeCommand(fc.sample(commandOfTypeArb('PostMessage'), { seed: 7, numRuns: 1 })[0]!)) as Record<string, unknown>;
    const cases: Record<(typeof schemaKnownDifferences)[number]['id'], Record<string, unknown>> = {
      'text-length-in-code-units': { ...base, text: '😀'.repeat(6_000) },
      'february-29': { ...base, at: '2027-02-29T10:00:00Z' },
      'offset-across-year-limit': { ...base, at: '9899-12-31T23:30:00-01:00' },
    };
    for (const d of schemaKnownDifferences) {
      const json = cases[d.id];
      expect([d.id, verdicts('command', 'PostMessage', json)]).toMatchObject([d.id, { codec: false, schema: true }]);
      expect(knownDifferencesIn(json)).toEqual([d.id]);
    }
  });
});
