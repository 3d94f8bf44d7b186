import { describe, expect, it } from 'vitest';
import { guessServiceType } from './type-guess.ts';

describe('guessServiceType', () => {
  it('follows what the bill said about the line', () => {
    expect(guessServiceType('phone', '+13125550100', 'wireless')).toBe('wireless');
    expect(guessServiceType('phone', '+13125550100', 'telecom')).toBe('wireline');
    expect(guessServiceType('circuit', 'DHEC123456', 'telecom')).toBe('data_circuit');
    expect(guessServiceType('cloud_resource', 'i-0abc', 'cloud')).toBe('cloud_account');
    expect(guessServiceType('account', '123456789012', 'cloud')).toBe('cloud_account');
    expect(guessServiceType('subscription', 'M365-E3', 'saas')).toBe('saas');
  });

  it('falls back to the identifier shape, then the vendor kind', () => {
    expect(guessServiceType(null, '+442071234567', 'telecom')).toBe('wireline');
    expect(guessServiceType('other', '+13125550100', 'wireless')).toBe('wireless');
    expect(guessServiceType(null, 'ACCT-1', 'cloud')).toBe('cloud_account');
    expect(guessServiceType(null, 'SKU-1', 'saas')).toBe('saas');
    expect(guessServiceType(null, 'X-1', 'telecom')).toBe('other');
  });
});
