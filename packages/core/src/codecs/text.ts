import * as t from 'io-ts/lib/index.js';
import { hintJsonSchema } from './jsonSchemaHints';

/** Builds a codec for free text that is not blank and at most `maxLength` characters long. */
export const boundedText = (name: string, maxLength: number) =>
  hintJsonSchema(new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === 'string' && u.trim().length > 0 && u.length <= maxLength,
    (u, c) =>
      typeof u === 'string' && u.trim().length > 0 && u.length <= maxLength
        ? t.success(u)
        : t.failure(u, c, `non-blank text of at most ${maxLength} characters`),
    t.identity,
  ), () => ({ type: 'string', maxLength, pattern: '\\S' }));

/** A short note attached to a command (at most 2,000 characters). */
export const Note = boundedText('Note', 2_000);
/** Longer free text: descriptions, messages, rationales (at most 10,000 characters). */
export const LongText = boundedText('LongText', 10_000);

/** A safe integer ≥ `min`. */
export const safeIntegerAtLeast = (min: number, name = `SafeIntegerAtLeast${min}`) =>
  hintJsonSchema(new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min,
    (u, c) =>
      typeof u === 'number' && Number.isSafeInteger(u) && u >= min
        ? t.success(u)
        : t.failure(u, c, `a safe integer ≥ ${min}`),
    t.identity,
  ), () => ({ type: 'integer', minimum: min, maximum: Number.MAX_SAFE_INTEGER }));

/** A boolean, with a readable expectation. */
export const Flag = new t.Type<boolean, boolean, unknown>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c, 'true or false')),
  t.identity,
);
