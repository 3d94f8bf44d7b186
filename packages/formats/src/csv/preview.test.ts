import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferSource, fileSource } from '../source.ts';
import { ATT_WIRELINE_DETAIL, previewCsv, TEMOPS_TEMPLATE, VERIZON_WIRELESS_SUMMARY } from './index.ts';

const fixtures = fileURLToPath(new URL('../../../../fixtures/csv/', import.meta.url));

describe('previewCsv', () => {
  it('finds the profile and header past banner rows, and maps the first rows', async () => {
    const p = await previewCsv(fileSource(`${fixtures}verizon-summary-banner.csv`), undefined, 3);
    expect(p).toMatchObject({
      format: 'csv',
      delimiter: ',',
      encoding: 'utf-8',
      headerRow: 5,
      profileError: null,
    });
    expect(p.detectedProfile?.id).toBe(VERIZON_WIRELESS_SUMMARY.id);
    expect(p.headers[0]).toBe('Account Number');
    expect(p.sampleRows.map((r) => r.line)).toEqual([6, 7, 8]);
    expect(p.charges.map((r) => [r.line, r.accountNumber, r.charges.length, r.error])).toEqual([
      [6, '842065317-00001', 3, null],
      [7, '842065317-00001', 5, null],
      [8, '842065317-00001', 4, null],
    ]);
  });

  it('reports each bad row instead of refusing the file, and marks skipped rows', async () => {
    const text = [
      'Account Number,Invoice Number,Charge Kind,Amount,Currency',
      'A,I1,usage,1.00,USD',
      'A,I1,usage,oops,USD',
      'Total,,,1.00,',
      ',I1,usage,2,USD',
    ].join('\n');
    const p = await previewCsv(bufferSource('x.csv', text));
    expect(p.detectedProfile?.id).toBe(TEMOPS_TEMPLATE.id);
    expect(p.charges.map((r) => [r.line, r.error, r.skipped])).toEqual([
      [2, null, null],
      [3, 'amount: "oops" is not a number', null],
      [4, null, 'total row'],
      [5, 'no account number', null],
    ]);
  });

  it('without a matching profile: the widest early row is shown as the header, nothing is mapped', async () => {
    const p = await previewCsv(bufferSource('x.csv', 'My carrier export\nLine;Plan;Cost\n555;Gold;10,00\n'));
    expect(p).toMatchObject({
      detectedProfile: null,
      delimiter: ';',
      headerRow: 2,
      headers: ['Line', 'Plan', 'Cost'],
      charges: [],
    });
    expect(p.sampleRows).toEqual([{ line: 3, cells: ['555', 'Gold', '10,00'] }]);
  });

  it('with a given profile whose columns are missing: a profile error, not an exception', async () => {
    const p = await previewCsv(fileSource(`${fixtures}temops-template.csv`), ATT_WIRELINE_DETAIL);
    expect(p.detectedProfile).toBeNull();
    expect(p.profileError).toContain('no row matches');
  });

  it('previews XLSX too, told apart by content', async () => {
    const p = await previewCsv(
      bufferSource('bill.xlsx', readFileSync(`${fixtures}verizon-summary.xlsx`)),
      undefined,
      2,
    );
    expect(p).toMatchObject({ format: 'xlsx', delimiter: null, headerRow: 4 });
    expect(p.charges.map((r) => r.charges.map((c) => c.amount))).toEqual([
      ['45.1', '0.2', '4.12', '6.87'],
      ['45', '12.5', '30', '4.12', '8.02'],
    ]);
  });

  it('UTF-16LE and Windows-1252 files report their encoding', async () => {
    expect((await previewCsv(fileSource(`${fixtures}utf16le-template.csv`))).encoding).toBe('utf-16le');
    const cp = await previewCsv(fileSource(`${fixtures}windows-1252-pipe.csv`));
    expect([cp.encoding, cp.delimiter]).toEqual(['windows-1252', '|']);
  });
});
