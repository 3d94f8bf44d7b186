/**
 * Cell text → exact decimal strings and YYYY-MM-DD dates, per a profile's locale settings.
 * Nothing here goes through a binary float; anything the documented rules do not cover is an
 * error (the caller names the file and line), never a guess.
 */
import Decimal from 'decimal.js';

export class ValueError extends Error {}

export interface NumberFormat {
  /** thousands separator; '' = none allowed */
  thousands: string;
  decimalMark: '.' | ',';
}

const CURRENCY = /^[$€£¥]|[$€£¥]$/;

/**
 * A money or quantity cell as an exact decimal string, or null for an empty cell.
 * Accepted: surrounding spaces, a currency sign before or after, `+`/`-` before or after the
 * sign, a trailing minus (`12.34-`) or `CR` (mainframe credits), parentheses for negatives,
 * thousands separators only in proper groups of three. So with the US format `1.234,56` is
 * refused instead of being read as 1.234. Trailing zeros are kept (`10.50` stays `10.50`);
 * leading zeros are dropped; negative zero is written `0`.
 */
export function parseDecimal(raw: string, f: NumberFormat): string | null {
  let s = raw.trim();
  if (s === '') return null;
  const fail = (): never => {
    throw new ValueError(`"${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}" is not a number`);
  };
  if (s.length > 60) fail();
  let negative = false;
  let signs = 0;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  if (/^[^\d]*\d.*(-|\s*CR)$/i.test(s)) {
    negative = !negative;
    signs++;
    s = s.replace(/(-|\s*CR)$/i, '').trim();
  }
  for (let guard = 0; guard < 3; guard++) {
    if (s.startsWith('-') || s.startsWith('+')) {
      if (s.startsWith('-')) negative = !negative;
      signs++;
      s = s.slice(1).trim();
    } else if (CURRENCY.test(s)) s = s.replace(CURRENCY, '').trim();
  }
  if (signs > 1) fail();
  const t = f.thousands === ' ' ? '[ \\u00a0\\u202f]' : f.thousands.replace(/[.]/g, '\\.');
  const d = f.decimalMark === '.' ? '\\.' : ',';
  const grouped = t ? `\\d{1,3}(?:${t}\\d{3})+|` : '';
  const m = new RegExp(`^(${grouped}\\d+|)(?:${d}(\\d+))?$`).exec(s);
  if (!m || (m[1] === '' && !m[2])) fail();
  const int = (m?.[1] ?? '').replace(/\D/g, '').replace(/^0+(?=\d)/, '') || '0';
  const out = m?.[2] ? `${int}.${m[2]}` : int;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

export type DateFormat = 'iso' | 'us' | 'eu';

const ISO =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DMY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;

/**
 * A date cell as YYYY-MM-DD, or null when empty. ISO (`2024-03-05`, `2024/03/05`, with an
 * optional time) and `20240305` are accepted in every profile; `03/05/2024` only with the
 * profile's `us` (month first) or `eu` (day first) format, since it is ambiguous. Two-digit
 * years are 20yy. Impossible dates (2024-02-30, month 13) are refused, never swapped.
 */
export function parseDate(raw: string, format: DateFormat): string | null {
  const s = raw.trim();
  if (s === '') return null;
  let y: number;
  let mo: number;
  let d: number;
  const iso = ISO.exec(s) ?? COMPACT.exec(s);
  const dmy = iso ? null : DMY.exec(s);
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy && format !== 'iso') {
    const [a, b] = [Number(dmy[1]), Number(dmy[2])];
    [mo, d] = format === 'us' ? [a, b] : [b, a];
    y = Number(dmy[3]) + ((dmy[3] as string).length === 2 ? 2000 : 0);
  } else {
    const hint = dmy ? ' (set the profile date format to us or eu)' : '';
    throw new ValueError(`"${s.slice(0, 40)}" is not a date${hint}`);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || y < 1900 || y > 2199) {
    throw new ValueError(`"${s}" is not a valid date`);
  }
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An Excel date serial (1900 date system, as Windows Excel writes) as YYYY-MM-DD. Serials below
 * 61 fall before Excel's phantom 1900-02-29 and are refused rather than shifted by a day.
 */
export function excelSerialToDate(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 61 || n > 2958465) throw new ValueError(`"${text}" is not an Excel date`);
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A numeric xlsx cell as decimal text. The file stores a binary double (written with up to 17
 * significant digits, e.g. 0.30000000000000004 for a =0.1+0.2 formula result). Excel itself
 * keeps and shows at most 15 significant digits, so we round to 15 significant digits and drop
 * trailing zeros: 0.30000000000000004 → 0.3, 1234.5 → 1234.5. Safe integers are exact as is.
 */
export function excelNumberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isSafeInteger(n)) return String(n);
  return new Decimal(n.toPrecision(15)).toFixed();
}

/** Text fields are kept as written (trimmed); formula-looking text (`=`, `+`, `@`) is never evaluated. */
export function cleanText(raw: string | undefined): string | null {
  const s = (raw ?? '').trim();
  return s === '' ? null : s;
}
