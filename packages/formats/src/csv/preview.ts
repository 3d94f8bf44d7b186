/**
 * First look at a carrier export for the import wizard: which profile fits, where the header is,
 * the delimiter and encoding found, sample rows, and the first rows mapped through the profile
 * with each row's error (instead of refusing the file at the first bad row, as parsing does).
 * Reads only as much of the file as it shows.
 */
import { FormatError, type ParsedCharge, type Source } from '../canonical.ts';
import { bindHeader } from './binding.ts';
import { mapRow, type RawRow, RowError } from './mapper.ts';
import { isEmptyRow, isHeaderFor, MAX_BANNER_ROWS, skipReason } from './parse.ts';
import { detectProfile, type MappingProfile, validateProfile } from './profile.ts';
import { BUILT_IN_PROFILES } from './profiles.ts';
import { type TableInfo, withCsvRows } from './table.ts';
import { withXlsxRows } from './xlsx.ts';
import { looksLikeZip } from './zip.ts';

export interface PreviewRow {
  line: number;
  accountNumber: string | null;
  invoiceNumber: string | null;
  charges: ParsedCharge[];
  /** why the row would refuse the file, or why it is skipped */
  error: string | null;
  skipped: string | null;
}

export interface CsvPreview {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headerRow: number | null;
  headers: string[];
  /** the profile used: the one given, else the best built-in (or `profiles`) match, else null */
  detectedProfile: MappingProfile | null;
  /** a problem with the profile as a whole (missing columns, invalid settings) */
  profileError: string | null;
  sampleRows: { line: number; cells: string[] }[];
  charges: PreviewRow[];
}

/** Without a profile match: the first row with the most non-empty cells looks like the header. */
function widestRow(rows: RawRow[]): RawRow | undefined {
  const width = (r: RawRow) => r.cells.filter((c) => c.trim() !== '').length;
  return rows.reduce<RawRow | undefined>(
    (best, r) => (best && width(best) >= width(r) ? best : r),
    undefined,
  );
}

async function preview(
  rows: AsyncIterable<RawRow>,
  info: TableInfo,
  fileName: string,
  given: MappingProfile | undefined,
  limit: number,
  profiles: readonly MappingProfile[],
): Promise<CsvPreview> {
  const it = rows[Symbol.asyncIterator]();
  const result: CsvPreview = {
    ...info,
    headerRow: null,
    headers: [],
    detectedProfile: null,
    profileError: null,
    sampleRows: [],
    charges: [],
  };
  try {
    const banner: RawRow[] = [];
    let header: RawRow | undefined;
    let profile: MappingProfile | null = null;
    while (!header && banner.length < MAX_BANNER_ROWS) {
      const r = await it.next();
      if (r.done) break;
      if (isEmptyRow(r.value.cells)) continue;
      banner.push(r.value);
      profile =
        given && isHeaderFor(r.value.cells, given, r.value.line)
          ? given
          : given
            ? null
            : detectProfile(r.value.cells, profiles);
      if (profile) header = r.value;
    }
    if (banner.length === 0) throw new FormatError('empty', `${fileName}: the file has no rows`);
    header ??= widestRow(banner) as RawRow;
    result.headerRow = header.line;
    result.headers = header.cells;
    result.detectedProfile = profile;
    const pending = banner.slice(banner.indexOf(header) + 1);
    let binding = null;
    if (profile) {
      const invalid = validateProfile(profile);
      if (invalid.length) result.profileError = invalid.join('; ');
      else {
        try {
          binding = bindHeader(header.cells, profile, fileName, header.line, info.format === 'csv');
        } catch (err) {
          if (!(err instanceof FormatError)) throw err;
          result.profileError = err.message;
        }
      }
    } else if (given) result.profileError = `no row matches the headers of profile "${given.name}"`;
    while (result.sampleRows.length < limit) {
      const next = pending.shift() ?? (await it.next()).value;
      if (!next) break;
      if (isEmptyRow(next.cells)) continue;
      result.sampleRows.push({ line: next.line, cells: next.cells });
      if (!binding) continue;
      const row: PreviewRow = {
        line: next.line,
        accountNumber: null,
        invoiceNumber: null,
        charges: [],
        error: null,
        skipped: skipReason(next, binding),
      };
      if (!row.skipped) {
        try {
          const mapped = mapRow(next, binding);
          Object.assign(row, {
            accountNumber: mapped.accountNumber,
            invoiceNumber: mapped.invoiceNumber,
            charges: mapped.charges,
          });
        } catch (err) {
          if (!(err instanceof RowError)) throw err;
          row.error = err.message;
        }
      }
      result.charges.push(row);
    }
  } finally {
    await it.return?.();
  }
  return result;
}

/** Preview a CSV or XLSX export (told apart by content); `profile` forces a profile instead of detecting one. */
export async function previewCsv(
  source: Source,
  profile?: MappingProfile,
  rows = 20,
  profiles: readonly MappingProfile[] = BUILT_IN_PROFILES,
): Promise<CsvPreview> {
  let zip = false;
  for await (const head of source.open()) {
    zip = looksLikeZip(head);
    break;
  }
  const consume = (r: AsyncIterable<RawRow>, info: TableInfo) =>
    preview(r, info, source.fileName, profile, rows, profiles);
  if (zip) return withXlsxRows(source, { sheet: profile?.sheet }, consume);
  return withCsvRows(source, { delimiter: profile?.delimiter, encoding: profile?.encoding }, consume);
}
