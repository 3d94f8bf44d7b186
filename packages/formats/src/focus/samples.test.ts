/**
 * The real samples (shared/reference/samples). Expected figures are recomputed here from the raw
 * CSV with csv-parse/sync + decimal.js, independently of the reader's own code paths.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { ParsedInvoice } from '../canonical.ts';
import { fileSource } from '../source.ts';
import { parseFocusCsv } from './csv.ts';
import { run } from './testing.ts';

const DIR = '/work/shared/reference/samples';
const SAMPLE_10 = `${DIR}/focus-1.0-sample-1000rows.csv`;

const raw = (file: string) =>
  parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[];
const total = (inv: ParsedInvoice) => inv.charges.reduce((s, c) => s.plus(c.amount), new Decimal(0));

describe('FOCUS 1.0 sample, 1000 rows (AWS, Microsoft, Oracle)', async () => {
  const rows = raw(SAMPLE_10);
  const { invoices, error } = await run(parseFocusCsv, fileSource(SAMPLE_10));

  it('reads every row into exactly one invoice', () => {
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(1000);
    expect(invoices.reduce((n, i) => n + i.charges.length, 0)).toBe(1000);
    const lines = invoices.flatMap((i) => i.charges.map((c) => c.source.line));
    expect(new Set(lines).size).toBe(1000);
    expect(Math.min(...(lines as number[]))).toBe(2);
    expect(Math.max(...(lines as number[]))).toBe(1001);
  });

  it('groups by issuer + BillingAccountId + BillingPeriodStart, totals exact to the last digit', () => {
    const expected = new Map<string, { n: number; sum: Decimal }>();
    for (const r of rows) {
      const key = `${r.InvoiceIssuerName}|${r.BillingAccountId}|${r.BillingPeriodStart?.slice(0, 7)}`;
      const e = expected.get(key) ?? { n: 0, sum: new Decimal(0) };
      e.n++;
      e.sum = e.sum.plus(r.BilledCost as string);
      expected.set(key, e);
    }
    expect(invoices).toHaveLength(expected.size);
    expect(expected.size).toBe(6);
    for (const inv of invoices) {
      const e = expected.get(`${inv.vendorName}|${inv.accountNumber}|${inv.periodStart?.slice(0, 7)}`);
      expect(e, inv.invoiceNumber).toBeDefined();
      expect(inv.charges).toHaveLength(e?.n ?? -1);
      expect(total(inv).toFixed()).toBe(e?.sum.toFixed());
    }
    // the whole file: a float sum drifts, ours does not
    const all = invoices.reduce((s, i) => s.plus(total(i)), new Decimal(0));
    expect(all.toFixed()).toBe('20.52022672899');
    expect(rows.reduce((s, r) => s + Number(r.BilledCost), 0)).not.toBe(20.52022672899);
  });

  it('builds the invoice headers as documented', () => {
    const aws = invoices[0] as ParsedInvoice;
    expect(aws).toMatchObject({
      vendorName: 'Amazon Web Services, Inc.',
      vendorCode: 'AWS',
      accountNumber: '1234567890123',
      subAccountNumber: null, // 60-odd linked accounts: no single sub-account
      invoiceNumber: '1234567890123-2024-09',
      invoiceDate: null,
      dueDate: null,
      periodStart: '2024-09-01',
      periodEnd: '2024-09-30', // BillingPeriodEnd 2024-10-01 00:00:00 is exclusive
      currency: 'USD',
      isCredit: false,
      stated: {
        totalDue: null,
        currentCharges: null,
        previousBalance: null,
        paymentsReceived: null,
        adjustments: null,
      },
      source: { line: 2 },
    });
    expect(aws.charges).toHaveLength(909); // 908 + the Red Hat marketplace row, same issuer
    expect(aws.issues.map((i) => i.code)).toEqual(['focus_no_invoice_id']);
    const oracleOct = invoices.find((i) => i.invoiceNumber === '20209880-2024-10');
    expect(oracleOct).toMatchObject({
      periodStart: '2024-10-01',
      periodEnd: '2024-10-31',
      charges: [{ amount: '0.24000000000' }],
    });
    // one row, so its tenancy is the invoice's sub-account
    expect(oracleOct?.subAccountNumber).toMatch(/^ocid6\.tenancy\./);
  });

  it('maps the first row field by field (checked by hand against line 2)', () => {
    const c = invoices[0]?.charges[0];
    expect(c).toEqual({
      serviceId: 'arn:ats:sqs:us-test-2:347410479675:mibelllmel-i-032l64f2065481b12',
      serviceType: 'cloud_resource',
      kind: 'usage',
      description: '$0.40 per million Amazon SQS standard requests in Tier1 in US West (Oregon)',
      productCode: 'G95FST5FTYV3JSRX',
      quantity: '2.00000000000', // PricingQuantity
      unit: 'Requests',
      unitRate: '0.00000000000', // ContractedUnitPrice as given (the anonymised sample zeroes it)
      amount: '0.00000080000',
      periodStart: '2024-09-18',
      periodEnd: '2024-09-18', // 22:00–23:00 on the 18th
      infoOnly: false,
      source: { line: 2 },
      attributes: {
        BillingAccountName: 'SunBird',
        ChargeCategory: 'Usage',
        ChargeFrequency: 'Usage-Based',
        ChargePeriodEnd: '2024-09-18T23:00:00Z',
        ChargePeriodStart: '2024-09-18T22:00:00Z',
        ConsumedQuantity: '2.000000000000000',
        ConsumedUnit: 'Requests',
        ContractedCost: '0.00000000000',
        ContractedUnitPrice: '0.00000000000',
        EffectiveCost: '0.00000000000',
        ListCost: '0.00000080000',
        ListUnitPrice: '0.0000004', // quoted in the file
        PricingCategory: 'Standard',
        ProviderName: 'AWS',
        PublisherName: 'Amazon Web Services, Inc.',
        RegionId: 'us-west-2',
        RegionName: 'US West (Oregon)',
        ServiceCategory: 'Integration',
        Id: '11472', // non-spec column, kept
        ServiceName: 'Amazon Simple Queue Service',
        SkuPriceId: 'G95FST5FTYV3JSRX.JRTCKXETXF.VXGXCWQKTY',
        SubAccountId: '51738928782',
        SubAccountName: 'Atlas Nimbus',
      },
    });
  });

  it('reads the credit, the adjustments and the Oracle Usage-based casing', () => {
    const all = invoices.flatMap((i) => i.charges);
    const byLine = (n: number) => all.find((c) => c.source.line === n);
    expect(byLine(458)).toMatchObject({
      kind: 'credit_adjustment',
      amount: '-2.61370000000',
      serviceId: '11353890204', // no ResourceId: the account it ran in
      serviceType: 'account',
      description: 'AWS Open Source Promotional Credits, credit from account: 391835788720',
      attributes: { ChargeCategory: 'Credit', ChargeFrequency: 'One-Time' },
    });
    expect(byLine(949)).toMatchObject({ kind: 'credit_adjustment', amount: '0.19200000000' });
    expect(byLine(950)).toMatchObject({ kind: 'credit_adjustment', amount: '0.08000000000' });
    const kinds = new Map<string, number>();
    for (const c of all) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ usage: 997, credit_adjustment: 3 });
    // `Usage-based` (7 Oracle rows) is normalised
    expect(new Set(all.map((c) => c.attributes?.ChargeFrequency))).toEqual(
      new Set(['Usage-Based', 'One-Time']),
    );
  });

  it('turns NULL tokens and empty cells into absent attributes, never the text "NULL"', () => {
    const all = invoices.flatMap((i) => i.charges);
    expect(all.some((c) => Object.values(c.attributes ?? {}).includes('NULL'))).toBe(false);
    expect(all.some((c) => 'ChargeClass' in (c.attributes ?? {}))).toBe(false);
    const oracle = all.find((c) => c.source.line === 927);
    expect(oracle?.attributes?.BillingAccountName).toBeUndefined(); // "" in the file
    expect(oracle?.unitRate).toBe('0.001500000000'); // ContractedUnitPrice NULL → ListUnitPrice
  });

  it('keeps Tags JSON (with CSV-doubled quotes) as text', () => {
    const c = invoices[0]?.charges.find((x) => x.source.line === 3);
    expect(JSON.parse(c?.attributes?.Tags ?? '')).toEqual({
      application: 'BrightLensMatrix',
      environment: 'dev',
      business_unit: 'ViennaAI',
    });
  });
});

describe('FOCUS 1.2 spec example: SaaS simple agreement C', async () => {
  const file = `${DIR}/focus-1.2-spec-saas-simple-agreement-c.csv`;
  const { invoices, error } = await run(parseFocusCsv, fileSource(file));

  it('reads "$10,100.00 " and US short dates, one invoice per month', () => {
    expect(error).toBeUndefined();
    expect(invoices.map((i) => [i.invoiceNumber, i.periodStart, i.periodEnd, total(i).toFixed(2)])).toEqual([
      ['12345-2025-04', '2025-04-01', '2025-04-30', '10100.00'],
      ['12345-2025-05', '2025-05-01', '2025-05-31', '13000.00'],
      ['12345-2025-06', '2025-06-01', '2025-06-30', '12700.00'],
    ]);
    const expected = raw(file).map((r) =>
      new Decimal((r.BilledCost ?? '').replace(/[$,\s]/g, '')).toFixed(2),
    );
    expect(invoices.map((i) => total(i).toFixed(2))).toEqual(expected);
  });

  it('a SaaS row names no resource or account: the licence SKU is the service', () => {
    expect(invoices[0]?.charges[0]).toMatchObject({
      serviceId: 'ACL-123',
      serviceType: 'subscription',
      kind: 'usage',
      productCode: 'ACL-123',
      quantity: '505',
      unit: 'Count',
      unitRate: '20.00',
      amount: '10100.00',
      periodStart: '2025-04-01',
      periodEnd: '2025-04-30',
      attributes: { SkuPriceId: 'ACL-123-2010', EffectiveCost: '10100.00', ListCost: '10100.00' },
    });
    expect(invoices[0]).toMatchObject({ vendorName: 'ACMECORP', accountNumber: '12345', currency: 'USD' });
  });
});

describe('FOCUS 1.2 spec example: SaaS spend agreement B2', async () => {
  const file = `${DIR}/focus-1.2-spec-saas-spend-agreement-b2.csv`;
  const { invoices, error } = await run(parseFocusCsv, fileSource(file));

  it('the upfront purchase is one_time and is the only billed amount', () => {
    expect(error).toBeUndefined();
    const rows = raw(file);
    const billed = rows.reduce((s, r) => s.plus(r.BilledCost as string), new Decimal(0));
    const charges = invoices.flatMap((i) => i.charges);
    expect(charges).toHaveLength(rows.length);
    expect(charges.reduce((s, c) => s.plus(c.amount), new Decimal(0)).toFixed()).toBe(billed.toFixed());
    expect(billed.toFixed()).toBe('1200');
    expect(charges[0]).toMatchObject({
      kind: 'one_time',
      amount: '1200',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31', // 12-month prepayment, exclusive end 4/1/26
      attributes: { ChargeCategory: 'Purchase', ChargeFrequency: 'One-Time', EffectiveCost: '0' },
    });
    // the drawdown rows bill 0 but carry EffectiveCost: kept for amortised reporting
    expect(charges.slice(1).every((c) => c.amount === '0' && c.kind === 'usage')).toBe(true);
    expect(charges[1]?.attributes?.EffectiveCost).toBe('48');
  });

  it('two rows of April share an invoice; every later month is its own', () => {
    expect(invoices.map((i) => i.charges.length)).toEqual([3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(invoices.at(-1)?.invoiceNumber).toBe('000-00-000-2026-03');
  });
});

describe('FOCUS 1.2 spec example: commitment discount purchase 3', () => {
  it('is refused: it has no BillingAccountId and no BillingCurrency column', async () => {
    const { invoices, error } = await run(
      parseFocusCsv,
      fileSource(`${DIR}/focus-1.2-spec-commitment-discount-purchase-3.csv`),
    );
    expect(invoices).toEqual([]);
    expect(error).toMatchObject({ name: 'FormatError', code: 'focus_missing_columns', line: 1 });
    expect(error?.message).toContain('BillingAccountId, BillingCurrency');
  });
});
