/** Decimal, date and kind rules for UBL values. */
import Decimal from 'decimal.js';
import { type ChargeKind, FormatError } from '../canonical.ts';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** xsd:decimal as an exact string: `+5` → `5`, `.5` → `0.5`, `5.` → `5`; trailing zeros kept. */
export function decimal(raw: string, what: string, fileName: string, line?: number): string {
  if (!DECIMAL.test(raw) || raw.length > 40) {
    const at = line ? `line ${line}: ` : '';
    throw new FormatError('bad_amount', `${fileName}: ${at}${what} "${raw}" is not a decimal number`, line);
  }
  let s = raw.startsWith('+') ? raw.slice(1) : raw;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  if (s.startsWith('.')) s = `0${s}`;
  if (s.endsWith('.')) s = s.slice(0, -1);
  return neg && /[1-9]/.test(s) ? `-${s}` : s;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;

/** xsd:date → YYYY-MM-DD (a time-zone suffix is dropped: the calendar date is what was billed). */
export function isoDate(raw: string | null, what: string, fileName: string, line?: number): string | null {
  if (raw === null) return null;
  const m = DATE.exec(raw);
  const [y, mo, d] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) {
    throw new FormatError(
      'bad_date',
      `${fileName}: ${line ? `line ${line}: ` : ''}${what} "${raw}" is not a date`,
      line,
    );
  }
  return raw.slice(0, 10);
}

export function negate(s: string): string {
  if (s.startsWith('-')) return s.slice(1);
  return /[1-9]/.test(s) ? `-${s}` : s;
}

/**
 * Price per one unit. UBL prices may be per BaseQuantity units (e.g. 200 per 2); the division is
 * kept only when it is exact and short, otherwise the rate is left null (price and base quantity
 * stay in the attributes) rather than rounded.
 */
export function unitRate(price: string, base: string | null): string | null {
  if (base === null) return price;
  const b = new Decimal(base);
  if (b.eq(1)) return price;
  if (b.isZero()) return null;
  const r = new Decimal(price).div(b);
  return r.times(b).eq(price) && r.decimalPlaces() <= 15 ? r.toFixed() : null;
}

/**
 * Kind rule for lines, first match wins: 'usage' when the quantity is in a time or data-volume unit
 * (UN/ECE rec 20: MIN, SEC, 2P kB, 4L MB, E34 GB, E35 TB, AD byte); 'one_time' when the item name
 * says so (setup, installation, activation, onboarding, one-time, hardware, device); 'recurring'
 * when the line has a service period (its own cac:InvoicePeriod or the document's); else
 * 'one_time' (goods or one-off services without a period).
 */
const USAGE_UNITS = new Set(['MIN', 'SEC', '2P', '4L', 'E34', 'E35', 'AD']);
const ONE_OFF = /\b(one[- ]?time|one[- ]?off|set[- ]?up|install\w*|activation|onboarding|hardware|device)\b/i;

export function lineKind(unit: string | null, name: string | null, hasPeriod: boolean): ChargeKind {
  if (unit && USAGE_UNITS.has(unit.toUpperCase())) return 'usage';
  if (name && ONE_OFF.test(name)) return 'one_time';
  return hasPeriod ? 'recurring' : 'one_time';
}
