import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChargeForMatch, matchRateItem } from '../../contracts/match.ts';
import { prorationOf } from './price-book.ts';
import { indexOf, matchIn, normalizeCode, type PricedItem } from './rate-index.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('pricing index fast-check seed', seed);

const CODES = [null, '1FB', ' 1fb', 'MIFI', 'x'];
const PATTERNS = [null, '*', '*PLAN*', 'business *', 'business plan'];
const DATES = [null, '2026-01-01', '2026-06-01', '2026-12-31'];

const itemArb = fc.record({
  code: fc.constantFrom(...CODES),
  descriptionPattern: fc.constantFrom(...PATTERNS),
  chargeKind: fc.constantFrom(null, 'recurring', 'one_time'),
  effectiveFrom: fc.constantFrom(...DATES),
  effectiveTo: fc.constantFrom(...DATES),
  currency: fc.constantFrom('USD', 'CAD'),
});

const chargeArb = fc.record({
  productCode: fc.constantFrom(...CODES, 'other'),
  description: fc.constantFrom(null, 'Business plan', 'business PLAN extra', 'Other'),
  kind: fc.constantFrom('recurring', 'one_time'),
  date: fc.constantFrom('2025-12-31', '2026-03-15', '2026-12-31'),
  currency: fc.constantFrom('USD', 'CAD'),
});

type Row = Pick<
  PricedItem,
  'code' | 'descriptionPattern' | 'chargeKind' | 'effectiveFrom' | 'effectiveTo' | 'currency'
>;

// Ids unique and in no particular order relative to the fields, so ties break the same way in both.
const priced = (rows: Row[], prefix: string): PricedItem[] =>
  rows.map((r, n) => ({
    ...r,
    id: `${(n * 7) % 13}-${prefix}${n}`,
    name: `item ${n}`,
    unit: null,
    contractId: 'c',
    contractNumber: 'C',
    mrcNanos: null,
    unitRateNanos: null,
    discountPpm: null,
  }));

describe('pricing index', () => {
  it('gives the answer matchRateItem gives over all the items, linked contracts first', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 12 }),
        fc.array(itemArb, { maxLength: 12 }),
        chargeArb,
        (linkedRows, wideRows, c: ChargeForMatch) => {
          const linked = priced(linkedRows, 'l');
          const wide = priced(wideRows, 'w');
          const expected = matchRateItem(linked, c) ?? matchRateItem(wide, c);
          const code = normalizeCode(c.productCode);
          const li = indexOf(linked);
          const wi = indexOf(wide);
          const actual = (li && matchIn(li, c, code)) ?? (wi && matchIn(wi, c, code)) ?? null;
          expect(actual).toEqual(expected);
        },
      ),
      { seed, numRuns: 2000 },
    );
  });
});

describe('prorationOf', () => {
  it('prorates a part of a month by the days of the month it starts in', () => {
    expect(prorationOf('2026-11-16', '2026-11-30')).toEqual({
      from: '2026-11-16',
      to: '2026-11-30',
      days: 15,
      monthDays: 30,
    });
    expect(prorationOf('2026-02-01', '2026-02-14')?.monthDays).toBe(28);
    expect(prorationOf('2026-10-20', '2026-11-05')).toMatchObject({ days: 17, monthDays: 31 });
  });

  it('leaves whole cycles, longer periods and unstated or reversed periods alone', () => {
    expect(prorationOf('2026-11-01', '2026-11-30')).toBeNull();
    expect(prorationOf('2026-10-15', '2026-11-14')).toBeNull();
    expect(prorationOf('2026-01-31', '2026-02-27')).toBeNull();
    expect(prorationOf('2026-10-01', '2026-12-31')).toBeNull();
    expect(prorationOf(null, '2026-11-30')).toBeNull();
    expect(prorationOf('2026-11-30', null)).toBeNull();
    expect(prorationOf('2026-11-30', '2026-11-01')).toBeNull();
  });
});
