/**
 * Test helpers (not exported from the package): the XLSX fixture builder, and a minimal ZIP
 * writer for hand-made archives (zip bombs, lying headers) that no library would produce.
 * The committed fixture fixtures/csv/verizon-summary.xlsx was written once with
 * `npx tsx packages/formats/src/csv/test-helpers.ts fixtures/csv/verizon-summary.xlsx`.
 */
import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

const HEADER = [
  'Account Number',
  'Invoice Number',
  'Bill Cycle Date',
  'Wireless Number',
  'User Name',
  'Cost Center',
  'Price Plan',
  'Monthly Access Charges',
  'Usage and Purchase Charges',
  'Equipment Charges',
  'Surcharges and Other Charges and Credits',
  'Taxes, Governmental Surcharges and Fees',
  'Third Party Charges',
  'Total Charges',
];

/** Excel serial of a date (1900 system) */
export const excelSerial = (iso: string) =>
  (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/**
 * A Verizon-style "summary by line" workbook with what real exports contain: banner rows, a rich
 * text title, real date cells, one date left as a bare serial number, phone and invoice numbers
 * stored as numbers, money as binary doubles, row totals as SUM formulas whose cached results
 * carry float artifacts (45.1 + 0.2 + … = 56.290000000000006), and a totals row.
 */
export async function buildVerizonWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 2, 13));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Summary by Line');
  ws.addRow([{ richText: [{ font: { bold: true }, text: 'Verizon ' }, { text: 'Wireless' }] }]);
  ws.addRow(['Bill Summary by Line']);
  ws.addRow([]);
  ws.addRow(HEADER);
  const billDate = new Date(Date.UTC(2024, 2, 12));
  const lines: [number, string | { richText: { text: string }[] }, string, string, number[]][] = [
    [2125550101, 'Jane Smith', 'CC-1001', 'Business Unlimited Plus', [45.1, 0.2, 0, 4.12, 6.87, 0]],
    [
      2125550102,
      { richText: [{ text: "O'Brien, " }, { text: 'Pat' }] },
      'CC-1002',
      'Business Unlimited Plus',
      [45, 12.5, 30, 4.12, 8.02, 0],
    ],
    [2125550103, '=1+1 (not a formula)', 'CC-1001', 'Business Unlimited Start', [30, 0, 0, -10, 3.21, 2.99]],
  ];
  lines.forEach(([number, user, cc, plan, money], i) => {
    const r = ws.rowCount + 1;
    const total = money.reduce((s, v) => s + v, 0); // float sum on purpose: the cached result has artifacts
    const date = i === 2 ? excelSerial('2024-03-12') : billDate; // one bare serial, as some exports do
    ws.addRow([
      '842065317-00001',
      9851234567,
      date,
      number,
      user,
      cc,
      plan,
      ...money,
      { formula: `SUM(H${r}:M${r})`, result: total },
    ]);
    if (i !== 2) ws.getCell(`C${r}`).numFmt = 'mm/dd/yyyy';
  });
  const first = 5;
  const last = ws.rowCount;
  const column = (k: number) => lines.reduce((s, l) => s + (l[4][k] ?? l[4].reduce((a, v) => a + v, 0)), 0);
  const sums = 'HIJKLMN'
    .split('')
    .map((c, k) => ({ formula: `SUM(${c}${first}:${c}${last})`, result: column(k) }));
  ws.addRow(['Total', null, null, null, null, null, null, ...sums]);
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['Amounts in USD. Generated for TEMOps tests.']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ZipEntry {
  name: string;
  data?: Buffer;
  /** pre-compressed deflate bytes (then data is not used; crc and size come from the fields below) */
  deflated?: Buffer;
  size?: number;
  crc?: number;
}

/** A plain ZIP (no data descriptors) with the sizes and CRCs we choose, true or not. */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.deflated ?? deflateRawSync(e.data ?? Buffer.alloc(0));
    const size = e.size ?? e.data?.length ?? 0;
    const crc = e.crc ?? crc32(e.data ?? Buffer.alloc(0));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Raw deflate bytes that inflate to `mb` MiB of spaces, built without ever holding them: one
 * full-flushed 1 MiB block (byte-aligned, no back-references) repeated, then an empty final block.
 */
export function deflateBomb(mb: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20, 0x20), { finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: mb }, () => block), deflateRawSync(Buffer.alloc(0))]);
}

/** The minimum an xlsx needs to get past "is this a workbook", with the given sheet entry. */
export function fakeXlsx(sheet: ZipEntry): Buffer {
  return writeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
    sheet,
  ]);
}

if (process.argv[1]?.endsWith('test-helpers.ts') && process.argv[2]) {
  writeFileSync(process.argv[2], await buildVerizonWorkbook());
}
