/**
 * FOCUS Parquet reader (hyparquet). Cells are turned into the same text the CSV reader sees and
 * go through the same row normaliser, so both formats give identical invoices. All top-level
 * columns are projected, because every non-null column ends up in the charge or its attributes.
 * Rows are read row group by row group, in slices of at most SLICE_ROWS, so memory is bounded by
 * one slice plus the grouped charges (see store.ts). `line` on charges and issues is the 1-based
 * row number.
 *
 * Exactness: DECIMAL columns are read as their unscaled integers and scaled as text (hyparquet
 * would hand out a float). DOUBLE/FLOAT cells are written as the shortest decimal that reads back
 * as the same binary value — exact for the stored number, though a DOUBLE cannot hold more than
 * ~15 significant digits to begin with.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type SchemaElement,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { FormatError, type Parser, type Source } from '../canonical.ts';
import { readAll } from '../source.ts';
import { mapHeader } from './columns.ts';
import type { FocusParseOptions } from './csv.ts';
import { InvoiceGroups } from './invoices.ts';
import { rowReader } from './row.ts';
import { ChargeStore } from './store.ts';

/** Parquet needs random access; smaller files are read into memory, larger ones copied to disk. */
export const PARQUET_IN_MEMORY_BYTES = 64 * 1024 * 1024;
const SLICE_ROWS = 20_000;

export const parseFocusParquet: Parser<FocusParseOptions> = async function* (source, opts = {}) {
  const tmp = opts.tmpDir ?? tmpdir();
  const { file, cleanup } = await randomAccess(source, tmp);
  const store = new ChargeStore(opts.spillAboveBytes, tmp);
  try {
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw new FormatError('parquet_invalid', `not a readable Parquet file: ${(err as Error).message}`);
    }
    const { names, metadata: exact, cell } = prepare(metadata);
    const header = mapHeader(names);
    const read = rowReader(header, 'row');
    const groups = new InvoiceGroups(
      store,
      header.columns.map((c) => c.name),
      'row',
    );
    let rowStart = 0;
    let bytes = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = rowStart + Number(group.num_rows);
      for (let from = rowStart; from < groupEnd; from += SLICE_ROWS) {
        const to = Math.min(from + SLICE_ROWS, groupEnd);
        let rows: unknown[][] = [];
        await parquetRead({
          file,
          metadata: exact,
          columns: names,
          rowStart: from,
          rowEnd: to,
          compressors,
          utf8: false,
          useOffsetIndex: true,
          onComplete: (r: unknown[][]) => {
            rows = r;
          },
        }).catch((err: unknown) => {
          throw new FormatError(
            'parquet_invalid',
            `rows ${from + 1}–${to}: ${(err as Error).message}`,
            from + 1,
          );
        });
        for (let i = 0; i < rows.length; i++) {
          const values = rows[i] ?? [];
          const wait = groups.add(read(values.map(cell), from + i + 1));
          if (wait) await wait;
        }
      }
      rowStart = groupEnd;
      bytes += Number(group.total_compressed_size ?? group.total_byte_size);
      opts.onProgress?.(Math.min(bytes, source.size));
    }
    if (groups.rows === 0) throw new FormatError('focus_no_rows', 'the Parquet file has no rows');
    yield* groups.invoices();
  } finally {
    await store.dispose();
    await cleanup();
  }
};

type Cell = (value: unknown, column: number) => string | null;

/**
 * Top-level column names, a metadata copy whose DECIMAL columns are left unconverted, and the
 * cell → text function that scales them exactly.
 */
function prepare(metadata: FileMetaData): { names: string[]; metadata: FileMetaData; cell: Cell } {
  const top = parquetSchema(metadata).children.map((c) => c.element);
  const names = top.map((e) => e.name);
  const scales = top.map((e) => decimalScale(e));
  const floats = top.map((e) => e.type === 'FLOAT');
  const raw = new Set(top.filter((_, i) => scales[i] !== null));
  const schema = metadata.schema.map((e) =>
    raw.has(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e,
  );
  const cell: Cell = (v, i) => {
    const scale = scales[i];
    if (scale !== null && scale !== undefined && v !== null && v !== undefined) return scaleDecimal(v, scale);
    return toText(v, floats[i] === true);
  };
  return { names, metadata: { ...metadata, schema }, cell };
}

function decimalScale(e: SchemaElement): number | null {
  if (e.logical_type?.type === 'DECIMAL') return e.logical_type.scale;
  if (e.converted_type === 'DECIMAL') return e.scale ?? 0;
  return null;
}

const utf8 = new TextDecoder();

function toText(v: unknown, float32: boolean): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return float32 ? shortestFloat32(v) : String(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return utf8.decode(v);
  // maps (Tags), structs and lists: kept as JSON text, as FOCUS writes them in CSV
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
}

/** FLOAT cells widen to a double with noise digits (0.1 → 0.10000000149…); print the float32 value. */
function shortestFloat32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** Unscaled integer (INT32, INT64 or big-endian two's complement bytes) → decimal text. */
export function scaleDecimal(v: unknown, scale: number): string | null {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else if (v instanceof Uint8Array) {
    n = 0n;
    for (const b of v) n = (n << 8n) | BigInt(b);
    if (v.length && (v[0] as number) & 0x80) n -= 1n << BigInt(v.length * 8);
  } else return null;
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) {
    digits += '0'.repeat(-scale);
  }
  return negative ? `-${digits}` : digits;
}

async function randomAccess(
  source: Source,
  tmp: string,
): Promise<{ file: AsyncBuffer; cleanup: () => Promise<void> }> {
  if (source.size <= PARQUET_IN_MEMORY_BYTES) {
    const buf = await readAll(source, PARQUET_IN_MEMORY_BYTES);
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    return { file, cleanup: async () => {} };
  }
  const dir = await mkdtemp(path.join(tmp, 'temops-parquet-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const name = path.join(dir, 'focus.parquet');
    await pipeline(Readable.from(source.open()), createWriteStream(name, { mode: 0o600 }));
    return { file: await asyncBufferFromFile(name), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
