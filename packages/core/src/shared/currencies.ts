/**
 * ISO 4217 minor units (digits after the decimal mark) for the currencies that show up on
 * telecom, SaaS and cloud invoices. The table only needs entries that differ from the default
 * or that we want to pin explicitly; any other well-formed code is assumed to use cents,
 * which is what ISO 4217 says for the overwhelming majority of active currencies.
 */
export const DEFAULT_MINOR_UNITS = 2;

export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  // Zero-decimal currencies: invoicing 0.50 of these is a data error, not a rounding choice.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Three-decimal currencies (fils / millimes / dirhams).
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // Accounting units with four decimals.
  CLF: 4,
  UYW: 4,
  // Two-decimal currencies listed explicitly so the table documents what we have checked.
  AED: 2,
  ARS: 2,
  AUD: 2,
  BGN: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  KES: 2,
  MAD: 2,
  MXN: 2,
  MYR: 2,
  NGN: 2,
  NOK: 2,
  NZD: 2,
  PEN: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  QAR: 2,
  RON: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  ZAR: 2,
});

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** True for an upper-case three-letter code; says nothing about whether ISO has assigned it. */
export function isCurrencyCode(code: string): boolean {
  return CURRENCY_CODE.test(code);
}

/**
 * Minor units for `code`, or null when `code` is not a well-formed currency code. Callers decide
 * how to fail; money.ts turns null into a MoneyError.
 */
export function minorUnitsOf(code: string): number | null {
  if (!isCurrencyCode(code)) return null;
  return CURRENCY_MINOR_UNITS[code] ?? DEFAULT_MINOR_UNITS;
}
