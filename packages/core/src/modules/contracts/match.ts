/**
 * Which contract rate item a charge is billed under, and what it should have cost. Pure
 * functions: the invoice audit calls them for every charge, so they take plain values and never
 * touch the database.
 */

export const CHARGE_KINDS = [
  'recurring',
  'one_time',
  'usage',
  'tax',
  'surcharge_fee',
  'credit_adjustment',
  'late_fee',
] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

export interface RateItemForMatch {
  id: string;
  code: string | null;
  descriptionPattern: string | null;
  /** null matches charges of any kind */
  chargeKind: string | null;
  /** YYYY-MM-DD, inclusive; null for an open end */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  currency: string;
}

export interface ChargeForMatch {
  productCode: string | null;
  description: string | null;
  kind: string;
  /** YYYY-MM-DD: the charge period start, else the invoice date */
  date: string;
  currency: string;
}

export interface RateMatch<T extends RateItemForMatch> {
  item: T;
  matchedBy: 'code' | 'pattern';
}

const normalize = (text: string | null) => {
  const t = text?.trim().toLowerCase() ?? '';
  return t === '' ? null : t;
};

const compiled = new Map<string, RegExp>();

/** `*` stands for any run of characters; everything else is literal; the whole description must match. */
function patternRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 's');
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** How specific a description pattern is: its literal (non-`*`) characters. */
export const patternSpecificity = (pattern: string): number => pattern.trim().replaceAll('*', '').length;

const applies = (item: RateItemForMatch, charge: ChargeForMatch) =>
  item.currency === charge.currency &&
  (item.chargeKind === null || item.chargeKind === charge.kind) &&
  (item.effectiveFrom === null || item.effectiveFrom <= charge.date) &&
  (item.effectiveTo === null || charge.date <= item.effectiveTo);

/** Later effective_from first (an open start is the oldest), then the smaller id: a total order. */
function newerFirst(a: RateItemForMatch, b: RateItemForMatch): number {
  const af = a.effectiveFrom ?? '';
  const bf = b.effectiveFrom ?? '';
  if (af !== bf) return af > bf ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The rate item a charge falls under, or null. Only items in effect on the charge date, in the
 * charge currency and of a compatible kind are considered. A code match (exact, trimmed,
 * case-insensitive) beats any description pattern; among patterns the one with the most literal
 * characters wins. Remaining ties go to the latest effective_from, then the smallest id, so the
 * answer never depends on the order of `items`.
 */
export function matchRateItem<T extends RateItemForMatch>(
  items: readonly T[],
  charge: ChargeForMatch,
): RateMatch<T> | null {
  const code = normalize(charge.productCode);
  const description = normalize(charge.description);
  let byCode: T | null = null;
  let byPattern: T | null = null;
  let bestSpecificity = -1;
  for (const item of items) {
    if (!applies(item, charge)) continue;
    if (code !== null && normalize(item.code) === code) {
      if (byCode === null || newerFirst(item, byCode) < 0) byCode = item;
      continue;
    }
    const pattern = normalize(item.descriptionPattern);
    if (byCode !== null || pattern === null || description === null) continue;
    if (!patternRegExp(pattern).test(description)) continue;
    const specificity = patternSpecificity(pattern);
    if (
      specificity > bestSpecificity ||
      (specificity === bestSpecificity && byPattern !== null && newerFirst(item, byPattern) < 0)
    ) {
      byPattern = item;
      bestSpecificity = specificity;
    }
  }
  if (byCode) return { item: byCode, matchedBy: 'code' };
  return byPattern ? { item: byPattern, matchedBy: 'pattern' } : null;
}

export interface RateItemForAmount {
  mrcNanos: bigint | null;
  unitRateNanos: bigint | null;
  /** parts per million: 12.5 % = 125000 */
  discountPpm: number | null;
}

const PPM = 1_000_000n;
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/** n / d rounded half-even (banker's rounding), d > 0. */
function divHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d || (twice === d && q % 2n === 0n)) return q;
  return n < 0n ? q - 1n : q + 1n;
}

/** A decimal quantity as coefficient / 10^scale, exactly. */
function quantityParts(quantity: string): { coefficient: bigint; scale: bigint } {
  const m = QUANTITY.exec(quantity.trim());
  if (!m || (!m[2] && !m[3])) throw new RangeError(`Quantity "${quantity.slice(0, 40)}" is not a number`);
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let coefficient = BigInt(`${int}${frac}` || '0');
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    coefficient *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coefficient: sign === '-' ? -coefficient : coefficient, scale: BigInt(scale) };
}

/**
 * What a charge under `item` should amount to, in nanos: the MRC when the item has one (a flat
 * recurring price), otherwise unit rate × quantity; then less the discount. Computed exactly and
 * rounded once, half-even (banker's rounding), to the nano. Null when the item has no price.
 */
export function expectedAmount(item: RateItemForAmount, quantity: string | null = '1'): bigint | null {
  const discount = PPM - BigInt(item.discountPpm ?? 0);
  if (item.mrcNanos !== null) return divHalfEven(item.mrcNanos * discount, PPM);
  if (item.unitRateNanos === null) return null;
  const q = quantityParts(quantity ?? '1');
  return divHalfEven(item.unitRateNanos * q.coefficient * discount, 10n ** q.scale * PPM);
}
