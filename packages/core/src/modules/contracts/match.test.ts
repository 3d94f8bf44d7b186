import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChargeForMatch,
  expectedAmount,
  matchRateItem,
  patternSpecificity,
  type RateItemForMatch,
} from './match.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('rate-item matcher fast-check seed', seed);

const item = (id: string, over: Partial<RateItemForMatch> = {}): RateItemForMatch => ({
  id,
  code: null,
  descriptionPattern: null,
  chargeKind: null,
  effectiveFrom: null,
  effectiveTo: null,
  currency: 'USD',
  ...over,
});

const charge = (over: Partial<ChargeForMatch> = {}): ChargeForMatch => ({
  productCode: null,
  description: null,
  kind: 'recurring',
  date: '2026-06-15',
  currency: 'USD',
  ...over,
});

const idOf = (items: RateItemForMatch[], c: ChargeForMatch) => matchRateItem(items, c)?.item.id ?? null;

describe('matchRateItem', () => {
  it('matches codes exactly, trimmed and case-insensitively', () => {
    const items = [item('a', { code: ' 1FB ' }), item('b', { code: '1FBX' })];
    expect(matchRateItem(items, charge({ productCode: '1fb' }))).toEqual({
      item: items[0],
      matchedBy: 'code',
    });
    expect(idOf(items, charge({ productCode: '1F' }))).toBeNull();
    expect(idOf(items, charge({ productCode: '   ' }))).toBeNull();
  });

  it('prefers a code match over any pattern, however specific', () => {
    const items = [
      item('pattern', { descriptionPattern: 'BUSINESS LINE 1FB MONTHLY' }),
      item('code', { code: '1FB' }),
    ];
    const c = charge({ productCode: '1FB', description: 'business line 1fb monthly' });
    expect(matchRateItem(items, c)).toEqual({ item: items[1], matchedBy: 'code' });
    expect(matchRateItem(items, { ...c, productCode: 'OTHER' })).toEqual({
      item: items[0],
      matchedBy: 'pattern',
    });
  });

  it('anchors patterns, treats * as any run and everything else literally', () => {
    const items = [item('p', { descriptionPattern: '*UNLIMITED*PLAN*' })];
    expect(idOf(items, charge({ description: 'Unlimited data plan' }))).toBe('p');
    expect(idOf(items, charge({ description: 'Business UNLIMITED PLAN (5G)' }))).toBe('p');
    expect(idOf(items, charge({ description: 'Limited plan' }))).toBeNull();
    const anchored = [item('q', { descriptionPattern: 'PLAN A' })];
    expect(idOf(anchored, charge({ description: 'PLAN AB' }))).toBeNull();
    expect(idOf(anchored, charge({ description: 'the PLAN A' }))).toBeNull();
    const literal = [item('r', { descriptionPattern: 'Data (1.5GB)+' })];
    expect(idOf(literal, charge({ description: 'data (1.5gb)+' }))).toBe('r');
    expect(idOf(literal, charge({ description: 'data (1x5gb)+' }))).toBeNull();
  });

  it('picks the most specific pattern: the most literal characters', () => {
    const items = [
      item('broad', { descriptionPattern: '*PLAN*' }),
      item('narrow', { descriptionPattern: '*UNLIMITED*PLAN*' }),
      item('all', { descriptionPattern: '*' }),
    ];
    expect(idOf(items, charge({ description: 'Unlimited plan' }))).toBe('narrow');
    expect(idOf(items, charge({ description: 'Basic plan' }))).toBe('broad');
    expect(idOf(items, charge({ description: 'Anything' }))).toBe('all');
    expect(patternSpecificity('*UNLIMITED*PLAN*')).toBe(13);
  });

  it('only considers items in effect on the charge date, both ends inclusive', () => {
    const items = [item('x', { code: 'C', effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30' })];
    expect(idOf(items, charge({ productCode: 'C', date: '2025-12-31' }))).toBeNull();
    expect(idOf(items, charge({ productCode: 'C', date: '2026-01-01' }))).toBe('x');
    expect(idOf(items, charge({ productCode: 'C', date: '2026-06-30' }))).toBe('x');
    expect(idOf(items, charge({ productCode: 'C', date: '2026-07-01' }))).toBeNull();
    const open = [item('o', { code: 'C' }), item('from', { code: 'D', effectiveFrom: '2026-03-01' })];
    expect(idOf(open, charge({ productCode: 'C', date: '1999-01-01' }))).toBe('o');
    expect(idOf(open, charge({ productCode: 'D', date: '2099-01-01' }))).toBe('from');
  });

  it('requires the same currency and a compatible kind', () => {
    const items = [item('usd', { code: 'C', chargeKind: 'recurring' }), item('any', { code: 'K' })];
    expect(idOf(items, charge({ productCode: 'C', currency: 'EUR' }))).toBeNull();
    expect(idOf(items, charge({ productCode: 'C', kind: 'usage' }))).toBeNull();
    expect(idOf(items, charge({ productCode: 'K', kind: 'usage' }))).toBe('any');
    expect(idOf(items, charge({ productCode: 'K', kind: 'tax' }))).toBe('any');
  });

  it('breaks ties by the latest effective_from, then the smallest id', () => {
    const items = [
      item('old', { code: 'C', effectiveFrom: '2025-01-01' }),
      item('new', { code: 'C', effectiveFrom: '2026-01-01' }),
      item('open', { code: 'C' }),
    ];
    expect(idOf(items, charge({ productCode: 'C' }))).toBe('new');
    expect(idOf(items, charge({ productCode: 'C', date: '2025-06-01' }))).toBe('old');
    const same = [item('b', { descriptionPattern: 'X*' }), item('a', { descriptionPattern: '*X' })];
    expect(idOf(same, charge({ description: 'X' }))).toBe('a');
  });

  it('returns null without candidates', () => {
    expect(matchRateItem([], charge({ productCode: 'C' }))).toBeNull();
    expect(idOf([item('p', { descriptionPattern: '*' })], charge({ description: null }))).toBeNull();
  });

  it('gives the same answer whatever the order of the items (randomized)', () => {
    const words = ['PLAN', 'DATA', 'LINE', 'VOICE'];
    const arbItem = fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }),
      code: fc.option(fc.constantFrom('A', 'b', 'C '), { nil: null }),
      descriptionPattern: fc.option(
        fc.array(fc.constantFrom('*', ...words, ' '), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
        { nil: null },
      ),
      chargeKind: fc.option(fc.constantFrom('recurring', 'usage'), { nil: null }),
      effectiveFrom: fc.option(fc.constantFrom('2026-01-01', '2026-06-15', '2026-07-01'), { nil: null }),
      effectiveTo: fc.option(fc.constantFrom('2026-06-14', '2026-06-15', '2026-12-31'), { nil: null }),
      currency: fc.constantFrom('USD', 'EUR'),
    });
    const arbCharge = fc.record({
      productCode: fc.option(fc.constantFrom('a', 'B', 'c', 'z'), { nil: null }),
      description: fc.option(
        fc.array(fc.constantFrom(...words, ' '), { maxLength: 4 }).map((p) => p.join('')),
        { nil: null },
      ),
      kind: fc.constantFrom('recurring', 'usage'),
      date: fc.constantFrom('2026-06-14', '2026-06-15', '2026-07-01'),
      currency: fc.constantFrom('USD', 'EUR'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbItem, { selector: (i) => i.id, maxLength: 12 }),
        arbCharge,
        fc.func(fc.integer()),
        (items, c, key) => {
          const shuffled = [...items].sort((x, y) => key(x.id) - key(y.id));
          const a = matchRateItem(items, c);
          const b = matchRateItem(shuffled, c);
          expect(b?.item.id ?? null).toBe(a?.item.id ?? null);
          expect(b?.matchedBy ?? null).toBe(a?.matchedBy ?? null);
          if (a) {
            // whatever wins is in effect, in the currency, and of a compatible kind
            expect(a.item.currency).toBe(c.currency);
            expect(a.item.chargeKind === null || a.item.chargeKind === c.kind).toBe(true);
            expect((a.item.effectiveFrom ?? '') <= c.date).toBe(true);
            expect(c.date <= (a.item.effectiveTo ?? '9999')).toBe(true);
            // no code match is ever passed over for a pattern
            const codeHit = items.some(
              (i) =>
                i.code !== null &&
                c.productCode !== null &&
                i.code.trim().toLowerCase() === c.productCode.trim().toLowerCase() &&
                i.currency === c.currency &&
                (i.chargeKind === null || i.chargeKind === c.kind) &&
                (i.effectiveFrom ?? '') <= c.date &&
                c.date <= (i.effectiveTo ?? '9999'),
            );
            expect(a.matchedBy === 'code').toBe(codeHit);
          }
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});

describe('expectedAmount', () => {
  const n = (units: string) => BigInt(units) * 1_000_000_000n;

  it('takes the MRC as the flat price, less the discount', () => {
    expect(expectedAmount({ mrcNanos: n('100'), unitRateNanos: n('5'), discountPpm: 125_000 }, '3')).toBe(
      87_500_000_000n,
    );
    expect(expectedAmount({ mrcNanos: n('40'), unitRateNanos: null, discountPpm: null })).toBe(n('40'));
  });

  it('multiplies the unit rate by the quantity exactly', () => {
    // 0.000000015 per unit × 1234567 units = 0.018518505
    expect(expectedAmount({ mrcNanos: null, unitRateNanos: 15n, discountPpm: null }, '1234567')).toBe(
      18_518_505n,
    );
    expect(expectedAmount({ mrcNanos: null, unitRateNanos: n('2'), discountPpm: null }, '1.5e3')).toBe(
      n('3000'),
    );
    expect(expectedAmount({ mrcNanos: null, unitRateNanos: n('2'), discountPpm: null }, '-3')).toBe(-n('6'));
    expect(expectedAmount({ mrcNanos: null, unitRateNanos: null, discountPpm: null }, '3')).toBeNull();
  });

  it('rounds once, half-even, to the nano', () => {
    // 1 nano × 0.5 = 0.5 nano → 0 (even); 3 nanos × 0.5 = 1.5 → 2; 5 × 0.5 = 2.5 → 2
    const rate = (r: bigint, q: string) =>
      expectedAmount({ mrcNanos: null, unitRateNanos: r, discountPpm: null }, q);
    expect(rate(1n, '0.5')).toBe(0n);
    expect(rate(3n, '0.5')).toBe(2n);
    expect(rate(5n, '0.5')).toBe(2n);
    expect(rate(-5n, '0.5')).toBe(-2n);
    // 3 nanos less 50 % = 1.5 → 2; 10 nanos less 33.3333 % = 6.66667 → 7
    expect(expectedAmount({ mrcNanos: 3n, unitRateNanos: null, discountPpm: 500_000 })).toBe(2n);
    expect(expectedAmount({ mrcNanos: 10n, unitRateNanos: null, discountPpm: 333_333 })).toBe(7n);
    // a 100 % discount costs nothing
    expect(expectedAmount({ mrcNanos: n('99'), unitRateNanos: null, discountPpm: 1_000_000 })).toBe(0n);
  });

  it('refuses a quantity that is not a number', () => {
    expect(() => expectedAmount({ mrcNanos: null, unitRateNanos: 1n, discountPpm: null }, 'ten')).toThrow(
      /not a number/,
    );
  });
});
