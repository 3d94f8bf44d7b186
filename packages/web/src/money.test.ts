import { describe, expect, it } from 'vitest';
import { amountSign, formatAmount, sumAmounts } from './money.ts';

describe('formatAmount', () => {
  it('groups thousands and pads to two decimals', () => {
    expect(formatAmount('1234567.5')).toBe('1,234,567.50');
    expect(formatAmount('1000')).toBe('1,000.00');
    expect(formatAmount('999.999000000')).toBe('999.999');
    expect(formatAmount('12.300000000', 'USD')).toBe('12.30 USD');
  });

  it('keeps the sign and drops it from zero', () => {
    expect(formatAmount('-1234.5', 'EUR')).toBe('-1,234.50 EUR');
    expect(formatAmount('-0.000')).toBe('0.00');
    expect(formatAmount('-0.0125')).toBe('-0.0125');
    expect(formatAmount('.5')).toBe('0.50');
  });

  it('never loses digits of large amounts', () => {
    expect(formatAmount('123456789012345678.123456789')).toBe('123,456,789,012,345,678.123456789');
  });

  it('shows missing values as a dash and odd text as is', () => {
    expect(formatAmount(null)).toBe('—');
    expect(formatAmount('')).toBe('—');
    expect(formatAmount('n/a', 'USD')).toBe('n/a USD');
  });
});

describe('sumAmounts', () => {
  it('adds exactly', () => {
    expect(sumAmounts(['0.1', '0.2'])).toBe('0.30');
    expect(sumAmounts(['10.005', '-20', null, '3'])).toBe('-6.995');
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['-0.5', '0.25'])).toBe('-0.25');
  });
});

describe('amountSign', () => {
  it('reads the sign', () => {
    expect(amountSign('0.000')).toBe(0);
    expect(amountSign('-0.01')).toBe(-1);
    expect(amountSign('5')).toBe(1);
    expect(amountSign(null)).toBe(null);
  });
});
