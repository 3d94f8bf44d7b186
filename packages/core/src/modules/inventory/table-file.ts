import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { invalid } from '../../shared/errors.ts';

export interface TableRow {
  line: number;
  cells: string[];
}

export type TableFormat = 'csv' | 'xlsx';

/** Zip archives (XLSX) start with "PK"; anything else is read as CSV. */
export const detectFormat = (file: string, content: Buffer): TableFormat =>
  /\.xlsx$/i.test(file) || (content[0] === 0x50 && content[1] === 0x4b) ? 'xlsx' : 'csv';

/** The header row and the data rows of a CSV or the first worksheet of an XLSX file. */
export async function readTable(
  file: string,
  content: Buffer,
  format: TableFormat,
): Promise<{ header: string[]; rows: TableRow[] }> {
  const all = format === 'xlsx' ? await xlsxRows(file, content) : csvRows(file, content);
  const [header, ...rows] = all.filter((r) => r.cells.some((c) => c !== ''));
  if (!header) throw invalid(`${file}: the file is empty`, { file });
  return { header: header.cells, rows };
}

function csvRows(file: string, content: Buffer): TableRow[] {
  const firstLine = content.subarray(0, 4096).toString('utf8').split(/\r?\n/)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    const records = parse(content, {
      bom: true,
      info: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw invalid(`${file}${line ? ` line ${line}` : ''}: not a valid CSV file (${(err as Error).message})`, {
      file,
      line,
    });
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v).trim();
}

async function xlsxRows(file: string, content: Buffer): Promise<TableRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const out: TableRow[] = [];
  try {
    for await (const ws of reader) {
      for await (const row of ws) {
        const values = (row.values ?? []) as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        out.push({ line: row.number, cells });
      }
      return out;
    }
  } catch (err) {
    throw invalid(
      `${file}: not a readable XLSX workbook (${err instanceof Error ? err.message : String(err)})`,
      {
        file,
      },
    );
  }
  throw invalid(`${file}: the workbook has no worksheet`, { file });
}

const needsQuotes = /[",\r\n]|^\s|\s$/;
const csvCell = (v: string) => (needsQuotes.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function writeCsv(header: string[], rows: Iterable<string[]>): Buffer {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Every cell as text, so identifiers like +13125550100 or 00123 survive a round trip. */
export async function writeXlsx(header: string[], rows: Iterable<string[]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Services');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
