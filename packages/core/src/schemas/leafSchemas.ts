import { CommandId, DisputeId, EvidenceId, Identifier, OrderId, ProposalId, UserId } from '../codecs/ids';
import { CommandInstant, Instant, LATEST_COMMAND_YEAR } from '../codecs/instant';
import type { JsonSchema } from '../codecs/jsonSchemaHints';
import { Flag } from '../codecs/text';
import { PolicyChoice } from '../dispute/commands';
import { reasonCodes, Reason, Sha256Hex } from '../dispute/vocabulary';
import { isCurrencyCode, CurrencyCode } from '../money/currency';
import { MinorUnits } from '../money/money';
import { IsoDate, Weekday } from '../policy/businessCalendar';
import { BusinessDays, CalendarDays, Duration, MAX_BUSINESS_DAYS, MAX_CALENDAR_DAYS, PositiveDuration } from '../policy/duration';
import { DisputePolicy, Limit } from '../policy/policy';
import { presetNames } from '../policy/presets';

const SAFE = Number.MAX_SAFE_INTEGER;

/** Month and day with each month's length (29 for February: the leap-year rule is not expressible). */
const MONTH_DAY = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))';
const TIME = 'T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])';
/** Years 1970–9999. */
const YEAR = '(?:19[7-9][0-9]|[2-9][0-9]{3})';
/** Years 1970 to the latest command year (9899). */
const COMMAND_YEAR = LATEST_COMMAND_YEAR === 9899 ? '(?:19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2})' : undefined;

const idSchema = (description: string): JsonSchema => ({
  type: 'string',
  description,
  minLength: 1,
  maxLength: 200,
  pattern: '^(?!\\s)(?![\\s\\S]*\\s$)[^\\u0000-\\u001f\\u007f]+$',
});

const currencyCodes = (): string[] => {
  const codes: string[] = [];
  const A = 65;
  for (let i = 0; i < 26; i++) for (let j = 0; j < 26; j++) for (let k = 0; k < 26; k++) {
    const code = String.fromCharCode(A + i, A + j, A + k);
    if (isCurrencyCode(code)) codes.push(code);
  }
  return codes;
};

const countUpTo = (max: number, min = 0): JsonSchema => ({ type: 'integer', minimum: min, maximum: max });

/**
 * The schemas of the codecs that are written by hand (`new t.Type(...)`), keyed by the codec itself.
 * Each is derived from what the codec exports where it can be (currency codes, reason codes, preset
 * names, limits); the Ajv test holds every one to its codec in both directions.
 */
export const leafSchemas = (schemaOf: (codec: unknown) => JsonSchema): ReadonlyMap<unknown, () => JsonSchema> => {
  if (COMMAND_YEAR === undefined) throw new Error(`leafSchemas: update the CommandInstant year pattern for ${LATEST_COMMAND_YEAR}`);
  const durationOf = (min: number): JsonSchema => ({
    oneOf: [
      { type: 'object', properties: { days: countUpTo(MAX_CALENDAR_DAYS, min) }, required: ['days'], additionalProperties: false },
      { type: 'object', properties: { businessDays: countUpTo(MAX_BUSINESS_DAYS, min) }, required: ['businessDays'], additionalProperties: false },
    ],
  });
  return new Map<unknown, () => JsonSchema>([
    [DisputeId, () => idSchema('DisputeId')],
    [OrderId, () => idSchema('OrderId')],
    [UserId, () => idSchema('UserId')],
    [CommandId, () => idSchema('CommandId')],
    [ProposalId, () => idSchema('ProposalId')],
    [EvidenceId, () => idSchema('EvidenceId')],
    [Identifier, () => idSchema('Identifier')],
    [Instant, () => ({ type: 'string', description: 'ISO-8601 instant with Z or an offset', pattern: `^${YEAR}-${MONTH_DAY}${TIME}$` })],
    [CommandInstant, () => ({ type: 'string', description: `ISO-8601 instant, no later than the year ${LATEST_COMMAND_YEAR}`, pattern: `^${COMMAND_YEAR}-${MONTH_DAY}${TIME}$` })],
    [MinorUnits, () => countUpTo(SAFE)],
    [CurrencyCode, () => ({ type: 'string', description: 'ISO-4217 code', enum: currencyCodes() })],
    [Flag, () => ({ type: 'boolean' })],
    [Sha256Hex, () => ({ type: 'string', pattern: '^[0-9a-f]{64}$' })],
    [
      Reason,
      () => ({
        oneOf: Object.entries(reasonCodes).map(([group, codes]) => ({
          type: 'object',
          properties: { group: { const: group }, code: { enum: [...codes] } },
          required: ['group', 'code'],
          additionalProperties: false,
        })),
      }),
    ],
    [PolicyChoice, () => ({ anyOf: [{ enum: [...presetNames] }, schemaOf(DisputePolicy)] })],
    [Limit, () => ({ anyOf: [countUpTo(SAFE), { const: 'UNLIMITED' }] })],
    [CalendarDays.required.days, () => countUpTo(MAX_CALENDAR_DAYS)],
    [BusinessDays.required.businessDays, () => countUpTo(MAX_BUSINESS_DAYS)],
    [Duration, () => durationOf(0)],
    [PositiveDuration, () => durationOf(1)],
    [Weekday, () => countUpTo(6)],
    [IsoDate, () => ({ type: 'string', pattern: `^[0-9]{4}-${MONTH_DAY}$` })],
  ]);
};
