import { describe, expect, it } from 'vitest';
import { normalizeIdentifier, normalizeServiceId } from './service-id.ts';

describe('normalizeIdentifier', () => {
  it('spells a number in inventory exactly as a bill charge for it is normalised', () => {
    for (const raw of [
      '(312) 555-0100',
      '312.555.0100',
      '1 312 555 0100',
      '+1 312-555-0100',
      '+44 20 7946 0958',
    ])
      expect(normalizeIdentifier(raw, 'phone')).toBe(normalizeServiceId(raw, 'phone'));
    for (const raw of [' 12.hcgs.123456..sb ', 'ab 123 cd'])
      expect(normalizeIdentifier(raw, 'circuit')).toBe(normalizeServiceId(raw, 'circuit'));
  });

  it('refuses what is not a phone number, upper-cases SKUs and trims account ids', () => {
    expect(normalizeIdentifier('12', 'phone')).toBeNull();
    expect(normalizeIdentifier('555-0100', 'phone')).toBeNull();
    expect(normalizeServiceId('555-0100', 'phone')).toBe('555-0100');
    expect(normalizeIdentifier(' m365-e3 ', 'sku')).toBe('M365-E3');
    expect(normalizeIdentifier(' 1234-5678-9012 ', 'account')).toBe('1234-5678-9012');
    expect(normalizeIdentifier('   ', 'text')).toBeNull();
  });
});
