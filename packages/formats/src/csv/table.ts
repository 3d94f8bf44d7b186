/**
 * Delimited text → raw rows: decoding (shared text/decode.ts: BOM, UTF-16 pattern, strict UTF-8
 * with a Windows-1252 retry), delimiter sniffing, csv-parse streaming with a record-size cap, and
 * the 1-based line where each record starts.
 */
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { FormatError, type Source } from '../canonical.ts';
import { decodeChunks, decodeWithFallback, TextDecodeError, type TextEncodingName } from '../text/decode.ts';
import type { RawRow } from './mapper.ts';
import type { CsvEncoding } from './profile.ts';

/** a record longer than this (1 MB of text, e.g. a file with no line breaks) is refused */
export const MAX_RECORD_CHARS = 1_000_000;
export const MAX_COLUMNS = 2000;
const DELIMITERS = [',', ';', '\t', '|'];

export interface TableInfo {
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  encoding: string | null;
}

export type RowConsumer<T> = (rows: AsyncIterable<RawRow>, info: TableInfo) => Promise<T>;

const ENCODINGS: Record<Exclude<CsvEncoding, 'auto'>, TextEncodingName> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  'windows-1252': 'windows-1252',
};

/** The first ~n characters, and an iterable that replays them followed by the rest. */
async function peek(text: AsyncIterable<string>, n: number) {
  const it = text[Symbol.asyncIterator]();
  let head = '';
  let done = false;
  while (head.length < n && !done) {
    const r = await it.next();
    if (r.done) done = true;
    else head += r.value;
  }
  async function* rest(): AsyncGenerator<string> {
    try {
      if (head) yield head;
      while (!done) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head, complete: done, rest: rest() };
}

function countOutside(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter that splits the most lines into the same number of fields (banner lines have
 * none, so they do not count); ties go to the wider split, then to the comma.
 */
export function sniffDelimiter(head: string, complete = true): string {
  let lines = head.split(/\r\n|\n|\r/);
  if (!complete) lines = lines.slice(0, -1); // the last line may be cut
  lines = lines.filter((l) => l.trim() !== '').slice(0, 50);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const c = countOutside(l, d);
      if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    for (const [count, times] of freq) {
      const score = times * 10_000 + count;
      if (score > bestScore) [best, bestScore] = [d, score];
    }
  }
  return best;
}

async function* records(
  text: AsyncIterable<string>,
  delimiter: string,
  fileName: string,
): AsyncGenerator<RawRow> {
  const parser = parse({
    delimiter,
    info: true,
    bom: true,
    relax_column_count: true,
    relax_quotes: true, // a stray quote inside an unquoted value (5" screen) is kept as text
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(Readable.from(text), parser, () => {}); // errors surface through the iteration below
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (record.length > MAX_COLUMNS) {
        throw new FormatError(
          'too_many_columns',
          `${fileName}: line ${info.lines}: more than ${MAX_COLUMNS} columns`,
          info.lines,
        );
      }
      // info.lines is where the record ends; quoted values may span lines
      const inner = record.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
      yield { cells: record, line: info.lines - inner };
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err.lines === 'number' ? err.lines : undefined;
    const code = err.code === 'CSV_MAX_RECORD_SIZE' ? 'record_too_large' : 'csv_syntax';
    throw new FormatError(code, `${fileName}: ${line ? `line ${line}: ` : ''}${err.message}`, line);
  }
}

/** A second pass over a file whose encoding and delimiter the first pass settled. */
export async function* csvRows(source: Source, encoding: string, delimiter: string): AsyncGenerator<RawRow> {
  const text = decodeChunks(source.open(), { encoding: encoding as TextEncodingName, rejectNul: true });
  yield* records(text, delimiter, source.fileName);
}

export async function withCsvRows<T>(
  source: Source,
  opts: { delimiter?: string; encoding?: CsvEncoding; onProgress?: (bytes: number) => void },
  consume: RowConsumer<T>,
): Promise<T> {
  let encoding: TextEncodingName = 'utf-8';
  const onEncoding = (e: TextEncodingName) => {
    encoding = e;
  };
  const run = async (text: AsyncIterable<string>) => {
    const { head, complete, rest } = await peek(text, 65_536);
    const delimiter = opts.delimiter ?? sniffDelimiter(head, complete);
    return consume(records(rest, delimiter, source.fileName), { format: 'csv', delimiter, encoding });
  };
  const decode = { rejectNul: true, onEncoding, onBytes: opts.onProgress };
  try {
    if (!opts.encoding || opts.encoding === 'auto') {
      return (await decodeWithFallback(() => source.open(), run, decode)).result;
    }
    return await run(decodeChunks(source.open(), { ...decode, encoding: ENCODINGS[opts.encoding] }));
  } catch (err) {
    if (!(err instanceof TextDecodeError)) throw err;
    throw new FormatError(
      err.code === 'nul_byte' ? 'binary_content' : 'bad_encoding',
      `${source.fileName}: ${err.message}`,
    );
  }
}
