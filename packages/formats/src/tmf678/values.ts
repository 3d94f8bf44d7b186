/** Money, dates and charge kinds of TMF678 resources. */
import Decimal from 'decimal.js';
import { type ChargeKind, FormatError } from '../canonical.ts';
import type { Money } from './schema.ts';

const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
const EXPONENT = /^-?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d{1,3}$/;

/**
 * Exact decimal string of a Money value. Strings (including numbers that json.ts quoted from the
 * text) are validated and kept digit for digit; exponent notation is expanded exactly. A genuine
 * JS number (only possible when the caller bypassed json.ts) is accepted only when String(n) is
 * plain notation with at most 15 significant digits, i.e. when it is the value that was written.
 */
export function moneyValue(m: Money, where: string, fileName: string, line?: number): string {
  const bad = (why: string): never => {
    throw new FormatError('bad_amount', `${fileName}: ${line ? `line ${line}: ` : ''}${where}: ${why}`, line);
  };
  let s: string;
  if (typeof m.value === 'number') {
    s = String(m.value);
    const digits = s.replace(/^-?0*\.?0*/, '').replace('.', '');
    if (!Number.isFinite(m.value) || /e/i.test(s) || digits.length > 15)
      bad(`number ${s} is not an exact amount`);
  } else s = m.value.trim();
  if (s.startsWith('+')) s = s.slice(1);
  if (EXPONENT.test(s)) {
    if (Math.abs(Number(s.split(/[eE]/)[1])) > 100) bad(`"${s}" is out of range`);
    s = new Decimal(s).toFixed();
  }
  if (!DECIMAL.test(s) || s.length > 40) bad(`"${s}" is not a decimal amount`);
  const neg = s.startsWith('-');
  let body = neg ? s.slice(1) : s;
  if (body.startsWith('.')) body = `0${body}`;
  if (body.endsWith('.')) body = body.slice(0, -1);
  return neg && /[1-9]/.test(body) ? `-${body}` : body;
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The calendar date as written in a TMF date-time (no time-zone conversion: a bill dated
 * 2020-01-31T23:30-05:00 is dated the 31st, as the biller printed it). With `exclusiveEnd`, an
 * end instant at exactly midnight is the end of the previous day (canonical periods are
 * inclusive), unless that would end before `start`.
 */
export function tmfDate(
  raw: string | null | undefined,
  where: string,
  fileName: string,
  line?: number,
  exclusiveEnd?: { start: string | null },
): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const m = DATE.exec(raw.trim());
  const [y, mo, d] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) {
    throw new FormatError(
      'bad_date',
      `${fileName}: ${line ? `line ${line}: ` : ''}${where} "${raw}" is not a date`,
      line,
    );
  }
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const midnight = m[4] === '00' && m[5] === '00' && Number(m[6] ?? 0) === 0 && Number(m[7] ?? 0) === 0;
  if (exclusiveEnd && midnight) {
    const prev = new Date(Date.UTC(y, mo - 1, d - 1)).toISOString().slice(0, 10);
    if (exclusiveEnd.start === null || prev >= exclusiveEnd.start) return prev;
  }
  return day;
}

/** Keyword rules, first match wins; order matters (non-recurring before recurring, late fee before fee). */
const KIND_RULES: [RegExp, ChargeKind][] = [
  [/late/i, 'late_fee'],
  [/\btax/i, 'tax'],
  [/discount|credit|adjust|allowance|rebate|refund|waiver|compensation/i, 'credit_adjustment'],
  [/one.?time|one.?off|non.?recurring|\bnrc\b|install|activation|setup|purchase/i, 'one_time'],
  [/usage|consumption|rated|roaming/i, 'usage'],
  [/recurring|subscription|monthly|rental|\bmrc\b|periodic|plan/i, 'recurring'],
  [/fee|surcharge|penalty/i, 'surcharge_fee'],
];

/**
 * TMF678 leaves the rate `type` free text ("recurring", "usage", "oneTime", or just the resource
 * name). The type decides when a rule matches it; otherwise the name, then the description;
 * otherwise 'recurring' (the commonest bill line) and `defaulted` is set so a warning can say so.
 */
export function kindOf(type?: string | null, name?: string | null, description?: string | null) {
  for (const text of [type, name, description]) {
    if (!text) continue;
    for (const [re, kind] of KIND_RULES) if (re.test(text)) return { kind, defaulted: false };
  }
  return { kind: 'recurring' as ChargeKind, defaulted: true };
}
