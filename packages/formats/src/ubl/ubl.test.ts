import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import { fileSource } from '../source.ts';
import { parseUbl, parseUblText, sniffUbl } from './index.ts';

const samples = fileURLToPath(new URL('../../../../fixtures/samples/', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../../fixtures/ubl/', import.meta.url));
const sample = (name: string) => readFileSync(`${samples}peppol-bis3-ubl-${name}.xml`, 'utf8');

async function parseFile(file: string): Promise<ParsedInvoice> {
  const out: ParsedInvoice[] = [];
  for await (const inv of parseUbl(fileSource(file))) out.push(inv);
  expect(out).toHaveLength(1);
  return out[0] as ParsedInvoice;
}

/** Σ charges, computed here with decimal.js, independently of the parser */
const sum = (inv: ParsedInvoice, kind?: string) =>
  inv.charges.filter((c) => !kind || c.kind === kind).reduce((s, c) => s.plus(c.amount), new Decimal(0));

function _refusal(xml: string): FormatError {
  try {
    parseUblText(xml, 'test.xml');
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

describe('UBL public Peppol samples (values read from the files)', () => {
  it('base-example: 2 lines, a document charge, one VAT subtotal; charges add up to PayableAmount', async () => {
    const inv = await parseFile(`${samples}peppol-bis3-ubl-base-example.xml`);
    expect(inv).toMatchObject({
      invoiceNumber: 'Snippet1',
      invoiceDate: '2017-11-13',
      dueDate: '2017-12-01',
      currency: 'EUR',
      vendorName: 'SupplierTradingName Ltd.',
      vendorCode: '0088:9482348239847239874',
      accountNumber: 'FR23342',
      isCredit: false,
      stated: {
        totalDue: '1656.25',
        currentCharges: '1656.25',
        paymentsReceived: null,
        previousBalance: null,
      },
    });
    expect(inv.charges.map((c) => [c.kind, c.amount, c.quantity, c.unit, c.unitRate])).toEqual([
      ['one_time', '2800', '7', 'DAY', '400'],
      ['one_time', '-1500', '-3', 'DAY', '500'],
      ['surcharge_fee', '25', null, null, null],
      ['tax', '331.25', null, null, null],
    ]);
    expect(inv.charges[0]?.source.line).toBe(147);
    expect(inv.charges[3]?.attributes).toMatchObject({
      taxCategory: 'S',
      taxPercent: '25.0',
      taxableAmount: '1325',
    });
    // LegalMonetaryTotal/LineExtensionAmount is 1300
    expect(sum({ ...inv, charges: inv.charges.slice(0, 2) }).toFixed()).toBe('1300');
    expect(sum(inv).eq(inv.stated.totalDue as string)).toBe(true);
    expect(inv.issues).toEqual([]);
  });

  it('Allowance-example: allowances, prepaid amount, price per base quantity, SEK tax total skipped', async () => {
    const inv = await parseFile(`${samples}peppol-bis3-ubl-Allowance-example.xml`);
    expect(inv).toMatchObject({
      accountNumber: '4598375937',
      vendorCode: '0088:7300010000001',
      periodStart: '2017-12-01',
      periodEnd: '2017-12-31',
      stated: { totalDue: '6125.00', currentCharges: '7125', paymentsReceived: '1000' },
    });
    expect(inv.charges).toHaveLength(7);
    const lines = inv.charges.slice(0, 3);
    expect(lines.map((c) => [c.amount, c.unitRate, c.productCode, c.periodStart, c.periodEnd])).toEqual([
      ['4000.00', '410', '97iugug876', '2017-12-01', '2017-12-31'],
      ['1000.00', '100', '97iugug876', '2017-12-01', '2017-12-05'], // 200 per BaseQuantity 2
      ['900.00', '100', '97iugug876', '2017-12-01', '2017-12-05'],
    ]);
    expect(lines[0]?.attributes).toMatchObject({
      lineAllowances: '101',
      lineCharges: '1',
      accountingCost: 'Konteringsstreng',
    });
    expect(inv.charges.slice(3, 5).map((c) => [c.kind, c.amount, c.description, c.productCode])).toEqual([
      ['surcharge_fee', '200', 'Cleaning', 'CG'],
      ['credit_adjustment', '-200', 'Discount', '95'],
    ]);
    expect(inv.charges.slice(5).map((c) => [c.amount, c.productCode, c.attributes?.exemptionReason])).toEqual(
      [
        ['1225', 'S', undefined],
        ['0', 'E', 'Reason for tax exempt'],
      ],
    );
    expect(inv.charges.some((c) => c.amount === '9324.00')).toBe(false);
    expect(sum(inv, 'tax').toFixed()).toBe('1225'); // TaxTotal/TaxAmount 1225.00
    expect(sum(inv).eq(inv.stated.currentCharges as string)).toBe(true);
    expect(
      sum(inv)
        .minus(inv.stated.paymentsReceived as string)
        .eq(inv.stated.totalDue as string),
    ).toBe(true);
    expect(inv.issues).toEqual([]);
  });

  it('base-creditnote-correction: a credit note is negated; its charges add up to the negated PayableAmount', async () => {
    const inv = await parseFile(`${samples}peppol-bis3-ubl-base-creditnote-correction.xml`);
    expect(inv).toMatchObject({
      isCredit: true,
      dueDate: null,
      stated: { totalDue: '-1656.25', currentCharges: '-1656.25' },
    });
    expect(inv.charges.map((c) => [c.kind, c.amount, c.quantity, c.attributes?.creditedKind])).toEqual([
      ['credit_adjustment', '-2800', '-7', 'one_time'],
      ['credit_adjustment', '1500', '3', 'one_time'],
      ['credit_adjustment', '-25', null, 'surcharge_fee'],
      ['tax', '-331.25', null, undefined],
    ]);
    expect(sum(inv).toFixed()).toBe('-1656.25');
  });

  it('Vat-category-S: two VAT rates; lines with a period are recurring, the others one-time', async () => {
    const inv = await parseFile(`${samples}peppol-bis3-ubl-Vat-category-S.xml`);
    expect(inv.stated).toMatchObject({ totalDue: '8550', currentCharges: '8550' });
    expect(inv.charges.map((c) => [c.kind, c.amount])).toEqual([
      ['recurring', '4000.00'],
      ['one_time', '2000.00'],
      ['one_time', '900.00'],
      ['surcharge_fee', '200'],
      ['credit_adjustment', '-100'],
      ['tax', '1250'],
      ['tax', '300'],
    ]);
    expect(inv.charges.filter((c) => c.kind === 'tax').map((c) => c.description)).toEqual([
      'VAT S 25%',
      'VAT S 15%',
    ]);
    expect(sum(inv, 'tax').toFixed()).toBe('1550'); // TaxTotal/TaxAmount 1550.00
    expect(sum(inv).toFixed()).toBe('8550');
  });

  it('sniffs UBL by root element and namespace, prefixed or not', () => {
    for (const s of ['base-example', 'base-creditnote-correction'])
      expect(sniffUbl(sample(s).slice(0, 600))).toBe(true);
    expect(sniffUbl(readFileSync(`${fixtures}saas-creditnote.xml`, 'utf8'))).toBe(true);
    expect(sniffUbl('<Invoice><ID>1</ID></Invoice>')).toBe(false);
    expect(sniffUbl('{"billNo": "1"}')).toBe(false);
  });
});

describe('UBL fixtures (fixtures/ubl/<name>.xml → <name>.expected.json)', () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.xml'));
  it('has the fixtures the suite promises', () => {
    expect(files).toEqual(
      expect.arrayContaining(['saas-invoice-allowances.xml', 'saas-creditnote.xml', 'billion-laughs.xml']),
    );
  });
  for (const file of files) {
    it(file, async () => {
      const expected = JSON.parse(
        readFileSync(`${fixtures}${file.replace(/\.xml$/, '.expected.json')}`, 'utf8'),
      );
      const actual: { invoices: ParsedInvoice[]; fileIssues: unknown[]; error?: unknown } = {
        invoices: [],
        fileIssues: [],
      };
      try {
        for await (const inv of parseUbl(fileSource(`${fixtures}${file}`))) actual.invoices.push(inv);
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        actual.error = { code: err.code, message: err.message, line: err.line ?? null };
      }
      expect(actual).toEqual(expected);
    });
  }

  it('saas-invoice-allowances: charges add up to TaxInclusiveAmount, and roll forward to PayableAmount', async () => {
    const inv = await parseFile(`${fixtures}saas-invoice-allowances.xml`);
    expect(inv.vendorName).toBe('Nordic Voice & Data AB'); // &amp; decoded once
    expect(inv.charges.map((c) => c.kind)).toEqual([
      'recurring',
      'recurring',
      'usage',
      'one_time',
      'credit_adjustment',
      'surcharge_fee',
      'tax',
      'tax',
    ]);
    const { currentCharges, paymentsReceived, adjustments, totalDue } = inv.stated;
    expect(sum(inv).toFixed(2)).toBe(currentCharges);
    expect(
      new Decimal(currentCharges as string)
        .minus(paymentsReceived as string)
        .plus(adjustments as string)
        .toFixed(2),
    ).toBe(totalDue);
    expect(inv.charges[2]).toMatchObject({
      quantity: '1234',
      unit: 'MIN',
      unitRate: '0.05',
      periodStart: '2024-03-01',
    });
  });
});
