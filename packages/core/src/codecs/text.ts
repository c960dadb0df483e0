import * as t from 'io-ts/lib/index.js';
import { hintJsonSchema } from './jsonSchemaHints';
import { isWellFormedText } from './wellFormed';

/**
 * Builds a codec for free text that is not blank, at most `maxLength` characters (UTF-16 code units)
 * long, and well-formed (no lone surrogate). Control characters are kept: displays escape them.
 */
export const boundedText = (name: string, maxLength: number) => {
  const isText = (u: unknown): u is string => typeof u === 'string' && u.length <= maxLength && u.trim().length > 0 && isWellFormedText(u);
  return hintJsonSchema(new t.Type<string, string, unknown>(
    name,
    isText,
    (u, c) =>
      isText(u)
        ? t.success(u)
        : t.failure(u, c, typeof u === 'string' && !isWellFormedText(u) ? 'well-formed text (it holds a lone surrogate)' : `non-blank text of at most ${maxLength} characters`),
    t.identity,
  ), () => ({ type: 'string', maxLength, pattern: '\\S' }));
};

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
