/**
 * XLSX worksheet → raw rows, through exceljs's streaming reader, after zip.ts has checked the
 * archive. Cell values become text: dates → YYYY-MM-DD, rich text → plain text, formulas → their
 * cached result (never evaluated; no cached result → empty), errors (#N/A) → their code, numbers →
 * decimal text at Excel's 15-digit precision (see values.ts excelNumberText).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FormatError, type Source } from '../canonical.ts';
import { readAll } from '../source.ts';
import type { RawRow } from './mapper.ts';
import type { RowConsumer, TableInfo } from './table.ts';
import { excelNumberText } from './values.ts';
import { checkXlsxZip } from './zip.ts';

/** compressed file size; the inflated size is capped separately in zip.ts */
export const XLSX_MAX_BYTES = 100 * 1024 * 1024;

interface CellText {
  text: string;
  numeric: boolean;
}

export function cellText(v: unknown): CellText {
  if (v === null || v === undefined) return { text: '', numeric: false };
  if (typeof v === 'number') return { text: excelNumberText(v), numeric: true };
  if (typeof v === 'string') return { text: v, numeric: false };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE', numeric: false };
  if (v instanceof Date)
    return { text: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10), numeric: false };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return {
        text: o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join(''),
        numeric: false,
      };
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if ('error' in o) return { text: String(o.error), numeric: false };
    if ('text' in o) return cellText(o.text); // hyperlink
  }
  return { text: String(v), numeric: false };
}

async function* xlsxRows(buf: Buffer, sheet: string | undefined, fileName: string): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const seen: string[] = [];
  try {
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? `sheet ${seen.length + 1}`;
      seen.push(name);
      if (sheet && name !== sheet) {
        for await (const _ of ws) void _; // a streamed sheet must be read through to reach the next
        continue;
      }
      for await (const row of ws) {
        const values = (row.values ?? []) as unknown[];
        const cells: string[] = [];
        const numeric: boolean[] = [];
        for (let i = 1; i < values.length; i++) {
          const c = cellText(values[i]);
          cells.push(c.text);
          numeric.push(c.numeric);
        }
        yield { cells, line: row.number, numeric };
      }
      return;
    }
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(
      'xlsx_unreadable',
      `${fileName}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (sheet)
    throw new FormatError(
      'sheet_not_found',
      `${fileName}: no worksheet "${sheet}" (found: ${seen.join(', ') || 'none'})`,
    );
  throw new FormatError('empty', `${fileName}: the workbook has no worksheet`);
}

export interface Workbook {
  info: TableInfo;
  /** a fresh pass over the worksheet's rows (the checked bytes stay in memory) */
  rows: () => AsyncGenerator<RawRow>;
}

/** Reads and checks the archive once; rows can then be read as often as needed. */
export async function openXlsx(
  source: Source,
  opts: { sheet?: string; onProgress?: (bytes: number) => void },
): Promise<Workbook> {
  const tooBig = () =>
    new FormatError('too_large', `${source.fileName}: larger than ${XLSX_MAX_BYTES} bytes`);
  if (source.size > XLSX_MAX_BYTES) throw tooBig();
  let buf: Buffer;
  try {
    buf = await readAll(source, XLSX_MAX_BYTES);
  } catch (err) {
    if (err instanceof Error && err.message.includes('larger than')) throw tooBig();
    throw err;
  }
  opts.onProgress?.(buf.length);
  const checked = await checkXlsxZip(buf, source.fileName);
  return {
    info: { format: 'xlsx', delimiter: null, encoding: null },
    rows: () => xlsxRows(checked, opts.sheet, source.fileName),
  };
}

export async function withXlsxRows<T>(
  source: Source,
  opts: { sheet?: string; onProgress?: (bytes: number) => void },
  consume: RowConsumer<T>,
): Promise<T> {
  const book = await openXlsx(source, opts);
  return consume(book.rows(), book.info);
}
