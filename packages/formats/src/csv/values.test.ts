import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  excelNumberText,
  excelSerialToDate,
  type NumberFormat,
  parseDate,
  parseDecimal,
  ValueError,
} from './values.ts';

const US: NumberFormat = { thousands: ',', decimalMark: '.' };
const EU: NumberFormat = { thousands: '.', decimalMark: ',' };

describe('parseDecimal', () => {
  it.each([
    ['45.00', US, '45.00'],
    [' 12.30 ', US, '12.30'],
    ['$1,250.00', US, '1250.00'],
    ['"$10,100.00 "'.slice(1, -1), US, '10100.00'],
    ['(41.67)', US, '-41.67'],
    ['-12.34', US, '-12.34'],
    ['$-12.34', US, '-12.34'],
    ['-$12.34', US, '-12.34'],
    ['12.34-', US, '-12.34'],
    ['12.34 CR', US, '-12.34'],
    ['+5', US, '5'],
    ['.5', US, '0.5'],
    ['007.50', US, '7.50'],
    ['-0.00', US, '0.00'],
    ['12.3456789012345', US, '12.3456789012345'],
    ['123456789012345678901234567890', US, '123456789012345678901234567890'],
    ['1.234,56', EU, '1234.56'],
    ['-15,00', EU, '-15.00'],
    ['1.258,80 €', EU, '1258.80'],
    ['1 234,56', { thousands: ' ', decimalMark: ',' }, '1234.56'],
    ['1\u00a0234,56', { thousands: ' ', decimalMark: ',' }, '1234.56'],
    ['', US, null],
    ['   ', US, null],
  ])('%j → %j', (raw, f, out) => {
    expect(parseDecimal(raw, f as NumberFormat)).toBe(out);
  });

  it.each([
    ['1.234,56', US], // a decimal comma in a US profile is refused, never read as 1.234
    ['1,23', US],
    ['1,234.56', EU],
    ['1e5', US],
    ['NaN', US],
    ['Infinity', US],
    ['0x10', US],
    ['12%', US],
    ['=1+2', US],
    ['abc', US],
    ['(-5)', US],
    ['--5', US],
    ['1 234.56', US],
    ['$', US],
    ['#N/A', US],
  ])('%j is refused', (raw, f) => {
    expect(() => parseDecimal(raw, f as NumberFormat)).toThrow(ValueError);
  });

  it('formatted amounts parse back to the exact decimal (property)', () => {
    const amount = fc.record({
      neg: fc.boolean(),
      int: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      frac: fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
      style: fc.constantFrom('us', 'eu'),
      dress: fc.constantFrom('plain', 'currency', 'parens', 'trailing'),
    });
    fc.assert(
      fc.property(amount, ({ neg, int, frac, style, dress }) => {
        const [t, d] = style === 'us' ? [',', '.'] : ['.', ','];
        const grouped = int.toString().replace(/\B(?=(\d{3})+(?!\d))/g, t);
        let body = `${grouped}${frac !== undefined ? d + frac : ''}`;
        if (dress === 'currency') body = style === 'us' ? `$${body}` : `${body} €`;
        const text = !neg
          ? body
          : dress === 'parens'
            ? `(${body})`
            : dress === 'trailing'
              ? `${body}-`
              : `-${body}`;
        const expected = new Decimal(`${neg ? '-' : ''}${int}${frac !== undefined ? `.${frac}` : ''}`);
        const got = parseDecimal(text, { thousands: t, decimalMark: d as '.' | ',' }) as string;
        expect(new Decimal(got).eq(expected)).toBe(true);
        // trailing zeros are kept as written
        if (frac !== undefined) expect(got.split('.')[1]).toBe(frac);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-05', 'iso', '2024-03-05'],
    ['2024/3/5', 'iso', '2024-03-05'],
    ['2024-03-05T10:00:00Z', 'iso', '2024-03-05'],
    ['20240305', 'iso', '2024-03-05'],
    ['03/05/2024', 'us', '2024-03-05'],
    ['3/5/24', 'us', '2024-03-05'],
    ['3/5/2024 0:00', 'us', '2024-03-05'],
    ['05.03.2024', 'eu', '2024-03-05'],
    ['05/03/2024', 'eu', '2024-03-05'],
    ['2024-03-05', 'us', '2024-03-05'],
    ['', 'iso', null],
  ])('%j (%s) → %j', (raw, f, out) => {
    expect(parseDate(raw, f as 'iso')).toBe(out);
  });

  it.each([
    ['02/03/2024', 'iso'], // ambiguous without a profile date format
    ['2024-02-30', 'iso'],
    ['13/01/2024', 'us'],
    ['29.02.2023', 'eu'],
    ['45000', 'us'],
    ['next tuesday', 'us'],
  ])('%j (%s) is refused', (raw, f) => {
    expect(() => parseDate(raw, f as 'iso')).toThrow(ValueError);
  });
});

describe('Excel cell values', () => {
  it('numbers keep Excel precision, without binary artifacts', () => {
    expect(excelNumberText(0.1 + 0.2)).toBe('0.3');
    expect(excelNumberText(26.200000000000003)).toBe('26.2');
    expect(excelNumberText(-1.7599999999999998)).toBe('-1.76');
    expect(excelNumberText(1234.5)).toBe('1234.5');
    expect(excelNumberText(9851234567)).toBe('9851234567');
    expect(excelNumberText(-10)).toBe('-10');
    expect(excelNumberText(1e-7)).toBe('0.0000001');
    expect(excelNumberText(1.5e21)).toBe('1500000000000000000000');
  });

  it('date serials (1900 system)', () => {
    expect(excelSerialToDate('45363')).toBe('2024-03-12');
    expect(excelSerialToDate('45363.75')).toBe('2024-03-12');
    expect(excelSerialToDate('61')).toBe('1900-03-01');
    expect(() => excelSerialToDate('60')).toThrow(ValueError);
    expect(() => excelSerialToDate('abc')).toThrow(ValueError);
  });
});
