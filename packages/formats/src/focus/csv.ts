/**
 * FOCUS CSV reader. The whole file is one unit: any structural fault (bad quoting, a row with
 * the wrong number of cells, a record over 1 MiB) or a row that cannot be a charge (BilledCost,
 * BillingAccountId, BillingCurrency or BillingPeriodStart missing or unreadable) rejects it with a
 * FormatError naming the line, before any invoice is yielded — no row silently vanishes.
 * Unreadable optional cells become warnings on their invoice.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, type InfoRecord, type Options, parse } from 'csv-parse';
import { FormatError, type ParseOptions, type Parser } from '../canonical.ts';
import { decodeWithFallback, TextDecodeError } from '../text/decode.ts';
import { mapHeader } from './columns.ts';
import { InvoiceGroups } from './invoices.ts';
import { type RowReader, rowReader } from './row.ts';
import { ChargeStore } from './store.ts';

export interface FocusParseOptions extends ParseOptions {
  /** charges are kept in memory up to this many bytes of JSON, then in a temp file (default 32 MiB) */
  spillAboveBytes?: number;
  /** where the spill file goes (default os.tmpdir()) */
  tmpDir?: string;
}

/** Longest CSV record accepted; a longer one is hostile or broken, never a charge. */
export const MAX_RECORD_BYTES = 1 << 20;

export const parseFocusCsv: Parser<FocusParseOptions> = async function* (source, opts = {}) {
  const decoded = await decodeWithFallback(
    () => source.open(),
    (text) => collect(text, opts),
    {
      rejectNul: true,
      onBytes: opts.onProgress,
    },
  ).catch((err: unknown) => {
    throw asFormatError(err);
  });
  const groups = decoded.result;
  try {
    if (decoded.fallbackFrom) {
      opts.onIssue?.({
        severity: 'warning',
        code: 'focus_encoding_fallback',
        message: `${source.fileName}: ${decoded.fallbackFrom.message}; read as Windows-1252`,
      });
    }
    yield* groups.invoices();
  } finally {
    await groups.dispose();
  }
};

async function collect(text: AsyncIterable<string>, opts: FocusParseOptions): Promise<InvoiceGroups> {
  const store = new ChargeStore(opts.spillAboveBytes, opts.tmpDir);
  // set by the header record, inside the callback below
  const state: { groups: InvoiceGroups | null; read: RowReader | null; width: number } = {
    groups: null,
    read: null,
    width: 0,
  };
  // Lines are counted here, not taken from csv-parse's info.lines, which is where a record ends
  // and counts a CRLF inside a quoted field twice. A record starts after the lines of the
  // records before it plus the blank lines skipped so far.
  let linesBefore = 0;
  let nextLine = 1;
  // tearing down a file stream can surface as AbortError and hide the real cause; keep ours
  let failure: unknown;
  try {
    const options: Options<{ record: string[]; line: number }, string[]> = {
      skip_empty_lines: true,
      // column counts are checked below, so the error can name the line where the row starts
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
      // runs synchronously as each record is parsed, so the count is current when parsing fails
      on_record: (record: string[], ctx: InfoRecord) => {
        const line = 1 + linesBefore + ctx.empty_lines;
        linesBefore += 1 + embeddedBreaks(record);
        nextLine = 1 + linesBefore + ctx.empty_lines;
        return { record, line };
      },
    };
    // the typings only allow a transforming on_record together with `columns`
    const csv = parse(options as unknown as Options);
    const consume = async (records: AsyncIterable<{ record: string[]; line: number }>) => {
      for await (const { record, line } of records) {
        // whitespace-only lines and all-empty rows (`,,,,` left by spreadsheets) carry no data
        if (record.every((f) => f.trim() === '')) continue;
        if (!state.read || !state.groups) {
          const header = mapHeader(record, line);
          state.read = rowReader(header, 'line');
          state.groups = new InvoiceGroups(
            store,
            header.columns.map((c) => c.name),
            'line',
          );
          state.width = record.length;
          continue;
        }
        if (record.length !== state.width) {
          const msg = `line ${line}: ${record.length} cells where the header has ${state.width}`;
          throw new FormatError('csv_ragged_row', msg, line);
        }
        const wait = state.groups.add(state.read(record, line));
        if (wait) await wait;
      }
    };
    // a couple of decoded chunks in flight is enough; the default 16 would hold 16 MiB of text
    await pipeline(Readable.from(text, { highWaterMark: 2 }), csv, (records) =>
      consume(records).catch((err: unknown) => {
        failure = err;
        throw err;
      }),
    );
    const groups = state.groups;
    if (!groups) throw new FormatError('empty_file', 'the file is empty');
    if (groups.rows === 0)
      throw new FormatError('focus_no_rows', 'the file has a header but no charge rows', 1);
    return groups;
  } catch (err) {
    await store.dispose();
    const cause = failure ?? err;
    // an unclosed quote runs to the end of the file; the useful line is where its record starts
    if (cause instanceof CsvError && cause.code === 'CSV_QUOTE_NOT_CLOSED') {
      const msg = `line ${nextLine}: a quoted field opened in the record starting here is never closed`;
      throw new FormatError('csv_unterminated_quote', msg, nextLine);
    }
    throw cause;
  }
}

/** Line breaks inside quoted cells (CRLF, LF or CR each count once). */
function embeddedBreaks(record: string[]): number {
  let n = 0;
  for (const f of record) {
    if (f.indexOf('\n') < 0 && f.indexOf('\r') < 0) continue;
    n += f.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return n;
}

const CSV_CODES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'csv_unterminated_quote',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'csv_ragged_row',
  CSV_MAX_RECORD_SIZE: 'csv_record_too_large',
  INVALID_OPENING_QUOTE: 'csv_bad_quote',
  CSV_INVALID_CLOSING_QUOTE: 'csv_bad_quote',
};

/** Every way a file can fail becomes a FormatError with a code and, where known, a line. */
export function asFormatError(err: unknown): unknown {
  if (err instanceof FormatError) return err;
  if (err instanceof CsvError) {
    const line = typeof err.lines === 'number' ? err.lines : undefined;
    const message =
      line !== undefined && !/line \d+/.test(err.message) ? `line ${line}: ${err.message}` : err.message;
    return new FormatError(CSV_CODES[err.code] ?? 'csv_malformed', message, line);
  }
  if (err instanceof TextDecodeError) {
    return new FormatError(err.code === 'nul_byte' ? 'binary_content' : 'invalid_encoding', err.message);
  }
  return err;
}
