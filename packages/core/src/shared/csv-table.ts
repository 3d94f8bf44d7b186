import { parse } from 'csv-parse/sync';
import { AppError, invalid } from './errors.ts';

export interface CsvLine {
  /** 1-based line of the file the record ends on */
  line: number;
  /** cells by lower-cased header */
  values: Record<string, string>;
}

/**
 * Reads a whole CSV file whose first line names its columns: refuses a file that is too large,
 * malformed, empty, has a column outside `columns` or lacks one of `required`, naming file and line.
 */
export function readCsvTable(
  file: string,
  content: string | Buffer,
  opts: { maxBytes: number; columns: readonly string[]; required: readonly string[] },
): CsvLine[] {
  if (content.length > opts.maxBytes)
    throw new AppError('payload_too_large', `${file}: larger than ${opts.maxBytes} bytes`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw invalid(`${file}${line ? ` line ${line}` : ''}: not a valid CSV file (${(err as Error).message})`, {
      file,
      line,
    });
  }
  const [header, ...body] = records;
  if (!header) throw invalid(`${file}: the file is empty`, { file });
  const columns = header.record.map((h) => h.toLowerCase());
  const unknown = columns.filter((c) => !opts.columns.includes(c));
  if (unknown.length > 0) {
    throw invalid(
      `${file} line 1: unknown column(s) ${unknown.join(', ')}; expected some of ${opts.columns.join(', ')}`,
      { file, line: 1 },
    );
  }
  const missing = opts.required.filter((c) => !columns.includes(c));
  if (missing.length > 0)
    throw invalid(`${file} line 1: missing key column(s) ${missing.join(', ')}`, { file, line: 1 });
  return body.map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(columns.map((c, i) => [c, record[i] ?? ''])),
  }));
}
