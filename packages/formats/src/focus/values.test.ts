import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inclusiveEndDate,
  isNullToken,
  isoDate,
  isoInstant,
  parseDecimal,
  parseTimestamp,
} from './values.ts';

describe('parseDecimal', () => {
  it.each([
    ['0.00000080000', '0.00000080000'], // trailing zeros kept: exact as given
    ['-2.61370000000', '-2.61370000000'],
    ['"0.0000004"'.slice(1, -1), '0.0000004'],
    ['$10,100.00 ', '10100.00'], // the FOCUS 1.2 spec example
    ['$20.00 ', '20.00'],
    ['1,234,567.891', '1234567.891'],
    ['(12.00)', '-12.00'],
    ['($1,200.50)', '-1200.50'],
    ['-$3.10', '-3.10'],
    ['$-3.10', '-3.10'],
    ['+7', '7'],
    [' 12.30 ', '12.30'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['007.50', '7.50'],
    ['-0.000', '0.000'],
    ['4e-10', '0.0000000004'],
    ['4E-10', '0.0000000004'],
    ['-1.5e3', '-1500'],
    ['2.5E+2', '250'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['0.000000000000000000001', '0.000000000000000000001'],
  ])('%j → %j', (raw, want) => {
    expect(parseDecimal(raw)).toBe(want);
  });

  it.each([
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '1,5',
    '1.234,56',
    '12,34',
    '1.2.3',
    '--1',
    '(-1)',
    '$',
    'e5',
    '1e999',
    '12abc',
    '١٢٣',
    '1 000',
  ])('%j is refused', (raw) => {
    expect(parseDecimal(raw)).toBeNull();
  });

  it('is exact: equals decimal.js on any plain or exponent input', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(
        fc.boolean(),
        digits,
        fc.option(digits),
        fc.option(fc.integer({ min: -40, max: 40 })),
        (neg, int, frac, exp) => {
          const raw = `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`;
          const out = parseDecimal(raw);
          expect(out).not.toBeNull();
          expect(out).toMatch(/^-?\d+(\.\d+)?$/);
          expect(new Decimal(out as string).equals(new Decimal(raw))).toBe(true);
        },
      ),
    );
  });
});

describe('parseTimestamp', () => {
  const utc = (s: string) => Date.parse(s);
  it.each([
    ['2024-09-01 00:00:00', '2024-09-01T00:00:00Z'], // the 1.0 sample: no T, no Z
    ['2024-09-01T00:00:00Z', '2024-09-01T00:00:00Z'],
    ['2024-09-01T00:00:00.000+00:00', '2024-09-01T00:00:00Z'],
    ['2024-09-01T02:00:00+02:00', '2024-09-01T00:00:00Z'],
    ['2024-08-31T19:00:00-0500', '2024-09-01T00:00:00Z'],
    ['2024-09-01 00:00:00 UTC', '2024-09-01T00:00:00Z'],
    ['2024-09-01T12:34', '2024-09-01T12:34:00Z'],
    ['2024-09-01T12:34:56.789123Z', '2024-09-01T12:34:56.789Z'],
    ['2024-09-01', '2024-09-01T00:00:00Z'],
    ['9/1/2024', '2024-09-01T00:00:00Z'],
    ['5/1/25', '2025-05-01T00:00:00Z'], // the 1.2 spec examples
    ['12/31/2024 11:30 PM', '2024-12-31T23:30:00Z'],
    ['1/1/2024 12:00:00 AM', '2024-01-01T00:00:00Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    ['2024-09-30T24:00:00Z', '2024-10-01T00:00:00Z'],
  ])('%j → %s', (raw, want) => {
    expect(parseTimestamp(raw)).toBe(utc(want));
  });

  it.each([
    '2023-02-01T30:00:00Z', // hour 30, in the commitment-discount spec example
    '2023-02-30',
    '2024-13-01',
    '13/1/2024', // slash dates are month-first; never swapped
    '2024-09-01T00:60:00Z',
    '2024-09-30T24:00:01Z',
    '45000', // Excel serial
    '2024/09/01',
    'yesterday',
    '',
    '1899-12-31',
    '2024-09-01T00:00:00+25:00',
  ])('%j is refused', (raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });
});

describe('period ends: exclusive instants → inclusive last day', () => {
  const t = (s: string) => Date.parse(s);
  it('a month ends on its last day', () => {
    expect(inclusiveEndDate(t('2024-10-01T00:00:00Z'), t('2024-09-01T00:00:00Z'))).toBe('2024-09-30');
    expect(inclusiveEndDate(t('2024-03-01T00:00:00Z'), null)).toBe('2024-02-29');
  });
  it('an hourly row ends on the day it ran', () => {
    expect(inclusiveEndDate(t('2024-09-18T23:00:00Z'), t('2024-09-18T22:00:00Z'))).toBe('2024-09-18');
    expect(inclusiveEndDate(t('2024-09-19T00:00:00Z'), t('2024-09-18T23:00:00Z'))).toBe('2024-09-18');
  });
  it('a zero-length or reversed period ends on its start day', () => {
    expect(inclusiveEndDate(t('2024-09-18T00:00:00Z'), t('2024-09-18T00:00:00Z'))).toBe('2024-09-18');
    expect(inclusiveEndDate(t('2024-09-17T00:00:00Z'), t('2024-09-18T05:00:00Z'))).toBe('2024-09-18');
  });
  it('formats instants without zero milliseconds', () => {
    expect(isoInstant(t('2024-09-18T23:00:00Z'))).toBe('2024-09-18T23:00:00Z');
    expect(isoInstant(t('2024-09-18T23:00:00.5Z'))).toBe('2024-09-18T23:00:00.500Z');
    expect(isoDate(t('2024-09-18T23:00:00Z'))).toBe('2024-09-18');
  });
});

describe('isNullToken', () => {
  it('treats empty and NULL in any case as null, nothing else', () => {
    expect(['', 'NULL', 'null', 'Null'].map(isNullToken)).toEqual([true, true, true, true]);
    expect(['0', 'N/A', 'NULLS', 'none'].map(isNullToken)).toEqual([false, false, false, false]);
  });
});
