import { describe, expect, it } from 'vitest';
import { FormatError } from '../canonical.ts';
import { chargeKind } from './charge.ts';
import { enumValue, FOCUS_COLUMNS, mapHeader } from './columns.ts';
import { sniffFocusCsv, sniffParquet } from './index.ts';

const REQUIRED = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'ChargeCategory',
];

describe('mapHeader', () => {
  it('knows the 57 FOCUS 1.2 columns', () => {
    expect(FOCUS_COLUMNS).toHaveLength(57);
  });

  it('matches names ignoring case, spaces, underscores and hyphens; keeps x_ and unknown names', () => {
    const h = mapHeader([
      '\uFEFFbilledcost',
      'Billing Account Id',
      'BILLING_CURRENCY',
      'billing-period-start',
      'chargeCategory',
      'x_BilledCost',
      'Id',
      '',
    ]);
    expect(h.columns.map((c) => c.name)).toEqual([
      'BilledCost',
      'BillingAccountId',
      'BillingCurrency',
      'BillingPeriodStart',
      'ChargeCategory',
      'x_BilledCost',
      'Id',
      'column_8',
    ]);
    expect(h.columns.map((c) => c.known)).toEqual([...REQUIRED, null, null, null]);
    expect(h.index.BilledCost).toBe(0);
  });

  it('refuses a column given twice, however spelled', () => {
    const err = (() => {
      try {
        mapHeader([...REQUIRED, 'billed_cost'], 1);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FormatError);
    expect(err).toMatchObject({ code: 'focus_duplicate_column', line: 1 });
  });

  it('names every missing required column', () => {
    expect(() => mapHeader(['BilledCost', 'ChargeCategory', 'BillingPeriodStart'], 1)).toThrow(
      /missing column\(s\) BillingAccountId, BillingCurrency/,
    );
  });
});

describe('enumValue', () => {
  it('returns the spec spelling for any casing or separator drift', () => {
    expect(enumValue('ChargeFrequency', 'Usage-based')).toBe('Usage-Based'); // Oracle rows of the 1.0 sample
    expect(enumValue('ChargeFrequency', 'one time')).toBe('One-Time');
    expect(enumValue('ChargeFrequency', 'RECURRING')).toBe('Recurring');
    expect(enumValue('ChargeCategory', 'purchase')).toBe('Purchase');
    expect(enumValue('ChargeClass', 'correction')).toBe('Correction');
    expect(enumValue('ChargeCategory', 'Fee')).toBeNull();
  });
});

describe('chargeKind', () => {
  it.each([
    ['Tax', null, null, 'tax'],
    ['Tax', 'One-Time', 'Correction', 'tax'],
    ['Credit', 'One-Time', null, 'credit_adjustment'],
    ['Adjustment', 'Usage-Based', null, 'credit_adjustment'],
    ['Usage', 'Usage-Based', 'Correction', 'credit_adjustment'],
    ['Usage', 'Usage-Based', null, 'usage'],
    ['Usage', 'One-Time', null, 'usage'],
    ['Purchase', 'One-Time', null, 'one_time'],
    ['Purchase', 'Recurring', null, 'recurring'],
    ['Purchase', 'Usage-Based', null, 'usage'],
  ] as const)('%s / %s / %s → %s', (category, frequency, cls, kind) => {
    expect(chargeKind(category, frequency, cls)).toEqual({ kind });
  });

  it('reads anything else as usage, with a warning', () => {
    expect(chargeKind('Purchase', null, null)).toMatchObject({
      kind: 'usage',
      warning: expect.stringContaining('Purchase'),
    });
    expect(chargeKind('Fee', null, null)).toMatchObject({
      kind: 'usage',
      warning: expect.stringContaining('"Fee"'),
    });
    expect(chargeKind(null, 'Recurring', null)).toMatchObject({
      kind: 'usage',
      warning: expect.stringContaining('empty'),
    });
  });
});

describe('sniffers', () => {
  it('recognise FOCUS headers, quoted, any case, with BOM', () => {
    expect(sniffFocusCsv('"AvailabilityZone","BilledCost","BillingAccountId","ChargePeriodStart"')).toBe(
      true,
    );
    expect(sniffFocusCsv('\uFEFFbilledcost,billingaccountid,chargeperiodstart\r\n1,2,3')).toBe(true);
    expect(sniffFocusCsv('BilledCost;ChargeCategory;ChargePeriodStart')).toBe(true);
    // the commitment-discount spec example: no BillingAccountId, still FOCUS (then refused by name)
    expect(sniffFocusCsv('BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost')).toBe(true);
    expect(sniffFocusCsv('InvoiceNumber,Amount,Account')).toBe(false);
    expect(sniffFocusCsv('BilledCost,Amount')).toBe(false);
    expect(sniffFocusCsv('x_BilledCost,BillingAccountId,ChargePeriodStart')).toBe(false);
  });

  it('recognise Parquet by its magic', () => {
    expect(sniffParquet(Buffer.from('PAR1\x15\x04'))).toBe(true);
    expect(sniffParquet(Buffer.from('PAR'))).toBe(false);
    expect(sniffParquet(Buffer.from('PK\x03\x04'))).toBe(false);
  });
});
