import * as fc from 'fast-check';
import type { UserId } from '../../codecs/ids';
import type { Instant } from '../../codecs/instant';
import { isWellFormedText } from '../../codecs/wellFormed';
import { reasonCodes, type Actor, type Evidence, type Reason, type ReasonGroup, type Role } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import type { Money } from '../../money/money';
import type { Duration } from '../../policy/duration';
import { at, EARLIEST, LATEST, money } from './shared';

/** Canonical ISO instants (`2026-03-02T10:00:00.000Z`) between two epoch-millisecond bounds. */
export const instantArb = (min = EARLIEST, max = LATEST): fc.Arbitrary<Instant> => fc.integer({ min, max }).map(at);

/** A handful of ISO-4217 codes with 2, 0 and 3 minor-unit digits. */
export const currencyArb: fc.Arbitrary<CurrencyCode> = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD', 'BRL') as fc.Arbitrary<CurrencyCode>;

/** Money in one currency: usually a few thousand minor units, sometimes up to `Number.MAX_SAFE_INTEGER`. */
export const moneyArb = (currency?: CurrencyCode): fc.Arbitrary<Money> =>
  fc
    .record({
      amount: fc.oneof({ weight: 4, arbitrary: fc.nat(10_000_000) }, { weight: 1, arbitrary: fc.maxSafeNat() }),
      currency: currency === undefined ? currencyArb : fc.constant(currency),
    })
    .map(({ amount, currency: code }) => money(amount, code));

const ID_TEXT = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+$/;
const isIdText = (s: string): boolean => s.length > 0 && s.length <= 200 && s.trim() === s && ID_TEXT.test(s) && isWellFormedText(s);

/** Identifiers the id codecs accept: plain slugs, and any printable text without surrounding spaces. */
export const identifierArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter(isIdText) },
);

/** Non-blank free text of at most `maxGraphemes` characters (any Unicode). */
export const textArb = (maxGraphemes = 40): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: maxGraphemes }).filter((s) => s.trim().length > 0 && s.length <= 2_000);

const sha256Arb: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));

/** Evidence metadata the `Evidence` codec accepts (the id is generated unless given). */
export const evidenceArb = (evidenceId?: string): fc.Arbitrary<Evidence> =>
  fc
    .record(
      {
        evidenceId: evidenceId === undefined ? identifierArb : fc.constant(evidenceId),
        kind: fc.constantFrom('PHOTO', 'VIDEO', 'CHAT_LOG', 'TRACKING', 'DOCUMENT', 'OTHER' as const),
        uri: identifierArb.map((id) => `https://files.example.com/${encodeURIComponent(id)}`),
        sha256: sha256Arb,
        mime: fc.constantFrom('image/jpeg', 'video/mp4', 'application/pdf', 'text/plain'),
        sizeBytes: fc.oneof(fc.nat(50_000_000), fc.maxSafeNat()),
        note: textArb(),
      },
      { requiredKeys: ['evidenceId', 'kind', 'uri', 'sha256', 'mime', 'sizeBytes'] },
    )
    .map((e) => e as Evidence);

/** A reason whose code belongs to its group. */
export const reasonArb: fc.Arbitrary<Reason> = fc
  .constantFrom(...(Object.keys(reasonCodes) as ReasonGroup[]))
  .chain((group) => fc.constantFrom(...reasonCodes[group]).map((code) => ({ group, code }) as Reason));

/** Any actor: any role, any id (not necessarily a party of any dispute). */
export const anyActorArb: fc.Arbitrary<Actor> = fc
  .record({ role: fc.constantFrom<Role>('buyer', 'seller', 'mediator', 'system'), id: identifierArb })
  .map((a) => ({ role: a.role, id: a.id as UserId }));

/** A duration of at least one calendar or business day. */
export const positiveDurationArb: fc.Arbitrary<Duration> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map((days) => ({ days })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((businessDays) => ({ businessDays })) },
);

/** A duration that may be zero. */
export const durationArb: fc.Arbitrary<Duration> = fc.oneof(fc.constant({ days: 0 }), positiveDurationArb);
