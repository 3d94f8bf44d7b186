/**
 * The public reference samples (see /work/shared/reference/samples/SOURCES.md). Values below were
 * read off the files by hand: segment numbers count from the first segment of the file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../source.ts';
import { sniffX12 } from './index.ts';
import { parseAll } from './test-helpers.ts';

const dir = '/work/shared/reference/samples/';
const parse = (name: string, opts = {}) => parseAll(fileSource(dir + name), opts);

describe('x12 reference samples', () => {
  it('811 5010 interchange (x12-types): one invoice, wrong SE01 reported, no account', async () => {
    const out = await parse('edi-811-005010-synthetic-x12-types-interchange.edi');
    expect(out.error).toBeUndefined();
    expect(out.fileIssues).toEqual([]);
    const [inv] = out.invoices;
    expect(out.invoices).toHaveLength(1);
    expect(inv).toMatchObject({
      vendorName: null,
      vendorCode: 'S', // ISA06, space padded in the file
      accountNumber: '',
      invoiceNumber: 'INV1',
      invoiceDate: '2020-01-01',
      currency: 'USD',
      isCredit: false,
      stated: { totalDue: '50.00', currentCharges: null, previousBalance: null },
      charges: [], // HL*1**1 holds only an empty LX
      source: { segment: 3, line: 3, ref: '000000001/1/0001' },
    });
    // SE*6 while ST..SE holds 7 segments (ST BIG N1 HL LX TDS SE)
    expect(inv?.issues.map((i) => [i.severity, i.code, i.segment])).toEqual([
      ['error', 'missing_account', 3],
      ['warning', 'se_count_mismatch', 9],
    ]);
  });

  it('811 5010 bare transaction set (x12-types): accepted without envelope, IT1 is the only charge', async () => {
    const out = await parse('edi-811-005010-synthetic-x12-types-transaction.edi');
    expect(out.error).toBeUndefined();
    const [inv] = out.invoices;
    expect(inv).toMatchObject({
      vendorName: 'PROVIDER', // NM1*1P*2*PROVIDER under the level-1 HL
      vendorCode: null,
      invoiceNumber: 'INV1',
      invoiceDate: '2020-01-01',
      stated: { totalDue: '50.00' }, // TDS*5000
      source: { segment: 1, line: 1, ref: '-/-/0001' },
    });
    // IT1*1*10*EA*5**VN*ABC + PID WIDGET + AMT*1*50; the LX-level AMT*1*250 is a subtotal.
    expect(inv?.charges).toEqual([
      {
        serviceId: null,
        serviceType: null,
        kind: 'recurring',
        description: 'WIDGET',
        productCode: 'ABC',
        quantity: '10',
        unit: 'EA',
        unitRate: '5',
        amount: '50',
        periodStart: null,
        periodEnd: null,
        infoOnly: false,
        source: { segment: 16, line: 16, ref: '1' },
        attributes: { x12Segment: 'IT1', qty_39: '10', hlLevel: '1' },
      },
    ]);
    expect(inv?.issues.map((i) => [i.code, i.segment])).toEqual([
      ['no_envelope', 1],
      ['missing_account', 1],
      ['no_amount', 20], // ITA*A***6 under the IT1
      ['no_amount', 23], // summary ITA*C***6
      ['unmapped_balance', 25], // BAL*M*TB*1000
      ['unmapped_balance', 27], // BAL*M*TB*500 in the N1*RE loop
      ['no_amount', 28],
      ['se_count_mismatch', 30], // SE*28, 30 segments
    ]);
  });

  it('a profile can map the sample BAL code; the party-level BAL then conflicts with the first', async () => {
    const out = await parse('edi-811-005010-synthetic-x12-types-transaction.edi', {
      profile: { balStated: { 'M*TB': 'previousBalance' } },
    });
    expect(out.invoices[0]?.stated.previousBalance).toBe('1000');
    expect(out.invoices[0]?.issues.map((i) => i.code)).toContain('conflicting_balance');
  });

  it('810 4010 (EdiFabric, BOM, ISA12 00204): refused as an unsupported transaction set', async () => {
    const out = await parse('edi-810-004010-edifabric-Invoice.edi');
    expect(out.invoices).toEqual([]);
    expect(out.error).toMatchObject({ code: 'unsupported_transaction', segment: 3, line: 3 });
    expect(out.error?.message).toBe(
      'edi-810-004010-edifabric-Invoice.edi: ST01 810 at segment 3: only 811 (Consolidated Service Invoice/Statement) is supported',
    );
  });

  it('820 5010 (EdiFabric, ISA11 ^ repetition separator): refused as an unsupported transaction set', async () => {
    const out = await parse('edi-820-005010X218-edifabric-PaymentOrder.edi');
    expect(out.error).toMatchObject({ code: 'unsupported_transaction', segment: 3 });
  });

  it('sniffs every EDI sample (BOM included) as X12, and other formats not', () => {
    for (const f of [
      'edi-810-004010-edifabric-Invoice.edi',
      'edi-811-005010-synthetic-x12-types-interchange.edi',
    ]) {
      expect(sniffX12(readFileSync(dir + f))).toBe(true);
    }
    expect(sniffX12(readFileSync(`${dir}edi-811-005010-synthetic-x12-types-transaction.edi`))).toBe(false);
    expect(sniffX12(readFileSync(`${dir}peppol-bis3-ubl-base-example.xml`))).toBe(false);
    expect(sniffX12(Buffer.from('  \r\nISA|00|'))).toBe(true);
    expect(sniffX12(Buffer.from('ISAAC,NEWTON'))).toBe(false);
    expect(sniffX12(Buffer.alloc(0))).toBe(false);
  });
});
