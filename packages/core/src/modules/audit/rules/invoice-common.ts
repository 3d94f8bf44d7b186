import { formatNanos, NANOS_PER_UNIT } from '../../../shared/money.ts';

/** YYYY-MM an invoice is about: its period start's month, else its invoice date's. */
export const periodOf = (periodStart: string | null, invoiceDate: string | null) =>
  (periodStart ?? invoiceDate)?.slice(0, 7) ?? null;

export const absNanos = (n: bigint) => (n < 0n ? -n : n);

/** Money as the decimal string evidence carries; null stays null. */
export const dec = (n: bigint | null | undefined) => (n === null || n === undefined ? null : formatNanos(n));

/** base × percent ÷ 100, percent given in nanos (35% = 35 × 10^9), rounded half-even to the nano. */
export function percentOf(base: bigint, pctNanos: bigint): bigint {
  const n = base * pctNanos;
  const d = 100n * NANOS_PER_UNIT;
  const q = n / d;
  const r = absNanos(n % d) * 2n;
  if (r < d || (r === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** part ÷ whole as a percentage with 2 decimals ("12.5"); null when whole is 0. */
export function ratioPercent(part: bigint, whole: bigint): string | null {
  if (whole === 0n) return null;
  return formatNanos((part * 100n * NANOS_PER_UNIT) / whole, { minDecimals: 0, maxDecimals: 2 });
}
