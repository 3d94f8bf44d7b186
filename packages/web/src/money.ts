/**
 * Money arrives from the API as exact decimal strings ("-1234.5", "0.012500000"). Display and
 * sums stay on the strings (and BigInt), never on floats, so no cent is ever lost or invented.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

interface Parts {
  negative: boolean;
  int: string;
  frac: string;
}

function parse(value: string): Parts | null {
  const m = DECIMAL.exec(value.trim());
  if (!m || (!m[2] && !m[3])) return null;
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  return { negative: m[1] === '-', int, frac: m[3] ?? '' };
}

const groupThousands = (int: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * "1234567.5" → "1,234,567.50", "-0.012500000" → "-0.0125": two decimals unless more are
 * non-zero; the currency code goes last when given. Null and empty show as "—".
 */
export function formatAmount(value: string | null | undefined, currency?: string | null): string {
  if (value === null || value === undefined || value.trim() === '') return '—';
  const p = parse(value);
  if (!p) return currency ? `${value} ${currency}` : value;
  const frac = p.frac.replace(/0+$/, '').padEnd(2, '0');
  const zero = /^0*$/.test(p.int) && /^0*$/.test(frac);
  const sign = p.negative && !zero ? '-' : '';
  const text = `${sign}${groupThousands(p.int)}.${frac}`;
  return currency ? `${text} ${currency}` : text;
}

/** Scaled integer of a decimal string with `scale` decimals (extra decimals are cut, not rounded). */
function scaled(p: Parts, scale: number): bigint {
  const n = BigInt(p.int + p.frac.padEnd(scale, '0').slice(0, scale));
  return p.negative ? -n : n;
}

/** Exact sum of decimal strings; unparsable values count as zero. */
export function sumAmounts(values: Iterable<string | null | undefined>): string {
  const parts: Parts[] = [];
  for (const v of values) {
    const p = v ? parse(v) : null;
    if (p) parts.push(p);
  }
  const scale = Math.max(2, ...parts.map((p) => p.frac.length));
  const total = parts.reduce((acc, p) => acc + scaled(p, scale), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  return `${total < 0n ? '-' : ''}${int}.${digits.slice(digits.length - scale)}`;
}

/** -1, 0 or 1 by the sign of a decimal string; null for null or unparsable values. */
export function amountSign(value: string | null | undefined): -1 | 0 | 1 | null {
  const p = value ? parse(value) : null;
  if (!p) return null;
  if (/^0*$/.test(p.int) && /^0*$/.test(p.frac)) return 0;
  return p.negative ? -1 : 1;
}
