/**
 * Which saved profile a delimited text file matches, from its first bytes only (for format
 * detection before parsing): the delimiter is sniffed, the first MAX_BANNER_ROWS lines are split
 * as CSV (quotes honoured), and the first line whose cells carry a profile's detect headers wins.
 */
import { parse } from 'csv-parse/sync';
import { detectProfile, type MappingProfile } from './profile.ts';
import { BUILT_IN_PROFILES } from './profiles.ts';
import { sniffDelimiter } from './table.ts';

export interface CsvProfileMatch {
  profile: MappingProfile;
  delimiter: string;
  /** 1-based line of the header row within the text */
  headerLine: number;
}

/** `head`: decoded text of the file's start (a BOM is ignored); a cut last line is dropped. */
export function detectCsvProfile(
  head: string,
  profiles: readonly MappingProfile[] = BUILT_IN_PROFILES,
): CsvProfileMatch | null {
  const text = head.replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\n|\r/).slice(0, 50);
  const delimiters = [sniffDelimiter(text, false), ',', ';', '\t', '|'];
  for (const delimiter of new Set(delimiters)) {
    for (let i = 0; i < lines.length; i++) {
      let cells: string[];
      try {
        cells =
          (
            parse(lines[i] as string, {
              delimiter,
              relax_quotes: true,
              relax_column_count: true,
            }) as string[][]
          )[0] ?? [];
      } catch {
        continue; // a header cell with a line break in quotes: not worth handling here
      }
      const profile = detectProfile(cells, profiles);
      if (profile) return { profile, delimiter, headerLine: i + 1 };
    }
  }
  return null;
}
