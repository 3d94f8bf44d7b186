/**
 * Carrier portal exports (CSV or XLSX) through a saved mapping profile → invoices.
 *
 * Header: the row at profile.headerRow, else the first row holding all of profile.detectHeaders
 * (banner rows above it are skipped; it must appear within the first MAX_BANNER_ROWS rows). With
 * no profile given, the first row that matches one of `profiles` decides the profile.
 * After it: all-empty rows, repeated header rows (one block per account) and rows whose first
 * non-empty cell matches profile.skipRowsMatching (totals) are skipped; every other row must map,
 * or the whole file is refused with a FormatError naming the file and line. Two passes, see
 * invoices.ts: the first checks everything, the second yields each invoice once it is complete.
 */
import {
  FormatError,
  type ParsedInvoice,
  type ParseOptions,
  type Parser,
  type Source,
} from '../canonical.ts';
import { type Binding, bindHeader } from './binding.ts';
import { InvoiceGroups, KeyTracker } from './invoices.ts';
import { mapRow, type RawRow, RowError } from './mapper.ts';
import { detectProfile, type MappingProfile, normHeader, validateProfile } from './profile.ts';
import { BUILT_IN_PROFILES } from './profiles.ts';
import { csvRows, type TableInfo, withCsvRows } from './table.ts';
import { openXlsx } from './xlsx.ts';
import { looksLikeZip } from './zip.ts';

export const MAX_BANNER_ROWS = 50;
export const MAX_ROWS = 2_000_000;

export interface CarrierOptions extends ParseOptions {
  /** the profile to read with; when absent, the best match among `profiles` by the header row */
  profile?: MappingProfile;
  /** candidates for detection when no profile is given (default: the built-in profiles) */
  profiles?: readonly MappingProfile[];
  /** XLSX: worksheet to read (default profile.sheet, else the first) */
  sheet?: string;
}

export const isEmptyRow = (cells: string[]) => cells.every((c) => c.trim() === '');
export const firstCell = (cells: string[]) => cells.find((c) => c.trim() !== '')?.trim() ?? '';

export function isHeaderFor(cells: string[], profile: MappingProfile, line: number): boolean {
  if (profile.headerRow !== undefined) return line === profile.headerRow;
  const present = new Set(cells.map(normHeader));
  return profile.detectHeaders.length > 0 && profile.detectHeaders.every((h) => present.has(normHeader(h)));
}

export function checkProfile(profile: MappingProfile, fileName: string): void {
  const errors = validateProfile(profile);
  if (errors.length)
    throw new FormatError('bad_profile', `${fileName}: profile "${profile.name}": ${errors.join('; ')}`);
}

/** Why a data row is skipped, or null when it is a charge row. */
export function skipReason(row: RawRow, b: Binding): string | null {
  if (isEmptyRow(row.cells)) return 'empty';
  if (
    row.cells.length >= b.header.length &&
    b.header.every((h, i) => normHeader(h) === normHeader(row.cells[i] ?? ''))
  ) {
    return 'repeated header';
  }
  if (b.skip?.test(firstCell(row.cells))) return 'total row';
  return null;
}

function mapOrRefuse(row: RawRow, b: Binding, fileName: string) {
  try {
    return mapRow(row, b);
  } catch (err) {
    if (!(err instanceof RowError)) throw err;
    throw new FormatError(err.code, `${fileName}: line ${row.line}: ${err.message}`, row.line);
  }
}

interface Plan {
  binding: Binding;
  headerLine: number;
  keys: KeyTracker;
}

/** First pass: find the header, map and check every row, note where each invoice ends. */
async function plan(
  rows: AsyncIterable<RawRow>,
  info: TableInfo,
  given: MappingProfile | undefined,
  candidates: readonly MappingProfile[],
  fileName: string,
): Promise<Plan> {
  let found: Plan | null = null;
  let before = 0;
  let any = false;
  for await (const row of rows) {
    if (!found) {
      if (isEmptyRow(row.cells)) continue;
      any = true;
      const profile = given
        ? isHeaderFor(row.cells, given, row.line)
          ? given
          : null
        : detectProfile(row.cells, candidates);
      if (profile) {
        if (!given) checkProfile(profile, fileName);
        const binding = bindHeader(row.cells, profile, fileName, row.line, info.format === 'csv');
        found = { binding, headerLine: row.line, keys: new KeyTracker(profile, fileName) };
        continue;
      }
      if (++before >= MAX_BANNER_ROWS || (given?.headerRow !== undefined && row.line > given.headerRow))
        break;
      continue;
    }
    if (skipReason(row, found.binding)) continue;
    if (found.keys.rows >= MAX_ROWS)
      throw new FormatError('too_many_rows', `${fileName}: more than ${MAX_ROWS} charge rows`, row.line);
    found.keys.note(mapOrRefuse(row, found.binding, fileName), row.line);
  }
  if (!any) throw new FormatError('empty', `${fileName}: the file has no rows`);
  if (!found) {
    const wanted = !given
      ? `matching any of the profiles ${candidates.map((p) => `"${p.name}"`).join(', ')}`
      : given.headerRow !== undefined
        ? `at row ${given.headerRow} for profile "${given.name}"`
        : `with columns ${given.detectHeaders.map((h) => `"${h}"`).join(', ')} for profile "${given.name}"`;
    throw new FormatError(
      'header_not_found',
      `${fileName}: no header row ${wanted} in the first ${MAX_BANNER_ROWS} rows`,
    );
  }
  if (found.keys.rows === 0) throw new FormatError('empty', `${fileName}: a header but no charge rows`);
  return found;
}

/** Second pass: the same rows again, each invoice yielded as soon as its last row is read. */
async function* build(rows: AsyncIterable<RawRow>, p: Plan, fileName: string): AsyncGenerator<ParsedInvoice> {
  const groups = new InvoiceGroups(p.binding.profile, fileName, p.keys.last);
  for await (const row of rows) {
    if (row.line <= p.headerLine || skipReason(row, p.binding)) continue;
    const done = groups.add(mapOrRefuse(row, p.binding, fileName), row.line);
    if (done) yield done;
  }
}

async function* read(
  source: Source,
  opts: CarrierOptions,
  format: 'csv' | 'xlsx',
): AsyncGenerator<ParsedInvoice> {
  const { profile, onProgress } = opts;
  if (profile) checkProfile(profile, source.fileName);
  const candidates = opts.profiles ?? BUILT_IN_PROFILES;
  if (format === 'xlsx') {
    const book = await openXlsx(source, { sheet: opts.sheet ?? profile?.sheet, onProgress });
    const p = await plan(book.rows(), book.info, profile, candidates, source.fileName);
    yield* build(book.rows(), p, source.fileName);
    return;
  }
  for await (const head of source.open()) {
    if (looksLikeZip(head))
      throw new FormatError('not_csv', `${source.fileName}: this is a ZIP/XLSX file, not delimited text`);
    break;
  }
  let info: TableInfo = { format: 'csv', delimiter: null, encoding: null };
  const settings = { delimiter: profile?.delimiter, encoding: profile?.encoding, onProgress };
  const p = await withCsvRows(source, settings, (rows, i) => {
    info = i;
    return plan(rows, i, profile, candidates, source.fileName);
  });
  // the first pass settled encoding and delimiter (after any Windows-1252 retry)
  yield* build(csvRows(source, info.encoding as string, info.delimiter as string), p, source.fileName);
}

export const parseCarrierCsv: Parser<CarrierOptions> = (source, opts = {}) => read(source, opts, 'csv');
export const parseCarrierXlsx: Parser<CarrierOptions> = (source, opts = {}) => read(source, opts, 'xlsx');
