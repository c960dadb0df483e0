import { toJsonText } from '../internal/storedEvent';

/** Nesting deeper than this is copied through JSON text, which also reports cycles the way JSON does. */
const MAX_DEPTH = 200;

/** Thrown inside the fast copy when a value needs JSON's own rules (toJSON, a class instance, a bigint…). */
const NEEDS_JSON: unique symbol = Symbol('needs JSON');

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const isSkipped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

const copyValue = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0 and NaN and ±Infinity as null; every other number reads back exactly.
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      return value === null ? null : copyContainer(value, depth);
    default:
      throw NEEDS_JSON;
  }
};

const copyContainer = (value: object, depth: number): unknown => {
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NEEDS_JSON;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (prototype !== Array.prototype) throw NEEDS_JSON;
    const source = value as ReadonlyArray<unknown>;
    const copy: unknown[] = [];
    for (let index = 0; index < source.length; index += 1) {
      const item = source[index];
      copy.push(isSkipped(item) ? null : copyValue(item, depth + 1));
    }
    return Object.freeze(copy);
  }
  if (prototype !== Object.prototype && prototype !== null) throw NEEDS_JSON;
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (isSkipped(item)) continue;
    // Assigning `__proto__` would set the prototype, where JSON.parse makes an own property.
    if (key === '__proto__') throw NEEDS_JSON;
    copy[key] = copyValue(item, depth + 1);
  }
  return Object.freeze(copy);
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * A deep-frozen copy of a value exactly as a JSON round trip (`JSON.parse(JSON.stringify(value))`)
 * would make it, never sharing an object with the caller. Plain objects, arrays and primitives are
 * copied and frozen in one pass; anything that needs JSON's own rules (toJSON, class instances,
 * bigint, cycles, very deep nesting) goes through JSON text, and a value JSON cannot hold throws
 * there, naming `what`.
 */
export const frozenJsonCopy = <T>(value: T, what: string): T => {
  if (!isSkipped(value)) {
    try {
      return copyValue(value, 0) as T;
    } catch (error) {
      if (error !== NEEDS_JSON) throw error;
    }
  }
  return deepFreeze(JSON.parse(toJsonText(value, what)) as T);
};
