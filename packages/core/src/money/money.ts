import * as t from 'io-ts/lib/index.js';
import { struct } from '../codecs/struct';
import { CurrencyCode } from './currency';

/** A count of minor units (cents): a safe integer ≥ 0. Branded so a plain number is not money. */
export type MinorUnits = number & { readonly MinorUnits: unique symbol };

const isMinorUnits = (u: unknown): u is MinorUnits => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0;

/** Codec for `MinorUnits`. Floats, negatives, NaN and numeric strings are rejected. */
export const MinorUnits = new t.Type<MinorUnits, number, unknown>(
  'MinorUnits',
  isMinorUnits,
  (u, c) => (isMinorUnits(u) ? t.success(u) : t.failure(u, c, 'a safe integer ≥ 0')),
  t.identity,
);

/** An amount of money: integer minor units in one ISO-4217 currency. Never a float. */
export const Money = struct('Money', { amount: MinorUnits, currency: CurrencyCode });
/** An amount of money: integer minor units in one ISO-4217 currency. */
export type Money = t.TypeOf<typeof Money>;

/**
 * Builds `Money` from a safe non-negative integer and a currency code. A programmer error (a float,
 * a negative, an unknown code) throws, because it can only come from code, not from input.
 */
export const money = (amount: number, currency: string): Money => {
  if (!isMinorUnits(amount)) throw new RangeError(`money(): amount must be a safe integer ≥ 0, got ${amount}`);
  if (!CurrencyCode.is(currency)) throw new RangeError(`money(): unknown ISO-4217 currency "${currency}"`);
  return { amount, currency };
};

/** Zero in the given currency. */
export const zero = (currency: CurrencyCode): Money => ({ amount: 0 as MinorUnits, currency });

/** True when both amounts are in the same currency. */
export const sameCurrency = (a: Money, b: Money): boolean => a.currency === b.currency;

/** True when the two amounts are equal (same currency, same minor units). */
export const moneyEquals = (a: Money, b: Money): boolean => a.currency === b.currency && a.amount === b.amount;

/**
 * `a + b` in one currency. Returns `undefined` when the currencies differ or the sum is no longer a
 * safe integer, so callers must handle both cases.
 */
export const addMoney = (a: Money, b: Money): Money | undefined => {
  if (a.currency !== b.currency) return undefined;
  const sum = a.amount + b.amount;
  return Number.isSafeInteger(sum) ? { amount: sum as MinorUnits, currency: a.currency } : undefined;
};

/**
 * `a + b` in `b`'s currency, held at `Number.MAX_SAFE_INTEGER` rather than leaving the safe
 * integers. For running totals folded from stored events: a tampered history may add up beyond any
 * real payment, and a fold must still not throw (the audit then reports the total as over its cap).
 */
export const addMoneySaturating = (a: Money | undefined, b: Money): Money => ({
  amount: Math.min((a?.amount ?? 0) + b.amount, Number.MAX_SAFE_INTEGER) as MinorUnits,
  currency: b.currency,
});

/** `a − b` in one currency; `undefined` when the currencies differ or the result would be negative. */
export const subtractMoney = (a: Money, b: Money): Money | undefined => {
  if (a.currency !== b.currency || b.amount > a.amount) return undefined;
  return { amount: (a.amount - b.amount) as MinorUnits, currency: a.currency };
};

/** Renders money for people: `12.50 USD` style, using the currency's usual minor-unit digits. */
export const formatMoney = (value: Money): string => {
  const digits = minorUnitDigits(value.currency);
  if (digits === 0) return `${value.amount} ${value.currency}`;
  const text = String(value.amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)} ${value.currency}`;
};

const ZERO_DIGITS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DIGITS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Number of minor-unit digits ISO-4217 gives a currency (2 for most, 0 for JPY, 3 for KWD...). */
export const minorUnitDigits = (currency: string): number =>
  ZERO_DIGITS.has(currency) ? 0 : THREE_DIGITS.has(currency) ? 3 : 2;
