import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_MINOR_UNITS, DEFAULT_MINOR_UNITS, isCurrencyCode, minorUnitsOf } from './currencies.ts';
import {
  abs,
  add,
  allocate,
  compare,
  currencyMinorUnits,
  formatMoney,
  formatNanos,
  isZero,
  type Money,
  MoneyError,
  MoneyParseError,
  money,
  moneyString,
  multiplyRate,
  NANOS_PER_UNIT,
  negate,
  parseDecimal,
  type Ratio,
  ratePerUnit,
  roundNanos,
  roundToMinor,
  sub,
  sum,
} from './money.ts';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log('fast-check seed', seed);

// Reference arithmetic: 1000 significant digits is exact for every value these tests build.
const Big = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });

const INT64 = 9_200_000_000_000_000_000n;
const usd = (text: string): Money => money(text, 'USD');
const nanosOf = (text: string) => parseDecimal(text).nanos;

const digitString = (minLength: number, maxLength: number) =>
  fc
    .array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength, maxLength })
    .map((d) => d.join(''));

/** "[-]int.frac" with enough fraction digits to exercise rounding beyond the nano. */
const decimalString = (maxInt: number, maxFrac: number) =>
  fc
    .tuple(fc.constantFrom('', '-', '+'), digitString(1, maxInt), digitString(0, maxFrac))
    .map(([sign, i, f]) => (f === '' ? `${sign}${i}` : `${sign}${i}.${f}`));

/** Exact value of a nano amount as a reference Decimal. */
const bigOfNanos = (nanos: bigint) => new Big(nanos.toString()).div(1e9);
const nanosOfBig = (d: Decimal) => BigInt(d.times(1e9).toFixed(0));

describe('currencies', () => {
  it('knows the minor units of common currencies', () => {
    expect(minorUnitsOf('USD')).toBe(2);
    expect(minorUnitsOf('EUR')).toBe(2);
    expect(minorUnitsOf('JPY')).toBe(0);
    expect(minorUnitsOf('KRW')).toBe(0);
    expect(minorUnitsOf('ISK')).toBe(0);
    expect(minorUnitsOf('CLP')).toBe(0);
    expect(minorUnitsOf('KWD')).toBe(3);
    expect(minorUnitsOf('BHD')).toBe(3);
    expect(minorUnitsOf('TND')).toBe(3);
    expect(minorUnitsOf('CLF')).toBe(4);
  });

  it('defaults well-formed unknown codes to two decimals and rejects malformed ones', () => {
    expect(minorUnitsOf('XYZ')).toBe(DEFAULT_MINOR_UNITS);
    expect(minorUnitsOf('usd')).toBeNull();
    expect(minorUnitsOf('US')).toBeNull();
    expect(minorUnitsOf('USDX')).toBeNull();
    expect(minorUnitsOf('')).toBeNull();
    expect(isCurrencyCode('GBP')).toBe(true);
    expect(isCurrencyCode('GB1')).toBe(false);
  });

  it('is a frozen table of well-formed codes with 0-4 decimals', () => {
    expect(Object.isFrozen(CURRENCY_MINOR_UNITS)).toBe(true);
    for (const [code, minor] of Object.entries(CURRENCY_MINOR_UNITS)) {
      expect(isCurrencyCode(code)).toBe(true);
      expect([0, 2, 3, 4]).toContain(minor);
    }
  });
});

describe('parseDecimal', () => {
  it('parses plain decimals exactly', () => {
    expect(NANOS_PER_UNIT).toBe(1_000_000_000n);
    expect(parseDecimal('0')).toEqual({ nanos: 0n, residue: null });
    expect(parseDecimal('1')).toEqual({ nanos: 1_000_000_000n, residue: null });
    expect(parseDecimal('1.5')).toEqual({ nanos: 1_500_000_000n, residue: null });
    expect(parseDecimal('-1.5')).toEqual({ nanos: -1_500_000_000n, residue: null });
    expect(parseDecimal('+1.25')).toEqual({ nanos: 1_250_000_000n, residue: null });
    expect(parseDecimal('0.000000001')).toEqual({ nanos: 1n, residue: null });
    expect(parseDecimal('-0')).toEqual({ nanos: 0n, residue: null });
    expect(parseDecimal('007.10')).toEqual({ nanos: 7_100_000_000n, residue: null });
    expect(parseDecimal('123456789012345678901234567890.123456789').nanos).toBe(
      123456789012345678901234567890123456789n,
    );
  });

  it('accepts a bare leading or trailing decimal mark and surrounding whitespace', () => {
    expect(nanosOf('.5')).toBe(500_000_000n);
    expect(nanosOf('-.5')).toBe(-500_000_000n);
    expect(nanosOf('5.')).toBe(5_000_000_000n);
    expect(nanosOf('  \t12.5\n')).toBe(12_500_000_000n);
  });

  it('accepts exponents and converts them exactly', () => {
    expect(parseDecimal('4e-10')).toEqual({ nanos: 0n, residue: '0.0000000004' });
    expect(parseDecimal('1.5E+3')).toEqual({ nanos: 1_500_000_000_000n, residue: null });
    expect(parseDecimal('1.5e3')).toEqual({ nanos: 1_500_000_000_000n, residue: null });
    expect(parseDecimal('2.5e-9')).toEqual({ nanos: 2n, residue: '0.0000000005' });
    expect(parseDecimal('.5e1')).toEqual({ nanos: 5_000_000_000n, residue: null });
    expect(parseDecimal('123e-11')).toEqual({ nanos: 1n, residue: '0.00000000023' });
    expect(parseDecimal('1e1000').nanos).toBe(10n ** 1009n);
    expect(parseDecimal('-1e-1000').residue).toBe(`-0.${'0'.repeat(999)}1`);
  });

  it('rounds beyond nine decimals half-even and reports the exact residue', () => {
    expect(parseDecimal('1.0000000004')).toEqual({ nanos: 1_000_000_000n, residue: '0.0000000004' });
    expect(parseDecimal('1.0000000006')).toEqual({ nanos: 1_000_000_001n, residue: '-0.0000000004' });
    // Ties go to the even nano.
    expect(parseDecimal('1.0000000005')).toEqual({ nanos: 1_000_000_000n, residue: '0.0000000005' });
    expect(parseDecimal('1.0000000015')).toEqual({ nanos: 1_000_000_002n, residue: '-0.0000000005' });
    expect(parseDecimal('-1.0000000005')).toEqual({ nanos: -1_000_000_000n, residue: '-0.0000000005' });
    expect(parseDecimal('-1.0000000015')).toEqual({ nanos: -1_000_000_002n, residue: '0.0000000005' });
    // Just past a tie rounds away even when the nano is even.
    expect(parseDecimal('0.00000000050000000001')).toEqual({
      nanos: 1n,
      residue: '-0.00000000049999999999',
    });
    // Extra zero digits are not a residue.
    expect(parseDecimal('1.000000000000')).toEqual({ nanos: 1_000_000_000n, residue: null });
  });

  it('accepts grouping separators only when asked, in groups of three', () => {
    expect(nanosOf('1,234,567.89'.replaceAll(',', ''))).toBe(1_234_567_890_000_000n);
    expect(parseDecimal('1,234,567.89', { thousands: ',' }).nanos).toBe(1_234_567_890_000_000n);
    expect(parseDecimal('1234567.89', { thousands: ',' }).nanos).toBe(1_234_567_890_000_000n);
    expect(parseDecimal('-1.234.567,89', { thousands: '.', decimalMark: ',' }).nanos).toBe(
      -1_234_567_890_000_000n,
    );
    expect(parseDecimal('1 234 567', { thousands: ' ' }).nanos).toBe(1_234_567_000_000_000n);
    expect(parseDecimal("1'234.5", { thousands: "'" }).nanos).toBe(1_234_500_000_000n);
    expect(parseDecimal('12,5', { decimalMark: ',' }).nanos).toBe(12_500_000_000n);
    expect(() => parseDecimal('1,234.5')).toThrow(MoneyParseError);
    expect(() => parseDecimal('1,23', { thousands: ',' })).toThrow(MoneyParseError);
    expect(() => parseDecimal('1234,567', { thousands: ',' })).toThrow(MoneyParseError);
    expect(() => parseDecimal('1,,234', { thousands: ',' })).toThrow(MoneyParseError);
    expect(() => parseDecimal(',234', { thousands: ',' })).toThrow(MoneyParseError);
  });

  it('refuses a grouping separator equal to the decimal mark', () => {
    expect(() => parseDecimal('1.5', { thousands: '.' })).toThrow(MoneyError);
    expect(() => parseDecimal('1.5', { thousands: '.' })).not.toThrow(MoneyParseError);
    expect(() => parseDecimal('1,5', { thousands: ',', decimalMark: ',' })).toThrow(/must differ/);
  });

  it.each([
    '',
    '   ',
    '.',
    '-',
    '+',
    '1.2.3',
    'abc',
    '--1',
    '+-1',
    '1e',
    '1e+',
    'e5',
    '.e5',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '0b1',
    '1_000',
    '1 2',
    '١٢',
    '1.5 USD',
    '$1',
  ])('rejects %j', (text) => {
    expect(() => parseDecimal(text)).toThrow(MoneyParseError);
  });

  it('rejects overlong text and out-of-range exponents', () => {
    expect(() => parseDecimal('1'.repeat(101))).toThrow(/longer than 100/);
    expect(parseDecimal('1'.repeat(100)).nanos).toBe(BigInt('1'.repeat(100)) * NANOS_PER_UNIT);
    expect(() => parseDecimal('1e1001')).toThrow(/exponent out of range/);
    expect(() => parseDecimal('1e-1001')).toThrow(/exponent out of range/);
  });

  it('names the offending text in the error, truncated to 40 characters', () => {
    const long = `${'9'.repeat(45)}x`;
    const error = (() => {
      try {
        parseDecimal(long);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MoneyParseError);
    expect(error).toBeInstanceOf(MoneyError);
    const parseError = error as MoneyParseError;
    expect(parseError.name).toBe('MoneyParseError');
    expect(parseError.input).toBe(`${'9'.repeat(40)}…`);
    expect(parseError.message).toContain(`"${'9'.repeat(40)}…"`);
    expect(() => parseDecimal('1.2.3')).toThrow('"1.2.3"');
  });

  it('rejects non-string input from untyped callers', () => {
    expect(() => parseDecimal(undefined as unknown as string)).toThrow(/"undefined".*not a string/);
    expect(() => parseDecimal(12 as unknown as string)).toThrow(MoneyParseError);
  });

  it('round-trips formatNanos for every int64 nano amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -INT64, max: INT64 }), (nanos) => {
        expect(parseDecimal(formatNanos(nanos))).toEqual({ nanos, residue: null });
        expect(parseDecimal(formatNanos(nanos, { minDecimals: 0 })).nanos).toBe(nanos);
      }),
      { seed, verbose: true },
    );
  });

  it('matches decimal.js half-even rounding and residue for long fractions', () => {
    fc.assert(
      fc.property(decimalString(25, 30), (text) => {
        const exact = new Big(text);
        const rounded = exact.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN);
        const { nanos, residue } = parseDecimal(text);
        expect(nanos).toBe(nanosOfBig(rounded));
        if (exact.eq(rounded)) expect(residue).toBeNull();
        else {
          expect(residue).toMatch(/^-?0\.0{9}[0-9]*[1-9]$/);
          expect(new Big(residue!).eq(exact.minus(rounded))).toBe(true);
        }
      }),
      { seed, verbose: true },
    );
  });

  it('parses exponent notation exactly like decimal.js', () => {
    fc.assert(
      fc.property(
        decimalString(12, 12),
        fc.constantFrom('e', 'E'),
        fc.constantFrom('', '+', '-'),
        fc.integer({ min: 0, max: 40 }),
        (mantissa, e, expSign, exp) => {
          const text = `${mantissa}${e}${expSign}${exp}`;
          const exact = new Big(text);
          const rounded = exact.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN);
          const { nanos, residue } = parseDecimal(text);
          expect(nanos).toBe(nanosOfBig(rounded));
          expect(new Big(residue ?? '0').eq(exact.minus(rounded))).toBe(true);
        },
      ),
      { seed, verbose: true },
    );
  });

  it('reads what formatMoney-style grouping writes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -INT64, max: INT64 }), (nanos) => {
        const grouped = formatMoney({ nanos, currency: 'XYZ' }, { decimals: 9 }).replace(' XYZ', '');
        expect(parseDecimal(grouped, { thousands: ',' }).nanos).toBe(nanos);
      }),
      { seed, verbose: true },
    );
  });
});

describe('money', () => {
  it('builds a Money from text and a currency code', () => {
    expect(money('12.34', 'EUR')).toEqual({ nanos: 12_340_000_000n, currency: 'EUR' });
    expect(money('0.00000000051', 'USD')).toEqual({ nanos: 1n, currency: 'USD' });
  });

  it('validates the currency code', () => {
    expect(() => money('1', 'usd')).toThrow(MoneyError);
    expect(() => money('1', 'US')).toThrow('Invalid currency code "US"');
    expect(() => money('1', 'DOLLARS')).toThrow(MoneyError);
    expect(() => money('x', 'USD')).toThrow(MoneyParseError);
  });

  it('exposes the minor units of a currency', () => {
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('ABC')).toBe(2);
    expect(() => currencyMinorUnits('A1C')).toThrow(MoneyError);
  });
});

describe('roundNanos and roundToMinor', () => {
  it('rounds half-even to the requested decimals', () => {
    expect(roundNanos(1_005_000_000n, 2)).toBe(1_000_000_000n);
    expect(roundNanos(1_015_000_000n, 2)).toBe(1_020_000_000n);
    expect(roundNanos(1_015_000_001n, 2)).toBe(1_020_000_000n);
    expect(roundNanos(1_004_999_999n, 2)).toBe(1_000_000_000n);
    expect(roundNanos(1_025_000_000n, 2)).toBe(1_020_000_000n);
    expect(roundNanos(1_025_000_001n, 2)).toBe(1_030_000_000n);
    expect(roundNanos(-1_005_000_000n, 2)).toBe(-1_000_000_000n);
    expect(roundNanos(-1_015_000_000n, 2)).toBe(-1_020_000_000n);
    expect(roundNanos(-1_016_000_000n, 2)).toBe(-1_020_000_000n);
    expect(roundNanos(2_500_000_000n, 0)).toBe(2_000_000_000n);
    expect(roundNanos(3_500_000_000n, 0)).toBe(4_000_000_000n);
    expect(roundNanos(-1n, 0)).toBe(0n);
    expect(roundNanos(123n, 9)).toBe(123n);
  });

  it('rejects decimals outside 0-9', () => {
    expect(() => roundNanos(1n, -1)).toThrow(MoneyError);
    expect(() => roundNanos(1n, 10)).toThrow(/from 0 to 9/);
    expect(() => roundNanos(1n, 1.5)).toThrow(MoneyError);
    expect(() => roundNanos(1n, Number.NaN)).toThrow(MoneyError);
  });

  it('matches decimal.js half-even for any amount and precision', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -INT64, max: INT64 }),
        fc.integer({ min: 0, max: 9 }),
        (nanos, decimals) => {
          const expected = bigOfNanos(nanos).toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN);
          expect(roundNanos(nanos, decimals)).toBe(nanosOfBig(expected));
        },
      ),
      { seed, verbose: true },
    );
  });

  it('rounds to the currency minor unit', () => {
    expect(roundToMinor(usd('1.005'))).toEqual(usd('1.00'));
    expect(roundToMinor(usd('1.015'))).toEqual(usd('1.02'));
    expect(roundToMinor(money('2.5', 'JPY'))).toEqual(money('2', 'JPY'));
    expect(roundToMinor(money('1.0005', 'KWD'))).toEqual(money('1.000', 'KWD'));
    expect(roundToMinor(money('1.0015', 'KWD'))).toEqual(money('1.002', 'KWD'));
    expect(() => roundToMinor({ nanos: 1n, currency: 'usd' })).toThrow(MoneyError);
  });
});

describe('formatNanos', () => {
  it('prints exact decimals with at least two places and no trailing zeros beyond them', () => {
    expect(formatNanos(1_500_000_000n)).toBe('1.50');
    expect(formatNanos(400n)).toBe('0.0000004');
    expect(formatNanos(-1n)).toBe('-0.000000001');
    expect(formatNanos(0n)).toBe('0.00');
    expect(formatNanos(-1_234_567_890_123n)).toBe('-1234.567890123');
    expect(formatNanos(10n ** 30n)).toBe('1000000000000000000000.00');
  });

  it('honours minDecimals and maxDecimals', () => {
    expect(formatNanos(1_500_000_000n, { minDecimals: 0 })).toBe('1.5');
    expect(formatNanos(2_000_000_000n, { minDecimals: 0 })).toBe('2');
    expect(formatNanos(2_000_000_000n, { minDecimals: 9 })).toBe('2.000000000');
    expect(formatNanos(1_234_567_891n, { maxDecimals: 4 })).toBe('1.2346');
    expect(formatNanos(1_000_050_000n, { maxDecimals: 4 })).toBe('1.00');
    expect(formatNanos(1_000_150_000n, { maxDecimals: 4 })).toBe('1.0002');
    expect(formatNanos(2_500_000_000n, { maxDecimals: 0 })).toBe('2');
    expect(formatNanos(1_500_000_000n, { maxDecimals: 1 })).toBe('1.5');
    // A value that rounds to zero loses its sign.
    expect(formatNanos(-1n, { maxDecimals: 2 })).toBe('0.00');
    expect(formatNanos(-5_000_000n, { maxDecimals: 2 })).toBe('0.00');
    expect(formatNanos(-15_000_000n, { maxDecimals: 2 })).toBe('-0.02');
  });

  it('rejects inconsistent or out-of-range options', () => {
    expect(() => formatNanos(1n, { minDecimals: 5, maxDecimals: 4 })).toThrow(/must not exceed/);
    expect(() => formatNanos(1n, { maxDecimals: 10 })).toThrow(/maxDecimals/);
    expect(() => formatNanos(1n, { minDecimals: -1 })).toThrow(/minDecimals/);
  });

  it('matches decimal.js toFixed with half-even rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -INT64, max: INT64 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        (nanos, a, b) => {
          const [minDecimals, maxDecimals] = a <= b ? [a, b] : [b, a];
          let expected = bigOfNanos(nanos)
            .toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_EVEN)
            .toFixed(maxDecimals);
          while (/\.\d*0$/.test(expected) && expected.split('.')[1]!.length > minDecimals) {
            expected = expected.slice(0, -1);
          }
          expected = expected.replace(/\.$/, '');
          expect(formatNanos(nanos, { minDecimals, maxDecimals })).toBe(expected);
        },
      ),
      { seed, verbose: true },
    );
  });
});

describe('formatMoney and moneyString', () => {
  it('rounds to the minor unit, groups thousands and appends the code', () => {
    expect(formatMoney(usd('1234.5'))).toBe('1,234.50 USD');
    expect(formatMoney(usd('-1234.5'))).toBe('-1,234.50 USD');
    expect(formatMoney(usd('1234567.125'))).toBe('1,234,567.12 USD');
    expect(formatMoney(usd('0.004'))).toBe('0.00 USD');
    expect(formatMoney(usd('999.995'))).toBe('1,000.00 USD');
    expect(formatMoney(money('1234.5', 'JPY'))).toBe('1,234 JPY');
    expect(formatMoney(money('-1234567.0005', 'KWD'))).toBe('-1,234,567.000 KWD');
    expect(formatMoney(usd('123'))).toBe('123.00 USD');
  });

  it('accepts an explicit number of decimals', () => {
    expect(formatMoney(usd('0.123456'), { decimals: 4 })).toBe('0.1235 USD');
    expect(formatMoney(usd('1234.5'), { decimals: 0 })).toBe('1,234 USD');
    expect(() => formatMoney(usd('1'), { decimals: 12 })).toThrow(MoneyError);
    expect(() => formatMoney({ nanos: 1n, currency: 'usd' }, { decimals: 2 })).toThrow(/Invalid currency/);
  });

  it('moneyString is the exact amount with at least two decimals', () => {
    expect(moneyString(usd('1234.5'))).toBe('1234.50');
    expect(moneyString(usd('0.000000001'))).toBe('0.000000001');
    expect(moneyString(usd('-7'))).toBe('-7.00');
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, negates and takes absolute values', () => {
    expect(add(usd('1.10'), usd('2.20'))).toEqual(usd('3.30'));
    expect(sub(usd('1.10'), usd('2.20'))).toEqual(usd('-1.10'));
    expect(negate(usd('1.5'))).toEqual(usd('-1.5'));
    expect(negate(usd('0'))).toEqual(usd('0'));
    expect(abs(usd('-1.5'))).toEqual(usd('1.5'));
    expect(abs(usd('1.5'))).toEqual(usd('1.5'));
    expect(isZero(usd('0.000'))).toBe(true);
    expect(isZero(usd('0.000000001'))).toBe(false);
  });

  it('does not alias its input', () => {
    const m = usd('2');
    const copy = abs(m);
    copy.nanos = 5n;
    expect(m.nanos).toBe(2_000_000_000n);
  });

  it('compares amounts of one currency', () => {
    expect(compare(usd('1'), usd('2'))).toBe(-1);
    expect(compare(usd('2'), usd('1'))).toBe(1);
    expect(compare(usd('2'), usd('2.000'))).toBe(0);
  });

  it('throws on currency mismatch', () => {
    const eur = money('1', 'EUR');
    expect(() => add(usd('1'), eur)).toThrow('Cannot add USD and EUR');
    expect(() => sub(usd('1'), eur)).toThrow(MoneyError);
    expect(() => compare(usd('1'), eur)).toThrow(MoneyError);
    expect(() => sum([usd('1'), eur], 'USD')).toThrow(MoneyError);
    expect(() => sum([eur], 'USD')).toThrow(MoneyError);
  });

  it('sums a list, typed by currency even when empty', () => {
    expect(sum([], 'EUR')).toEqual({ nanos: 0n, currency: 'EUR' });
    expect(sum([usd('0.1'), usd('0.2'), usd('-0.3')], 'USD')).toEqual(usd('0'));
    expect(() => sum([], 'eur')).toThrow(MoneyError);
  });

  it('add is commutative and associative', () => {
    const chf = fc.bigInt({ min: -INT64, max: INT64 }).map((nanos) => ({ nanos, currency: 'CHF' }));
    fc.assert(
      fc.property(chf, chf, chf, (x, y, z) => {
        expect(add(add(x, y), z)).toEqual(add(x, add(y, z)));
        expect(add(x, y)).toEqual(add(y, x));
        expect(sub(add(x, y), y)).toEqual(x);
      }),
      { seed, verbose: true },
    );
  });

  it('sum is commutative and associative', () => {
    const amounts = fc.array(fc.bigInt({ min: -INT64, max: INT64 }), { maxLength: 30 });
    fc.assert(
      fc.property(amounts, amounts, fc.integer(), (xs, ys, salt) => {
        const a = xs.map((nanos) => ({ nanos, currency: 'CHF' }));
        const b = ys.map((nanos) => ({ nanos, currency: 'CHF' }));
        const whole = sum([...a, ...b], 'CHF');
        expect(add(sum(a, 'CHF'), sum(b, 'CHF'))).toEqual(whole);
        expect(sum([...b, ...a], 'CHF')).toEqual(whole);
        const shuffled = [...a, ...b].sort(
          (p, q) => ((Number(p.nanos % 997n) ^ salt) & 1) - ((Number(q.nanos % 997n) ^ salt) & 1),
        );
        expect(sum(shuffled, 'CHF')).toEqual(whole);
        expect(whole.nanos).toBe([...xs, ...ys].reduce((s, x) => s + x, 0n));
      }),
      { seed, verbose: true },
    );
  });
});

describe('allocate', () => {
  const strings = (ms: Money[]) => ms.map(moneyString);

  it('splits evenly with the remainder to the earliest parts', () => {
    expect(strings(allocate(usd('1'), [1, 1, 1]))).toEqual(['0.333333334', '0.333333333', '0.333333333']);
    expect(strings(allocate(usd('1'), [1, 1, 1], { unit: 'minor' }))).toEqual(['0.34', '0.33', '0.33']);
    expect(strings(allocate(usd('1'), [1, 1, 1], { unit: 'nano' }))).toEqual([
      '0.333333334',
      '0.333333333',
      '0.333333333',
    ]);
  });

  it('gives leftovers to the largest remainders first', () => {
    // 10 cents split 3:5:2 is exact: nothing left over.
    expect(strings(allocate(usd('0.10'), [3, 5, 2], { unit: 'minor' }))).toEqual(['0.03', '0.05', '0.02']);
    // 10 cents split 1:2:4 -> 1.43, 2.86, 5.71 cents: floors 1, 2, 5 leave two cents, which go to
    // index 1 (.86) and index 2 (.71), not index 0 (.43).
    expect(strings(allocate(usd('0.10'), [1, 2, 4], { unit: 'minor' }))).toEqual(['0.01', '0.03', '0.06']);
    // Equal remainders go to the earlier index.
    expect(strings(allocate(usd('0.02'), [1, 1, 1], { unit: 'minor' }))).toEqual(['0.01', '0.01', '0.00']);
    expect(strings(allocate(usd('0.02'), [0, 1, 1, 1], { unit: 'minor' }))).toEqual([
      '0.00',
      '0.01',
      '0.01',
      '0.00',
    ]);
  });

  it('mirrors negative totals', () => {
    expect(strings(allocate(usd('-1'), [1, 1, 1], { unit: 'minor' }))).toEqual(['-0.34', '-0.33', '-0.33']);
    expect(strings(allocate(usd('-0.10'), [1, 2, 4], { unit: 'minor' }))).toEqual([
      '-0.01',
      '-0.03',
      '-0.06',
    ]);
  });

  it('accepts bigint, integer and exact decimal-string ratios', () => {
    const parts = allocate(usd('100'), ['33.3333', 1n, 0, '66.6667e0', '0.0000']);
    // Shares 33.00326732673, 0.99009900990, 66.00663366337: the two leftover nanos go to the .90 and .73 remainders.
    expect(strings(parts)).toEqual(['33.003267327', '0.99009901', '0.00', '66.006633663', '0.00']);
    expect(sum(parts, 'USD')).toEqual(usd('100'));
    expect(strings(allocate(usd('10'), ['1e2', '100', 100n]))).toEqual([
      '3.333333334',
      '3.333333333',
      '3.333333333',
    ]);
    expect(strings(allocate(usd('10'), ['-0', '1']))).toEqual(['0.00', '10.00']);
    expect(strings(allocate(usd('0'), [1, 2]))).toEqual(['0.00', '0.00']);
    expect(allocate(usd('7'), [3])).toEqual([usd('7')]);
  });

  it('allocates zero-decimal and three-decimal currencies in their minor units', () => {
    expect(strings(allocate(money('100', 'JPY'), [1, 1, 1], { unit: 'minor' }))).toEqual([
      '34.00',
      '33.00',
      '33.00',
    ]);
    expect(strings(allocate(money('1', 'KWD'), [1, 2], { unit: 'minor' }))).toEqual(['0.333', '0.667']);
  });

  it('rejects bad ratios and totals that are not whole minor units', () => {
    expect(() => allocate(usd('1'), [])).toThrow(/at least one ratio/);
    expect(() => allocate(usd('1'), [0, 0n, '0'])).toThrow(/positive ratio/);
    expect(() => allocate(usd('1'), [1, -1])).toThrow('Ratio #1');
    expect(() => allocate(usd('1'), [-1n])).toThrow(/negative/);
    expect(() => allocate(usd('1'), ['-0.5'])).toThrow(/negative/);
    expect(() => allocate(usd('1'), [0.5])).toThrow(/safe integer/);
    expect(() => allocate(usd('1'), [2 ** 53])).toThrow(/safe integer/);
    expect(() => allocate(usd('1'), [Number.NaN])).toThrow(MoneyError);
    expect(() => allocate(usd('1'), ['abc'])).toThrow(MoneyParseError);
    expect(() => allocate(usd('1'), [null as unknown as Ratio])).toThrow(/bigint, number or string/);
    expect(() => allocate(usd('1.005'), [1, 1], { unit: 'minor' })).toThrow(/whole minor units/);
    expect(() => allocate(money('1.5', 'JPY'), [1], { unit: 'minor' })).toThrow(MoneyError);
    expect(() => allocate({ nanos: 0n, currency: 'us' }, [1], { unit: 'minor' })).toThrow(/Invalid currency/);
    expect(() => allocate(usd('1'), [1], { unit: 'cents' as 'minor' })).toThrow(/Unknown allocation unit/);
  });

  const ratio: fc.Arbitrary<Ratio> = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 20n }),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.tuple(digitString(1, 6), digitString(0, 6)).map(([i, f]) => (f === '' ? i : `${i}.${f}`)),
  );

  /** Exact ratio weights scaled by 10^6, computed with decimal.js rather than the module's parser. */
  const referenceWeights = (ratios: Ratio[]) =>
    ratios.map((r) => BigInt(new Big(r.toString()).times(1e6).toFixed(0)));

  const checkAllocation = (total: Money, ratios: Ratio[], step: bigint, parts: Money[]) => {
    const weights = referenceWeights(ratios);
    const totalWeight = weights.reduce((s, w) => s + w, 0n);
    expect(parts).toHaveLength(ratios.length);
    expect(sum(parts, total.currency)).toEqual(total);
    const got: bigint[] = [];
    parts.forEach((part, i) => {
      expect(part.currency).toBe(total.currency);
      expect(part.nanos % step).toBe(0n);
      // |part - exact share| < 1 unit, compared without division.
      const error = part.nanos * totalWeight - total.nanos * weights[i]!;
      expect(error < 0n ? -error : error).toBeLessThan(step * totalWeight);
      got.push(part.nanos);
    });
    // Largest-remainder rule: a part that got the extra unit never has a smaller remainder than one that did not.
    const magnitude = total.nanos < 0n ? -total.nanos : total.nanos;
    const units = magnitude / step;
    const info = weights.map((w, i) => ({
      extra: (got[i]! < 0n ? -got[i]! : got[i]!) / step - (units * w) / totalWeight,
      remainder: (units * w) % totalWeight,
      i,
    }));
    for (const x of info) {
      expect(x.extra === 0n || x.extra === 1n).toBe(true);
      for (const y of info) {
        if (x.extra === 1n && y.extra === 0n) {
          expect(x.remainder > y.remainder || (x.remainder === y.remainder && x.i < y.i)).toBe(true);
        }
      }
    }
  };

  it('parts always sum to the total and stay within one nano of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -INT64, max: INT64 }),
        fc
          .array(ratio, { minLength: 1, maxLength: 12 })
          .filter((rs) => referenceWeights(rs).some((w) => w > 0n)),
        (nanos, ratios) => {
          const total = { nanos, currency: 'USD' };
          checkAllocation(total, ratios, 1n, allocate(total, ratios));
        },
      ),
      { seed, verbose: true },
    );
  });

  it('minor-unit parts sum to the total and stay within one minor unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'),
        fc
          .array(ratio, { minLength: 1, maxLength: 12 })
          .filter((rs) => referenceWeights(rs).some((w) => w > 0n)),
        (minorUnits, currency, ratios) => {
          const step = 10n ** BigInt(9 - currencyMinorUnits(currency));
          const total = { nanos: minorUnits * step, currency };
          checkAllocation(total, ratios, step, allocate(total, ratios, { unit: 'minor' }));
        },
      ),
      { seed, verbose: true },
    );
  });
});

describe('multiplyRate', () => {
  it('multiplies decimal strings exactly and rounds half-even once', () => {
    expect(multiplyRate('3', '0.1')).toBe(300_000_000n);
    expect(multiplyRate('1000000', '0.000000015')).toBe(15_000_000n);
    expect(multiplyRate('1', '0.0000000005')).toBe(0n);
    expect(multiplyRate('1', '0.0000000015')).toBe(2n);
    expect(multiplyRate('-1.5', '4e-10')).toBe(-1n);
    expect(multiplyRate('-1', '-2.5')).toBe(2_500_000_000n);
    expect(multiplyRate('0', '123.456')).toBe(0n);
    expect(multiplyRate('123456789012345678901234567890', '2')).toBe(
      246913578024691357802469135780n * NANOS_PER_UNIT,
    );
  });

  it('stays exact when the product needs more than 60 significant digits', () => {
    const justAboveTie = `0.000000000500000000000000000000000000000000000000000000000000000000001`;
    expect(multiplyRate('1', justAboveTie)).toBe(1n);
    expect(multiplyRate('-1', justAboveTie)).toBe(-1n);
    const justBelowOddTie = `0.000000001499999999999999999999999999999999999999999999999999999999999999`;
    expect(multiplyRate(justBelowOddTie, '1')).toBe(1n);
    const long = '1.23456789012345678901234567890123456789';
    expect(multiplyRate(long, long)).toBe(1_524_157_875n);
  });

  it('rounds correctly just beside a nano tie, however far out the difference is', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: 0, max: 70 }),
        fc.constantFrom(-1, 0, 1),
        (nanos, zeros, direction) => {
          // (nanos + 1/2) nano, nudged by 10^-(10 + zeros) in either direction (or not at all).
          const value = bigOfNanos(nanos)
            .plus('0.0000000005')
            .plus(new Big(direction).times(new Big(10).pow(-(10 + zeros))));
          const text = value.toFixed();
          const expected = nanosOfBig(value.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN));
          expect(multiplyRate(text, '1')).toBe(expected);
          expect(multiplyRate('-1', text)).toBe(-expected);
          expect(parseDecimal(text).nanos).toBe(expected);
        },
      ),
      { seed, verbose: true },
    );
  });

  it('refuses products too large to round exactly at 60 digits', () => {
    expect(() =>
      multiplyRate('123456789012345678901234567890123456', '123456789012345678901234567890.123'),
    ).toThrow(/too large to round exactly/);
  });

  it('rejects malformed operands', () => {
    expect(() => multiplyRate('1,000', '1')).toThrow(MoneyParseError);
    expect(() => multiplyRate('1', 'NaN')).toThrow(MoneyParseError);
    expect(() => multiplyRate('Infinity', '1')).toThrow(MoneyParseError);
  });

  it('matches an exact reference product', () => {
    fc.assert(
      fc.property(
        decimalString(15, 40),
        decimalString(8, 40),
        fc.integer({ min: -12, max: 6 }),
        (quantity, mantissa, exp) => {
          const rate = `${mantissa}e${exp}`;
          const expected = new Big(quantity).times(rate).toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN);
          expect(multiplyRate(quantity, rate)).toBe(nanosOfBig(expected));
        },
      ),
      { seed, verbose: true },
    );
  });
});

describe('ratePerUnit', () => {
  it('divides an amount by a quantity to twelve decimals', () => {
    expect(ratePerUnit(1_000_000_000n, '2')).toBe('0.5');
    expect(ratePerUnit(1_000_000_000n, '3')).toBe('0.333333333333');
    expect(ratePerUnit(2_000_000_000n, '3')).toBe('0.666666666667');
    expect(ratePerUnit(15_000_000n, '1000000')).toBe('0.000000015');
    expect(ratePerUnit(12_000_000_000n, '1')).toBe('12');
    expect(ratePerUnit(-1_000_000_000n, '4')).toBe('-0.25');
    expect(ratePerUnit(1_000_000_000n, '-4e0')).toBe('-0.25');
    expect(ratePerUnit(0n, '5')).toBe('0');
    expect(ratePerUnit(-1n, '1e20')).toBe('0');
    // Ties at the 12th decimal go to even.
    expect(ratePerUnit(1n, '2000')).toBe('0');
    expect(ratePerUnit(3n, '2000')).toBe('0.000000000002');
  });

  it('does not double-round quotients that sit next to a tie', () => {
    // 1e-9 / 1999.999... is a hair above the tie 0.0000000000005, which 60 digits cannot see.
    expect(ratePerUnit(1n, `1999.${'9'.repeat(80)}`)).toBe('0.000000000001');
    expect(ratePerUnit(-1n, `1999.${'9'.repeat(80)}`)).toBe('-0.000000000001');
    // 3e-9 / 2000.000...1 is a hair below the tie 0.0000000000015.
    expect(ratePerUnit(3n, `2000.${'0'.repeat(80)}1`)).toBe('0.000000000001');
  });

  it('refuses quotients too large to round exactly at 60 digits', () => {
    expect(() => ratePerUnit(10n ** 60n, '3')).toThrow(/too large to round exactly/);
  });

  it('rejects a zero or malformed quantity', () => {
    expect(() => ratePerUnit(1n, '0')).toThrow(/must not be zero/);
    expect(() => ratePerUnit(1n, '-0.000')).toThrow(MoneyError);
    expect(() => ratePerUnit(1n, 'one')).toThrow(MoneyParseError);
  });

  it('matches an exact rational reference', () => {
    const quantity = fc
      .tuple(fc.constantFrom('', '-'), digitString(1, 12), digitString(0, 20))
      .map(([s, i, f]) => (f === '' ? `${s}${i}` : `${s}${i}.${f}`))
      .filter((q) => /[1-9]/.test(q));
    fc.assert(
      fc.property(fc.bigInt({ min: -INT64, max: INT64 }), quantity, (nanos, q) => {
        // rate * 10^12 = nanos * 10^3 * 10^fracLen / qDigits, rounded half-even by long division.
        const [intText, fracText = ''] = q.replace('-', '').split('.');
        const denominator = BigInt(intText! + fracText) * (q.startsWith('-') ? -1n : 1n);
        const numerator = nanos * 1000n * 10n ** BigInt(fracText.length);
        const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
        const n = numerator < 0n ? -numerator : numerator;
        const d = denominator < 0n ? -denominator : denominator;
        let scaled = n / d;
        const remainder2 = (n % d) * 2n;
        if (remainder2 > d || (remainder2 === d && scaled % 2n === 1n)) scaled += 1n;
        const expected = new Big(`${sign * scaled}e-12`).toFixed();
        expect(ratePerUnit(nanos, q)).toBe(expected === '-0' ? '0' : expected);
      }),
      { seed, verbose: true },
    );
  });
});
