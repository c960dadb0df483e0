import * as E from 'fp-ts/lib/Either.js';
import { CurrencyCode, isCurrencyCode } from './currency';
import {
  addMoney,
  formatMoney,
  minorUnitDigits,
  MinorUnits,
  Money,
  money,
  moneyEquals,
  sameCurrency,
  subtractMoney,
  zero,
} from './money';

/** Money: integer minor units in one ISO-4217 currency (process rules §1 and §5). */
const usd = (amount: number) => money(amount, 'USD');

describe('Money codec', () => {
  it('decodes integer minor units with a currency code', () => {
    expect(Money.decode({ amount: 1250, currency: 'USD' })).toEqual(E.right({ amount: 1250, currency: 'USD' }));
    expect(Money.decode({ amount: 0, currency: 'JPY' })).toEqual(E.right({ amount: 0, currency: 'JPY' }));
  });

  it.each([
    ['a float', { amount: 12.5, currency: 'USD' }],
    ['a negative', { amount: -1, currency: 'USD' }],
    ['a numeric string', { amount: '12', currency: 'USD' }],
    ['NaN', { amount: Number.NaN, currency: 'USD' }],
    ['an unsafe integer', { amount: 2 ** 53, currency: 'USD' }],
    ['a lower-case code', { amount: 1, currency: 'usd' }],
    ['an unknown code', { amount: 1, currency: 'XYZ' }],
    ['a fund code', { amount: 1, currency: 'XAU' }],
    ['an extra field', { amount: 1, currency: 'USD', decimals: 2 }],
  ])('rejects %s', (_what, value) => {
    expect(E.isLeft(Money.decode(value))).toBe(true);
  });

  it('MinorUnits and CurrencyCode explain what they expect', () => {
    const amount = MinorUnits.decode(1.5);
    expect(E.isLeft(amount) && amount.left[0]?.message).toBe('a safe integer ≥ 0');
    const code = CurrencyCode.decode('EURO');
    expect(E.isLeft(code) && code.left[0]?.message).toBe('an ISO-4217 currency code such as "USD"');
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode(978)).toBe(false);
  });
});

describe('money()', () => {
  it('builds money from a safe integer and a code', () => {
    expect(money(100, 'EUR')).toEqual({ amount: 100, currency: 'EUR' });
  });

  it('throws on programmer errors: floats, negatives, unknown codes', () => {
    expect(() => money(1.5, 'USD')).toThrow('money(): amount must be a safe integer ≥ 0, got 1.5');
    expect(() => money(-1, 'USD')).toThrow(RangeError);
    expect(() => money(1, 'ABC')).toThrow('money(): unknown ISO-4217 currency "ABC"');
  });
});

describe('money helpers', () => {
  it('zero, sameCurrency and moneyEquals', () => {
    expect(zero(usd(1).currency)).toEqual({ amount: 0, currency: 'USD' });
    expect(sameCurrency(usd(1), usd(2))).toBe(true);
    expect(sameCurrency(usd(1), money(1, 'EUR'))).toBe(false);
    expect(moneyEquals(usd(1), usd(1))).toBe(true);
    expect(moneyEquals(usd(1), usd(2))).toBe(false);
    expect(moneyEquals(usd(1), money(1, 'EUR'))).toBe(false);
  });

  it('addMoney adds in one currency, and refuses mixed currencies or an unsafe sum', () => {
    expect(addMoney(usd(150), usd(250))).toEqual(usd(400));
    expect(addMoney(usd(1), money(1, 'EUR'))).toBeUndefined();
    expect(addMoney(usd(Number.MAX_SAFE_INTEGER), usd(1))).toBeUndefined();
  });

  it('subtractMoney subtracts in one currency, and refuses mixed currencies or a negative result', () => {
    expect(subtractMoney(usd(400), usd(150))).toEqual(usd(250));
    expect(subtractMoney(usd(400), usd(400))).toEqual(usd(0));
    expect(subtractMoney(usd(1), usd(2))).toBeUndefined();
    expect(subtractMoney(usd(5), money(1, 'EUR'))).toBeUndefined();
  });

  it('formatMoney uses the currency’s minor-unit digits', () => {
    expect(formatMoney(usd(1250))).toBe('12.50 USD');
    expect(formatMoney(usd(5))).toBe('0.05 USD');
    expect(formatMoney(usd(0))).toBe('0.00 USD');
    expect(formatMoney(money(1250, 'JPY'))).toBe('1250 JPY');
    expect(formatMoney(money(1250, 'KWD'))).toBe('1.250 KWD');
    expect(formatMoney(money(7, 'BHD'))).toBe('0.007 BHD');
  });

  it('minorUnitDigits: 2 for most, 0 for JPY-like, 3 for KWD-like', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KRW')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });
});
