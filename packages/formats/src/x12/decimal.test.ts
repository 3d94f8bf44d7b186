import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compare, multiply, negate, parseN2, parseR } from './decimal.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('x12 decimal fast-check seed', seed);

describe('x12 decimals', () => {
  it('normalises R values without changing them', () => {
    const cases: [string, string | null][] = [
      ['12.34', '12.34'],
      ['-5', '-5'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['-.50', '-0.50'],
      ['0045.10', '45.10'],
      ['-0', '0'],
      ['-0.00', '0.00'],
      [' 7 ', '7'],
      ['12345678901234567890.123456789', '12345678901234567890.123456789'],
      ['1E3', null],
      ['1e3', null],
      ['+5', null],
      ['1,5', null],
      ['.', null],
      ['-', null],
      ['', null],
      ['NaN', null],
      ['0x10', null],
      ['9'.repeat(41), null],
    ];
    for (const [text, want] of cases) expect(parseR(text), text).toBe(want);
  });

  it('scales N2 values by 100', () => {
    const cases: [string, string | null][] = [
      ['12345', '123.45'],
      ['5', '0.05'],
      ['-5', '-0.05'],
      ['0', '0.00'],
      ['-0', '0.00'],
      ['100', '1.00'],
      ['000350', '3.50'],
      ['3.50', null],
      ['1E3', null],
    ];
    for (const [text, want] of cases) expect(parseN2(text), text).toBe(want);
  });

  it('negates, compares and multiplies exactly', () => {
    expect(negate('3.50')).toBe('-3.50');
    expect(negate('-3.50')).toBe('3.50');
    expect(negate('0.00')).toBe('0.00');
    expect(compare('45', '45.00')).toBe(0);
    expect(compare('-1', '0.5')).toBe(-1);
    expect(multiply('2', '22.50')).toBe('45.00');
    expect(multiply('1.000', '45.00')).toBe('45.00');
    expect(multiply('3', '1.333')).toBe('3.999');
    expect(multiply('0.1', '0.2')).toBe('0.02');
    expect(multiply('-2.5', '4')).toBe('-10.0');
    expect(multiply('123456789012345678', '1000000000.000000001')).toBe(
      '123456789012345678123456789.012345678',
    );
  });

  it('multiplies like integer arithmetic on scaled values (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 6 }),
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 0, max: 6 }),
        (a, sa, b, sb) => {
          const text = (v: bigint, s: number) => {
            const digits = (v < 0n ? -v : v).toString().padStart(s + 1, '0');
            const body = s ? `${digits.slice(0, -s)}.${digits.slice(-s)}` : digits;
            return parseR(v < 0n ? `-${body}` : body) ?? 'bad';
          };
          const product = multiply(text(a, sa), text(b, sb));
          return compare(product, text(a * b, sa + sb)) === 0;
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
