import { NANOS_PER_UNIT, parseDecimal } from '../../shared/money.ts';
import type { RuleSettings } from './rule.ts';

/** A parameter as nanos (money) or as a scaled percentage: exact, never a float. */
export function paramNanos(settings: RuleSettings, name: string): bigint {
  const text = settings.params[name];
  if (text === undefined) throw new Error(`audit rule parameter ${name} is not set`);
  return parseDecimal(text).nanos;
}

export function paramInt(settings: RuleSettings, name: string): number {
  return Number(paramNanos(settings, name) / NANOS_PER_UNIT);
}

/**
 * Whether |actual − base| exceeds `percent` % of |base|, in integers:
 * |d| × 100 × 10^9 > pctNanos × |base|.
 */
export function exceedsPercent(actual: bigint, base: bigint, pctNanos: bigint): boolean {
  const abs = (n: bigint) => (n < 0n ? -n : n);
  return abs(actual - base) * 100n * NANOS_PER_UNIT > pctNanos * abs(base);
}
