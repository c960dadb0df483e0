/** Small strict readers for the checkpoint and proof files: exact keys, exact types, lower-case hex. */

/** A value that failed a strict read, with the path to it. */
export class StrictJsonError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'StrictJsonError';
  }
}

/** The members of an object that must have exactly `keys`. */
export const exactObject = (value: unknown, path: string, keys: ReadonlyArray<string>): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StrictJsonError(path, 'expected an object');
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !keys.includes(key));
  if (extra.length > 0) throw new StrictJsonError(path, `unexpected member ${JSON.stringify(extra[0])}`);
  const missing = keys.filter((key) => !(key in record));
  if (missing.length > 0) throw new StrictJsonError(path, `missing member ${JSON.stringify(missing[0])}`);
  return record;
};

/** A string. */
export const stringAt = (value: unknown, path: string): string => {
  if (typeof value !== 'string') throw new StrictJsonError(path, 'expected a string');
  return value;
};

/** A safe integer ≥ `min`. */
export const integerAt = (value: unknown, path: string, min = 0): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new StrictJsonError(path, `expected an integer ≥ ${min}`);
  return value;
};

/** Exactly `digits` lower-case hex digits. */
export const hexAt = (value: unknown, path: string, digits: number): string => {
  if (typeof value !== 'string' || value.length !== digits || !/^[0-9a-f]*$/.test(value)) throw new StrictJsonError(path, `expected ${digits} lower-case hex digits`);
  return value;
};
