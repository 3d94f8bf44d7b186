import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import { bufferSource } from '../source.ts';
import { type CarrierOptions, parseCarrierXlsx, TEMOPS_TEMPLATE } from './index.ts';
import { buildVerizonWorkbook, deflateBomb, fakeXlsx, writeZip } from './test-helpers.ts';
import { checkXlsxZip, XLSX_MAX_INFLATED } from './zip.ts';

const fixture = readFileSync(
  fileURLToPath(new URL('../../../../fixtures/csv/verizon-summary.xlsx', import.meta.url)),
);

async function parse(bytes: Buffer, opts: Partial<CarrierOptions> = {}): Promise<ParsedInvoice[]> {
  const out: ParsedInvoice[] = [];
  for await (const inv of parseCarrierXlsx(bufferSource('upload.xlsx', bytes), opts)) out.push(inv);
  return out;
}

async function refusal(bytes: Buffer, opts: Partial<CarrierOptions> = {}): Promise<FormatError> {
  try {
    await parse(bytes, opts);
  } catch (err) {
    if (err instanceof FormatError) return err;
    throw err;
  }
  throw new Error('expected a FormatError');
}

async function templateWorkbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Charges');
  ws.addRow([
    'Account Number',
    'Invoice Number',
    'Invoice Date',
    'Charge Kind',
    'Description',
    'Amount',
    'Currency',
  ]);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(3).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX cell values', () => {
  it('the fixture: numbers, serial and real dates, rich text, formula results without float artifacts', async () => {
    const [inv] = await parse(fixture);
    expect(inv).toMatchObject({
      accountNumber: '842065317-00001',
      invoiceNumber: '9851234567',
      invoiceDate: '2024-03-12',
      issues: [],
    });
    const byLine = (line: number) => inv?.charges.filter((c) => c.source.line === line) ?? [];
    expect(byLine(5).map((c) => c.amount)).toEqual(['45.1', '0.2', '4.12', '6.87']); // total cell caches 56.29
    expect(byLine(6)[0]?.attributes?.userName).toBe("O'Brien, Pat"); // rich text
    expect(byLine(7)[0]).toMatchObject({
      serviceId: '2125550103',
      attributes: expect.objectContaining({ userName: '=1+1 (not a formula)' }),
    });
  });

  it('the committed fixture matches what the helper builds', async () => {
    const fresh = await parse(await buildVerizonWorkbook());
    expect(fresh).toEqual(await parse(fixture));
  });

  it('date cells, formula results, rich text and numeric ids in a one-charge-per-row sheet', async () => {
    const bytes = await templateWorkbook([
      [
        1234567,
        'INV-1',
        new Date(Date.UTC(2024, 3, 1)),
        'usage',
        { richText: [{ text: 'Data ' }, { text: 'roaming' }] },
        { formula: '0.1+0.2', result: 0.1 + 0.2 },
        'USD',
      ],
      [1234567, 'INV-1', new Date(Date.UTC(2024, 3, 1)), 'tax', 'Tax', 0.03, 'USD'],
    ]);
    const [inv] = await parse(bytes, { profile: TEMOPS_TEMPLATE });
    expect(inv).toMatchObject({ accountNumber: '1234567', invoiceDate: '2024-04-01' });
    expect(inv?.charges.map((c) => [c.description, c.amount])).toEqual([
      ['Data roaming', '0.3'],
      ['Tax', '0.03'],
    ]);
  });

  it('an error cell or a formula without a cached result in the amount column', async () => {
    const err = await refusal(
      await templateWorkbook([['A', 'I', '2024-04-01', 'usage', 'x', { error: '#N/A' }, 'USD']]),
      { profile: TEMOPS_TEMPLATE },
    );
    expect(err).toMatchObject({ code: 'bad_amount', line: 2 });
    const [inv] = await parse(
      await templateWorkbook([['A', 'I', '2024-04-01', 'usage', 'x', { formula: 'B1*2' }, 'USD']]),
      { profile: TEMOPS_TEMPLATE },
    );
    expect(inv?.charges[0]).toMatchObject({ amount: '0', infoOnly: true }); // never evaluated: no cached result, no amount
  });

  it('reads a named worksheet', async () => {
    expect(await parse(fixture, { sheet: 'Summary by Line' })).toHaveLength(1);
    expect((await refusal(fixture, { sheet: 'Notes' })).code).toBe('header_not_found');
    expect(await refusal(fixture, { sheet: 'Nope' })).toMatchObject({ code: 'sheet_not_found' });
  });
});

/** entry names in central-directory order (the archive has no comment) */
function entryNames(zip: Buffer): string[] {
  const eocd = zip.length - 22;
  const names: string[] = [];
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < zip.readUInt16LE(eocd + 10); i++) {
    const n = zip.readUInt16LE(p + 28);
    names.push(zip.toString('utf8', p + 46, p + 46 + n));
    p += 46 + n + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return names;
}

describe('XLSX archive handling', () => {
  it('puts the workbook parts before the sheets, so exceljs streams them instead of spooling temp files', async () => {
    expect(entryNames(fixture).indexOf('xl/sharedStrings.xml')).toBeGreaterThan(
      entryNames(fixture).indexOf('xl/worksheets/sheet1.xml'),
    );
    const ordered = await checkXlsxZip(fixture, 'f.xlsx');
    expect(entryNames(ordered).slice(0, 6)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
    ]);
    expect(entryNames(ordered).sort()).toEqual(entryNames(fixture).sort());
    expect(await checkXlsxZip(ordered, 'f.xlsx')).toEqual(ordered); // still a valid, tiled archive
  });
});

describe('XLSX hostile input', () => {
  it('a zip bomb declaring its real size (600 MB) is refused from the central directory', async () => {
    const mb = 600;
    const bomb = fakeXlsx({
      name: 'xl/worksheets/sheet1.xml',
      deflated: deflateBomb(mb),
      size: mb * 1024 * 1024,
      crc: 0,
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(mb * 1024 * 1024).toBeGreaterThan(XLSX_MAX_INFLATED);
    expect((await refusal(bomb)).code).toBe('too_large');
  });

  it('a zip bomb lying about its size is stopped while inflating, with bounded memory', async () => {
    const bomb = fakeXlsx({
      name: 'xl/worksheets/sheet1.xml',
      deflated: deflateBomb(600),
      size: 2000,
      crc: 0,
    });
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const err = await refusal(bomb);
    expect(err.code).toBe('zip_bomb');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it('a file renamed .xlsx that is not a zip is refused', async () => {
    expect((await refusal(Buffer.from('Account Number,Amount\n1,2\n'))).code).toBe('not_xlsx');
    expect((await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).code).toBe('not_xlsx');
    expect((await refusal(Buffer.alloc(0))).code).toBe('not_xlsx');
  });

  it('zips that are not workbooks, truncated, corrupt or hiding data are refused', async () => {
    expect((await refusal(writeZip([{ name: 'a.txt', data: Buffer.from('hello') }]))).code).toBe('not_xlsx');
    expect((await refusal(fixture.subarray(0, fixture.length - 100))).code).toBe('not_xlsx');
    const hidden = Buffer.concat([
      writeZip([{ name: 'evil.xml', data: Buffer.from('x') }]).subarray(0, 40),
      fixture,
    ]);
    expect((await refusal(hidden)).code).toBe('not_xlsx');
    const badCrc = fakeXlsx({
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from('<worksheet/>'),
      crc: 1234,
    });
    expect((await refusal(badCrc)).message).toContain('CRC');
  });
});
