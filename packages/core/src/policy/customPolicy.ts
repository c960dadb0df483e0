import * as E from 'fp-ts/lib/Either.js';
import { issuesFromErrors, validationError, validationIssue, type ValidationError } from '../codecs/validationError';
import { DisputePolicy } from './policy';
import { isPresetName, policies, presetNames, type PresetName } from './presets';

/** Fields whose overrides merge into the base one level deep; every other field is replaced whole. */
const MERGED_FIELDS = new Set(['deadlines', 'businessCalendar']);

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Builds a marketplace's own policy by overriding fields of a preset (or of another policy), and
 * validates the result: an unknown field, a negative duration or a wrong type is a `ValidationError`
 * naming each problem. `deadlines` and `businessCalendar` merge one level deep, so
 * `{ deadlines: { sellerResponse: { days: 3 } } }` changes only that deadline.
 *
 * @example customPolicy('seed', { name: 'acme', maxBuyerRevisions: 3 })
 */
export const customPolicy = (
  base: PresetName | DisputePolicy,
  overrides: unknown,
): E.Either<ValidationError, DisputePolicy> => {
  if (typeof base === 'string' && !isPresetName(base)) {
    return E.left(
      validationError('policy override', [validationIssue('base', `one of ${presetNames.join(', ')}`, base)]),
    );
  }
  if (!isPlainObject(overrides)) {
    return E.left(validationError('policy override', [validationIssue('', 'an object of policy fields', overrides)]));
  }
  const basePolicy: Record<string, unknown> = { ...(typeof base === 'string' ? policies[base] : base) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = basePolicy[key];
    basePolicy[key] =
      MERGED_FIELDS.has(key) && isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  const decoded = DisputePolicy.decode(basePolicy);
  return E.isLeft(decoded) ? E.left(validationError('policy override', issuesFromErrors(decoded.left))) : decoded;
};

/** Decodes a whole policy from JSON (for configuration files), with readable errors. */
export const parsePolicy = (input: unknown): E.Either<ValidationError, DisputePolicy> => {
  const decoded = DisputePolicy.decode(input);
  return E.isLeft(decoded) ? E.left(validationError('policy', issuesFromErrors(decoded.left))) : decoded;
};
