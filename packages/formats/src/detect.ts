import { type Format, FormatError, type ParseOptions, type Parser, type Source } from './canonical.ts';
import {
  BUILT_IN_PROFILES,
  detectCsvProfile,
  type MappingProfile,
  parseCarrierCsv,
  parseCarrierXlsx,
} from './csv/index.ts';
import { parseFocusCsv, parseFocusParquet, sniffFocusCsv, sniffParquet } from './focus/index.ts';
import { decodeText, TextDecodeError } from './text/decode.ts';
import { parseTmf678, sniffTmf678 } from './tmf678/index.ts';
import { parseUbl, sniffUbl } from './ubl/index.ts';
import { parseX12_811, sniffX12 } from './x12/index.ts';

const HEAD_BYTES = 64 * 1024;

async function head(source: Source): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of source.open()) {
    parts.push(chunk);
    n += chunk.length;
    if (n >= HEAD_BYTES) break;
  }
  return Buffer.concat(parts).subarray(0, HEAD_BYTES);
}

export interface Detected {
  format: Format;
  parser: (source: Source, opts?: ParseOptions) => AsyncGenerator<import('./canonical.ts').ParsedInvoice>;
}

const withProfile =
  (parser: Parser<ParseOptions & { profile: MappingProfile }>, profile: MappingProfile) =>
  (source: Source, opts?: ParseOptions) =>
    parser(source, { ...opts, profile });

/**
 * Decides what a file is from its content (never its name alone): X12 by its ISA header, Parquet
 * by magic bytes, XLSX by the zip signature, UBL and TMF678 by their roots, FOCUS by its columns,
 * and any other CSV by the mapping profile whose headers it carries.
 */
export async function detectFormat(
  source: Source,
  opts: { profiles?: MappingProfile[]; format?: Format } = {},
): Promise<Detected> {
  const bytes = await head(source);
  const profiles = [...(opts.profiles ?? []), ...BUILT_IN_PROFILES];
  if (bytes.length === 0) throw new FormatError('empty_file', `${source.fileName}: the file is empty`);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (opts.format === 'xlsx' || (!opts.format && isZip)) {
    if (!isZip) throw new FormatError('not_xlsx', `${source.fileName}: not an XLSX workbook`);
    return { format: 'xlsx', parser: (s, o) => parseCarrierXlsx(s, { ...o, profiles }) };
  }
  if ((opts.format === 'focus' || !opts.format) && sniffParquet(bytes))
    return { format: 'focus', parser: parseFocusParquet };
  const text = headText(bytes, source.fileName);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const want = (f: Format) => !opts.format || opts.format === f;
  if (want('x12-811') && sniffX12(bytes)) return { format: 'x12-811', parser: parseX12_811 };
  if (want('ubl') && sniffUbl(text)) return { format: 'ubl', parser: parseUbl };
  if (want('tmf678') && sniffTmf678(text)) return { format: 'tmf678', parser: parseTmf678 };
  if (want('focus') && sniffFocusCsv(firstLine)) return { format: 'focus', parser: parseFocusCsv };
  if (want('csv')) {
    const profile = detectCsvProfile(text, profiles)?.profile;
    if (profile) return { format: 'csv', parser: withProfile(parseCarrierCsv, profile) };
  }
  if (opts.format) {
    throw new FormatError('format_mismatch', `${source.fileName}: does not look like ${opts.format}`);
  }
  throw new FormatError(
    'unknown_format',
    `${source.fileName}: not a recognised bill (EDI 811, FOCUS CSV/Parquet, UBL, TMF678, or a CSV/XLSX matching a saved column-mapping profile)`,
  );
}

/** The decoded start of the file; bytes that contradict their own BOM are a rejection, not a crash. */
function headText(bytes: Buffer, fileName: string): string {
  try {
    return decodeText(bytes)
      .text.replace(/^\uFEFF/, '')
      .trimStart();
  } catch (err) {
    if (err instanceof TextDecodeError) throw new FormatError('bad_encoding', `${fileName}: ${err.message}`);
    throw err;
  }
}
