/**
 * Exact money arithmetic.
 *
 * Amounts are signed bigint nano-units (10^-9 of a currency unit). Nine decimals cover every
 * unit price we have seen on cloud and telecom bills (per-request and per-token prices go down
 * to 10^-8), while an int64 column still holds +/-9.2 billion units. Nothing in this module goes
 * through a JavaScript number: a float cannot represent 0.1, and one lost nano per line becomes a
 * visible discrepancy after summing a few million invoice lines.
 */
import Decimal from 'decimal.js';
import { minorUnitsOf } from './currencies.ts';

export const NANOS_PER_UNIT = 1_000_000_000n;

/** An amount of one currency. `currency` is an upper-case ISO 4217 code. */
export interface Money {
  nanos: bigint;
  currency: string;
}

/** Any misuse of money values: currency mismatch, malformed code, impossible split, bad option. */
export class MoneyError extends Error {
  override name = 'MoneyError';
}

/** Text that is not an acceptable decimal number. `input` is the offending text, shortened. */
export class MoneyParseError extends MoneyError {
  override name = 'MoneyParseError';
  readonly input: string;

  constructor(text: unknown, reason: string) {
    const input = preview(text);
    super(`Cannot parse "${input}" as a decimal amount: ${reason}`);
    this.input = input;
  }
}

export interface ParseOptions {
  /** Accept this grouping separator between groups of three integer digits. Off unless given. */
  thousands?: ',' | '.' | ' ' | "'";
  /** Defaults to '.'. */
  decimalMark?: '.' | ',';
}

/**
 * `nanos` is the value rounded half-even to 9 decimals. `residue` is null when that rounding was
 * exact; otherwise it is `original - nanos` as an exact decimal string (sign included, no exponent,
 * no trailing zeros), so `original == nanos / 10^9 + residue` always holds and |residue| <= 0.5 nano.
 */
export interface ParsedDecimal {
  nanos: bigint;
  residue: string | null;
}

export interface FormatOptions {
  /** Pad with zeros to at least this many decimals (0-9). Default 2, or maxDecimals if smaller. */
  minDecimals?: number;
  /** Round half-even to at most this many decimals (0-9). Default 9, i.e. exact. */
  maxDecimals?: number;
}

export type Ratio = bigint | number | string;

export interface AllocateOptions {
  /** 'nano' (default) splits down to the nano; 'minor' splits in whole cents (or the currency's minor unit). */
  unit?: 'nano' | 'minor';
}

const NANO_DECIMALS = 9;
// Long enough for any real amount with grouping and an exponent; short enough that a hostile
// input cannot make us build a huge bigint.
const MAX_TEXT_LENGTH = 100;
// Bounds the bigint 10^k we build from an exponent. Billing exports use single-digit exponents.
const MAX_EXPONENT = 1000;
const PREVIEW_LENGTH = 40;

function preview(text: unknown): string {
  const s = String(text);
  return s.length > PREVIEW_LENGTH ? `${s.slice(0, PREVIEW_LENGTH)}…` : s;
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** n / d rounded half-even; d must be positive. Ties go to the even quotient so that rounding many lines has no drift. */
function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** |value| = coefficient * 10^-scale. `scale` may be negative when an exponent scales up. */
interface DecimalParts {
  negative: boolean;
  coefficient: bigint;
  scale: number;
}

const patternCache = new Map<string, RegExp>();

function decimalPattern(thousands: string | undefined, decimalMark: string): RegExp {
  const key = `${thousands ?? ''}${decimalMark}`;
  const cached = patternCache.get(key);
  if (cached) return cached;
  const mark = escapeRegExp(decimalMark);
  // Grouped integers must be well-formed (1-3 leading digits, then groups of exactly 3), so a
  // misread locale such as "1,23" fails loudly instead of becoming 123.
  const integer =
    thousands === undefined ? '[0-9]+' : `[0-9]{1,3}(?:${escapeRegExp(thousands)}[0-9]{3})+|[0-9]+`;
  const pattern = new RegExp(
    `^([+-]?)(?:(${integer})(?:${mark}([0-9]*))?|${mark}([0-9]+))(?:[eE]([+-]?[0-9]+))?$`,
  );
  patternCache.set(key, pattern);
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lexDecimal(text: string, opts: ParseOptions = {}): DecimalParts {
  if (typeof text !== 'string') throw new MoneyParseError(text, 'not a string');
  if (text.length > MAX_TEXT_LENGTH)
    throw new MoneyParseError(text, `longer than ${MAX_TEXT_LENGTH} characters`);
  const decimalMark = opts.decimalMark ?? '.';
  const { thousands } = opts;
  if (thousands === decimalMark) {
    throw new MoneyError(`The thousands separator and the decimal mark must differ (both "${decimalMark}")`);
  }
  const match = decimalPattern(thousands, decimalMark).exec(text.trim());
  if (!match) throw new MoneyParseError(text, 'not a plain decimal number');
  const [, sign, integer = '', fractionAfterInteger, fractionOnly, exponentText] = match;
  const fraction = fractionAfterInteger ?? fractionOnly ?? '';
  const exponent = exponentText === undefined ? 0 : Number.parseInt(exponentText, 10);
  if (Math.abs(exponent) > MAX_EXPONENT) throw new MoneyParseError(text, 'exponent out of range');
  const intDigits = thousands === undefined ? integer : integer.replaceAll(thousands, '');
  return {
    negative: sign === '-',
    coefficient: BigInt(intDigits + fraction),
    scale: fraction.length - exponent,
  };
}

/** Renders units * 10^-scale exactly, trimming trailing zeros but keeping at least minDecimals. */
function formatScaled(units: bigint, scale: number, minDecimals: number, grouping: boolean): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  let end = digits.length;
  while (end > cut + minDecimals && digits[end - 1] === '0') end--;
  const integer = digits.slice(0, cut);
  const fraction = digits.slice(cut, end);
  const grouped = grouping ? integer.replace(/\B(?=(?:\d{3})+$)/g, ',') : integer;
  return `${negative ? '-' : ''}${grouped}${fraction === '' ? '' : `.${fraction}`}`;
}

function assertDecimals(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > NANO_DECIMALS) {
    throw new MoneyError(`${name} must be an integer from 0 to ${NANO_DECIMALS}, got ${String(value)}`);
  }
}

/**
 * Parses a decimal string exactly into nanos. Accepts an optional sign, "5", "5.", ".5", an
 * exponent ("4e-10", "1.5E+3": cloud exports emit these) and, only when `opts.thousands` is set,
 * grouping separators. Surrounding whitespace is ignored. More than 9 decimals are rounded
 * half-even and the dropped part is reported in `residue` (see ParsedDecimal).
 */
export function parseDecimal(text: string, opts?: ParseOptions): ParsedDecimal {
  const { negative, coefficient, scale } = lexDecimal(text, opts);
  const signed = negative ? -coefficient : coefficient;
  if (scale <= NANO_DECIMALS) return { nanos: signed * pow10(NANO_DECIMALS - scale), residue: null };
  const step = pow10(scale - NANO_DECIMALS);
  const nanos = divRoundHalfEven(signed, step);
  const dropped = signed - nanos * step;
  return { nanos, residue: dropped === 0n ? null : formatScaled(dropped, scale, 0, false) };
}

/** Minor units of a currency; throws MoneyError for anything that is not a three-letter upper-case code. */
export function currencyMinorUnits(currency: string): number {
  const minor = minorUnitsOf(currency);
  if (minor === null) throw new MoneyError(`Invalid currency code "${preview(currency)}"`);
  return minor;
}

/** Money from a decimal string; extra decimals round half-even exactly like parseDecimal. */
export function money(text: string, currency: string): Money {
  currencyMinorUnits(currency);
  return { nanos: parseDecimal(text).nanos, currency };
}

/** Rounds half-even to `decimals` (0-9) decimal places; the result is still in nanos. */
export function roundNanos(nanos: bigint, decimals: number): bigint {
  assertDecimals(decimals, 'decimals');
  const step = pow10(NANO_DECIMALS - decimals);
  return divRoundHalfEven(nanos, step) * step;
}

/** Rounds half-even to the currency's minor unit (cents for USD, yen for JPY, fils for KWD). */
export function roundToMinor(m: Money): Money {
  return { nanos: roundNanos(m.nanos, currencyMinorUnits(m.currency)), currency: m.currency };
}

/** Plain decimal string of a nano amount: never an exponent, never a grouping separator. */
export function formatNanos(nanos: bigint, opts: FormatOptions = {}): string {
  const maxDecimals = opts.maxDecimals ?? NANO_DECIMALS;
  assertDecimals(maxDecimals, 'maxDecimals');
  const minDecimals = opts.minDecimals ?? Math.min(2, maxDecimals);
  assertDecimals(minDecimals, 'minDecimals');
  if (minDecimals > maxDecimals) {
    throw new MoneyError(`minDecimals (${minDecimals}) must not exceed maxDecimals (${maxDecimals})`);
  }
  return formatScaled(roundNanos(nanos, maxDecimals), NANO_DECIMALS, minDecimals, false);
}

/**
 * Human-readable amount: rounded half-even to the currency's minor unit (or `opts.decimals`),
 * comma-grouped, code last: "1,234.50 USD", "-1,234.50 USD", "1,235 JPY".
 */
export function formatMoney(m: Money, opts: { decimals?: number } = {}): string {
  const minor = currencyMinorUnits(m.currency);
  const decimals = opts.decimals ?? minor;
  return `${formatScaled(roundNanos(m.nanos, decimals), NANO_DECIMALS, decimals, true)} ${m.currency}`;
}

/** Exact decimal string with at least 2 decimals, for JSON and CSV output. */
export function moneyString(m: Money): string {
  return formatNanos(m.nanos);
}

function assertSameCurrency(a: Money, b: Money, op: string): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(`Cannot ${op} ${preview(a.currency)} and ${preview(b.currency)}`);
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'add');
  return { nanos: a.nanos + b.nanos, currency: a.currency };
}

export function sub(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtract');
  return { nanos: a.nanos - b.nanos, currency: a.currency };
}

export function negate(m: Money): Money {
  return { nanos: -m.nanos, currency: m.currency };
}

export function abs(m: Money): Money {
  return m.nanos < 0n ? negate(m) : { nanos: m.nanos, currency: m.currency };
}

export function isZero(m: Money): boolean {
  return m.nanos === 0n;
}

/** -1, 0 or 1; only amounts of the same currency are comparable. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compare');
  if (a.nanos < b.nanos) return -1;
  return a.nanos > b.nanos ? 1 : 0;
}

/** Total of `items`; `currency` is required so an empty list still has a typed zero. */
export function sum(items: readonly Money[], currency: string): Money {
  currencyMinorUnits(currency);
  let total: Money = { nanos: 0n, currency };
  for (const item of items) total = add(total, item);
  return total;
}

/** A ratio as an exact non-negative decimal: coefficient * 10^-scale. */
function ratioParts(ratio: Ratio, index: number): { coefficient: bigint; scale: number } {
  if (typeof ratio === 'bigint') {
    if (ratio < 0n) throw new MoneyError(`Ratio #${index} is negative`);
    return { coefficient: ratio, scale: 0 };
  }
  if (typeof ratio === 'number') {
    // Fractional numbers are refused because 0.1 as a double is not 0.1; pass "0.1" instead.
    if (!Number.isSafeInteger(ratio) || ratio < 0) {
      throw new MoneyError(`Ratio #${index} must be a non-negative safe integer, got ${ratio}`);
    }
    return { coefficient: BigInt(ratio), scale: 0 };
  }
  if (typeof ratio !== 'string') throw new MoneyError(`Ratio #${index} must be a bigint, number or string`);
  const parts = lexDecimal(ratio);
  if (parts.negative && parts.coefficient !== 0n) throw new MoneyError(`Ratio #${index} is negative`);
  return parts;
}

/**
 * Splits `m` in proportion to `ratios` so that the parts add up to exactly `m`. Each part is its
 * exact share rounded down to the allocation unit, and the few units left over go to the parts
 * with the largest dropped fraction (earlier index first on ties). Every part is therefore within
 * one unit (1 nano, or 1 minor unit with `{ unit: 'minor' }`) of its exact share, zero ratios get
 * exactly zero, and a negative total splits as the mirror image of the positive one.
 */
export function allocate(m: Money, ratios: readonly Ratio[], opts: AllocateOptions = {}): Money[] {
  const unit = opts.unit ?? 'nano';
  if (unit !== 'nano' && unit !== 'minor') throw new MoneyError(`Unknown allocation unit "${preview(unit)}"`);
  if (ratios.length === 0) throw new MoneyError('allocate needs at least one ratio');
  const parsed = ratios.map(ratioParts);
  const scale = parsed.reduce((max, p) => Math.max(max, p.scale), parsed[0]!.scale);
  // Bring every ratio to one scale so the split is pure integer arithmetic.
  const weights = parsed.map((p) => p.coefficient * pow10(scale - p.scale));
  const totalWeight = weights.reduce((s, w) => s + w, 0n);
  if (totalWeight === 0n) throw new MoneyError('allocate needs at least one positive ratio');

  let step = 1n;
  if (unit === 'minor') {
    step = pow10(NANO_DECIMALS - currencyMinorUnits(m.currency));
    if (m.nanos % step !== 0n) {
      throw new MoneyError(
        `Cannot allocate ${formatNanos(m.nanos)} ${m.currency} in whole minor units: round it first`,
      );
    }
  }
  const units = m.nanos / step;
  const magnitude = units < 0n ? -units : units;
  const parts = weights.map((w) => (magnitude * w) / totalWeight);
  let leftover = parts.reduce((rest, p) => rest - p, magnitude);
  // Array.prototype.sort is stable, so equal remainders keep index order.
  const byRemainder = weights
    .map((w, index) => ({ index, remainder: (magnitude * w) % totalWeight }))
    .sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  for (let k = 0; leftover > 0n; k++, leftover--) parts[byRemainder[k]!.index]! += 1n;
  return parts.map((p) => ({ nanos: (units < 0n ? -p : p) * step, currency: m.currency }));
}

// A private clone so nobody else's Decimal.set() can change our precision or rounding.
const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const DecTowardZero = Dec.clone({ precision: 60, rounding: Decimal.ROUND_DOWN });
const DecAwayFromZero = Dec.clone({ precision: 60, rounding: Decimal.ROUND_UP });

function decimalText(parts: DecimalParts): string {
  return `${parts.negative ? '-' : ''}${parts.coefficient}e${-parts.scale}`;
}

/**
 * Rounds the exact result of `compute` half-even to `dp` places although decimal.js only keeps 60
 * significant digits. Rounding twice (to 60 digits, then to dp) can misplace a value that sits
 * next to a tie, so we compute the result truncated and rounded away from zero: the exact value
 * lies between them. If both round the same way that is the answer; otherwise one of them is the
 * tie itself and the exact value is known to be on the other side of it.
 */
function roundExactly(compute: (D: typeof Decimal) => Decimal, dp: number, what: string): Decimal {
  const low = compute(DecTowardZero);
  const high = compute(DecAwayFromZero);
  const lowRounded = low.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);
  const highRounded = high.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN);
  if (lowRounded.eq(highRounded)) return lowRounded;
  const half = new Dec(`5e-${dp + 1}`);
  if (low.minus(lowRounded).abs().eq(half)) return highRounded;
  if (high.minus(highRounded).abs().eq(half)) return lowRounded;
  throw new MoneyError(`${what}: the result is too large to round exactly to ${dp} decimals`);
}

/**
 * quantity * rate in nanos, rounded half-even once, from the exact product. Both arguments are
 * decimal strings in the parseDecimal syntax (exponents allowed, no grouping); either may be
 * negative for credits.
 */
export function multiplyRate(quantity: string, rate: string): bigint {
  const q = decimalText(lexDecimal(quantity));
  const r = decimalText(lexDecimal(rate));
  const product = roundExactly((D) => new D(q).times(r), NANO_DECIMALS, 'multiplyRate');
  return BigInt(product.toFixed(NANO_DECIMALS).replace('.', ''));
}

/**
 * Unit price implied by an amount and a quantity: amount / quantity rounded half-even to 12
 * decimal places, trailing zeros removed ("0.5", "0.000000015", "12").
 */
export function ratePerUnit(amountNanos: bigint, quantity: string): string {
  const parts = lexDecimal(quantity);
  if (parts.coefficient === 0n) throw new MoneyError('ratePerUnit: quantity must not be zero');
  const q = decimalText(parts);
  const amount = `${amountNanos}e-${NANO_DECIMALS}`;
  return roundExactly((D) => new D(amount).div(q), 12, 'ratePerUnit').toFixed();
}
