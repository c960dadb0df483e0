import * as t from 'io-ts/lib/index.js';

/** Active ISO-4217 alphabetic codes (funds and precious metals excluded). */
const ISO_4217_CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
    'GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT ' +
    'LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
    'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP ' +
    'STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD ' +
    'XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

/** An ISO-4217 alphabetic currency code such as `USD`. Branded. */
export type CurrencyCode = string & { readonly CurrencyCode: unique symbol };

/** True when `code` is an active ISO-4217 alphabetic code. */
export const isCurrencyCode = (code: unknown): code is CurrencyCode => typeof code === 'string' && ISO_4217_CODES.has(code);

/** Codec for `CurrencyCode`: three upper-case letters that ISO-4217 assigns to a currency in use. */
export const CurrencyCode = new t.Type<CurrencyCode, string, unknown>(
  'CurrencyCode',
  isCurrencyCode,
  (u, c) => (isCurrencyCode(u) ? t.success(u) : t.failure(u, c, 'an ISO-4217 currency code such as "USD"')),
  t.identity,
);
