import { emptyStated, type ParsedCharge, type ParsedInvoice } from '@temops/formats';
import { describe, expect, it } from 'vitest';
import { AmountError, normalizeInvoice } from './normalize.ts';
import { normalizeServiceId } from './service-id.ts';

const charge = (amount: string, over: Partial<ParsedCharge> = {}): ParsedCharge => ({
  serviceId: '312-555-0100',
  serviceType: 'phone',
  kind: 'recurring',
  description: null,
  productCode: null,
  quantity: null,
  unit: null,
  unitRate: null,
  amount,
  periodStart: null,
  periodEnd: null,
  infoOnly: false,
  source: { segment: 10 },
  ...over,
});

const invoice = (charges: ParsedCharge[], stated: Partial<ParsedInvoice['stated']> = {}): ParsedInvoice => ({
  vendorName: 'AT&T',
  vendorCode: null,
  accountNumber: '287-1',
  subAccountNumber: null,
  invoiceNumber: 'INV-1',
  invoiceDate: '2026-10-05',
  dueDate: null,
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  currency: 'USD',
  isCredit: false,
  stated: { ...emptyStated(), ...stated },
  charges,
  issues: [],
  source: { segment: 3 },
});

describe('normalizeInvoice', () => {
  it('sums payable charges exactly by kind and leaves information-only items out', () => {
    const n = normalizeInvoice(
      invoice([
        charge('45.00'),
        charge('0.1', { kind: 'tax' }),
        charge('0.2', { kind: 'tax' }),
        charge('-5.00', { kind: 'credit_adjustment' }),
        charge('99.99', { infoOnly: true }),
        charge('0.0000000004', { kind: 'usage', serviceId: 'i-0abc', serviceType: 'cloud_resource' }),
      ]),
    );
    expect(n.currentNanos).toBe(40_300_000_000n);
    expect(n.byKind.tax).toBe(300_000_000n);
    expect(n.byKind.credit_adjustment).toBe(-5_000_000_000n);
    expect(n.byKind.usage).toBe(0n);
    expect(n.infoOnlyNanos).toBe(99_990_000_000n);
    expect(n.serviceCount).toBe(2);
    expect(n.warnings.map((w) => w.code)).toEqual(['amount_rounded']);
  });

  it('records a control-total difference instead of absorbing it', () => {
    const n = normalizeInvoice(invoice([charge('10.00'), charge('5.00')], { currentCharges: '15.01' }));
    expect(n.controlDifference).toBe(-10_000_000n);
    expect(n.warnings[0]).toMatchObject({ code: 'control_total_mismatch', segment: 3 });
    expect(n.warnings[0]!.message).toBe(
      'charges sum to 15.00 but the invoice states current charges of 15.01',
    );
  });

  it('checks that the stated balance rolls forward', () => {
    const ok = normalizeInvoice(
      invoice([charge('50.00')], {
        previousBalance: '100.00',
        paymentsReceived: '100.00',
        totalDue: '50.00',
      }),
    );
    expect(ok.warnings).toEqual([]);
    expect(ok.controlDifference).toBe(0n);
    const off = normalizeInvoice(
      invoice([charge('50.00')], { previousBalance: '100.00', paymentsReceived: '90.00', totalDue: '50.00' }),
    );
    expect(off.warnings.map((w) => w.code)).toEqual(['balance_roll_forward']);
  });

  it('gives the same fingerprint to the same content wherever it sat in a file, and another to changed content', () => {
    const a = normalizeInvoice(invoice([charge('10.00')]));
    const moved = normalizeInvoice({
      ...invoice([charge('10.00', { source: { segment: 999 } })]),
      source: { segment: 77 },
    });
    const changed = normalizeInvoice(invoice([charge('10.01')]));
    expect(moved.contentHash).toBe(a.contentHash);
    expect(changed.contentHash).not.toBe(a.contentHash);
  });

  it('refuses an amount that is not a number, naming where it is', () => {
    expect(() => normalizeInvoice(invoice([charge('12,50', { source: { line: 14 } })]))).toThrow(AmountError);
    try {
      normalizeInvoice(invoice([charge('abc', { source: { line: 14 } })]));
    } catch (e) {
      expect((e as AmountError).line).toBe(14);
    }
  });
});

describe('normalizeServiceId', () => {
  it('writes North American and international numbers as E.164', () => {
    expect(normalizeServiceId('(312) 555-0100', 'phone')).toBe('+13125550100');
    expect(normalizeServiceId('1.312.555.0100', null)).toBe('+13125550100');
    expect(normalizeServiceId('+44 20 7946 0958', 'phone')).toBe('+442079460958');
  });

  it('upper-cases circuit ids without spaces and keeps other ids as given', () => {
    expect(normalizeServiceId(' 12.hcgs.123456..sb ', 'circuit')).toBe('12.HCGS.123456..SB');
    expect(normalizeServiceId('arn:aws:ec2:us-east-1:123:instance/i-0abc', 'cloud_resource')).toBe(
      'arn:aws:ec2:us-east-1:123:instance/i-0abc',
    );
    expect(normalizeServiceId('   ', 'phone')).toBeNull();
    expect(normalizeServiceId(null, null)).toBeNull();
  });
});
