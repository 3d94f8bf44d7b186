/**
 * Cell values of a FOCUS export → exact decimal strings and UTC instants. The spec asks for
 * plain decimals and ISO 8601 UTC, but real files (and the spec's own examples) carry
 * `$10,100.00 `, `NULL`, `2024-09-01 00:00:00` and `5/1/25`; these normalisers accept the
 * documented variants and return null for anything else, so the caller decides how loud to be.
 */
import Decimal from 'decimal.js';

/** FOCUS nulls: an empty cell or the literal NULL (any case), as in the public sample data. */
export function isNullToken(trimmed: string): boolean {
  return trimmed === '' || (trimmed.length === 4 && trimmed.toUpperCase() === 'NULL');
}

const PLAIN = /^-?\d+(?:\.\d+)?$/;
const LEADING_ZERO = /^-?0\d/;
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;
const CURRENCY_SIGNS = '$€£¥';

/**
 * A decimal string exactly as given, minus formatting: currency sign, thousands separators
 * (only in proper groups of three, so a decimal comma `1,5` is refused rather than read as 15),
 * surrounding spaces, a leading `+`, parentheses for negatives. Exponent notation (`4e-10`) is
 * expanded to plain digits. Trailing zeros are kept (`10100.00`). Returns null when invalid —
 * including NaN, Infinity, hex and exponents beyond ±100. Never goes through a float.
 */
export function parseDecimal(raw: string): string | null {
  // most cells are already plain (`0.00000080000`, `-2.6137`): return them untouched
  if (raw.length <= 100 && PLAIN.test(raw) && !LEADING_ZERO.test(raw)) {
    return raw.startsWith('-') && !/[1-9]/.test(raw) ? raw.slice(1) : raw;
  }
  let s = raw.trim();
  if (s.length === 0 || s.length > 100) return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let signs = 0;
  for (let guard = 0; guard < 2; guard++) {
    const c = s[0] ?? '';
    if (c === '-' || c === '+') {
      negative = c === '-' ? !negative : negative;
      signs++;
      s = s.slice(1).trim();
    } else if (CURRENCY_SIGNS.includes(c) && c !== '') {
      s = s.slice(1).trim();
    }
  }
  if (signs > 1 || (signs === 1 && raw.trim().startsWith('('))) return null;
  const m = NUMBER.exec(s);
  if (!m) return null;
  const intPart = (m[1] ?? '').replaceAll(',', '');
  const fracPart = m[2];
  if (intPart === '' && !fracPart) return null; // no digits at all
  let out: string;
  if (m[3] !== undefined) {
    const exp = Number(m[3]);
    if (Math.abs(exp) > 100) return null;
    out = new Decimal(`${intPart || '0'}${fracPart ? `.${fracPart}` : ''}e${exp}`).toFixed();
  } else {
    const int = intPart.replace(/^0+(?=\d)/, '') || '0';
    out = fracPart ? `${int}.${fracPart}` : int;
  }
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

/**
 * Epoch milliseconds (UTC) of a FOCUS date/time, or null. Accepts ISO 8601 with `T` or a space,
 * with or without seconds, fractions and zone (`Z`, `UTC`, `+02:00`; no zone means UTC, as FOCUS
 * requires UTC), and US `M/D/YY[YY] [h:mm[:ss] [AM|PM]]` as in the FOCUS 1.2 spec examples.
 * Slash dates are always month-first; impossible ones (13/1/2024) are refused, never swapped.
 * Two-digit years are 20yy. Out-of-range fields (hour 30, Feb 30) are refused.
 */
export function parseTimestamp(raw: string): number | null {
  const s = raw.trim();
  let y: number;
  let mo: number;
  let d: number;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let offsetMin = 0;
  let m = ISO.exec(s);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (m[7]) ms = Number(m[7].slice(0, 3).padEnd(3, '0'));
    const zone = m[8]?.toUpperCase();
    if (zone && zone !== 'Z' && zone !== 'UTC') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const zh = Number(digits.slice(0, 2));
      const zm = Number(digits.slice(2) || 0);
      if (zh > 14 || zm > 59) return null;
      offsetMin = sign * (zh * 60 + zm);
    }
  } else {
    m = US.exec(s);
    if (!m) return null;
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3]?.length === 2) y += 2000;
    if (m[4] !== undefined) [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    const ampm = m[7]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (ampm === 'PM' ? 12 : 0);
    }
  }
  if (y < 1990 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  // ISO 8601 allows 24:00:00 as the end of a day; anything else past 23:59:59 is a typo
  if (mi > 59 || sec > 59 || h > 24 || (h === 24 && (mi > 0 || sec > 0 || ms > 0))) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000;
}

/**
 * FOCUS files repeat the same few timestamps (billing period bounds, hourly charge periods) on
 * every row, so parsing and formatting are memoised; the caches are emptied when they grow.
 */
const CACHE_LIMIT = 20_000;
const timestamps = new Map<string, number | null>();
const instants = new Map<number, string>();
const dates = new Map<number, string>();

export function parseTimestampCached(raw: string): number | null {
  let ms = timestamps.get(raw);
  if (ms === undefined) {
    ms = parseTimestamp(raw);
    if (timestamps.size >= CACHE_LIMIT) timestamps.clear();
    timestamps.set(raw, ms);
  }
  return ms;
}

function memo(cache: Map<number, string>, ms: number, format: (ms: number) => string): string {
  let s = cache.get(ms);
  if (s === undefined) {
    s = format(ms);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(ms, s);
  }
  return s;
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** YYYY-MM-DD (UTC) */
export function isoDate(ms: number): string {
  return memo(dates, ms, (t) => new Date(t).toISOString().slice(0, 10));
}

/** YYYY-MM-DDTHH:mm:ssZ (milliseconds only when non-zero) */
export function isoInstant(ms: number): string {
  return memo(instants, ms, (t) => {
    const s = new Date(t).toISOString();
    return s.endsWith('.000Z') ? `${s.slice(0, 19)}Z` : s;
  });
}

/**
 * FOCUS period ends are exclusive instants; the canonical model stores the last day covered,
 * inclusive (as a paper bill prints "Sep 1 – Sep 30"). So the end date is the day of the last
 * millisecond before the end: 2024-10-01T00:00 → 2024-09-30, and an hourly row ending
 * 2024-09-18T23:00 → 2024-09-18. A zero-length or reversed period ends on its start day.
 */
export function inclusiveEndDate(endMs: number, startMs: number | null): string {
  if (startMs !== null && endMs <= startMs) return isoDate(startMs);
  return isoDate(endMs - 1);
}
