/**
 * Exact decimal strings for X12 numeric elements. Nothing here goes through a JavaScript number:
 * amounts stay strings, and the one multiplication we need (quantity × unit price) runs on bigint.
 *
 * X12 has two numeric families that matter for money:
 * - R  (explicit decimal): `12.34`, `-5`, `.5`, `5.`; no exponent in 004010/005010 usage, no `+`.
 * - N2 (implied two decimals): `1234` means 12.34, `-5` means -0.05; digits only.
 * Functions return null for text that is not a valid number; callers raise a FormatError that
 * names the element and the segment, because only they know where the text came from.
 */

// X12 caps R at 15-18 significant digits; 40 characters leaves room for sign and point while
// keeping a hostile element from turning into a huge bigint.
const MAX_NUMBER_LENGTH = 40;
const R_PATTERN = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
const N_PATTERN = /^-?\d+$/;

function tidy(negative: boolean, intPart: string, frac: string): string {
  const int = intPart.replace(/^0+(?=\d)/, '') || '0';
  const text = frac ? `${int}.${frac}` : int;
  // -0 and -0.00 are zero; a signed zero would only confuse later comparisons.
  const zero = /^[0.]*$/.test(text);
  return negative && !zero ? `-${text}` : text;
}

/** Normalises an R (explicit decimal) value: `0045.50` → `45.50`, `.5` → `0.5`, `5.` → `5`. */
export function parseR(text: string): string | null {
  const s = text.trim();
  if (s.length === 0 || s.length > MAX_NUMBER_LENGTH || !R_PATTERN.test(s)) return null;
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const dot = body.indexOf('.');
  if (dot === -1) return tidy(negative, body, '');
  return tidy(negative, body.slice(0, dot), body.slice(dot + 1));
}

/** Scales an N2 (implied two decimals) value: `12345` → `123.45`, `-5` → `-0.05`. */
export function parseN2(text: string): string | null {
  const s = text.trim();
  if (s.length === 0 || s.length > MAX_NUMBER_LENGTH || !N_PATTERN.test(s)) return null;
  const negative = s.startsWith('-');
  const digits = (negative ? s.slice(1) : s).padStart(3, '0');
  return tidy(negative, digits.slice(0, -2), digits.slice(-2));
}

export function isNegative(value: string): boolean {
  return value.startsWith('-');
}

export function isZero(value: string): boolean {
  return /^-?[0.]*$/.test(value);
}

/** Flips the sign; zero stays unsigned. */
export function negate(value: string): string {
  if (value.startsWith('-')) return value.slice(1);
  return isZero(value) ? value : `-${value}`;
}

interface Scaled {
  units: bigint;
  scale: number;
}

function toScaled(value: string): Scaled {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const dot = body.indexOf('.');
  const digits = dot === -1 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const units = BigInt(digits || '0');
  return { units: negative ? -units : units, scale: dot === -1 ? 0 : body.length - dot - 1 };
}

function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = scale > 0 ? digits.slice(digits.length - scale) : '';
  return tidy(negative, int, frac);
}

/**
 * Exact product of two normalised decimals. Trailing zeros beyond two decimals are dropped
 * (`1.000 × 45.00` → `45.00`), which changes the text but never the value.
 */
export function multiply(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  let units = x.units * y.units;
  let scale = x.scale + y.scale;
  const keep = Math.min(scale, 2);
  while (scale > keep && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return fromScaled({ units, scale });
}

/** Numeric comparison of two normalised decimals: -1, 0 or 1. */
export function compare(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const xu = x.units * 10n ** BigInt(scale - x.scale);
  const yu = y.units * 10n ** BigInt(scale - y.scale);
  return xu === yu ? 0 : xu < yu ? -1 : 1;
}
