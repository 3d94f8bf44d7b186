/**
 * A profile bound to a file's header row: which cell holds which field, compiled kind rules and
 * number/date settings. Built once per file; missing or ambiguous columns refuse the file here.
 */
import { type ChargeKind, FormatError } from '../canonical.ts';
import {
  aliases,
  type ColumnMap,
  type ColumnRef,
  isRegexKey,
  type MappingProfile,
  normHeader,
} from './profile.ts';
import type { DateFormat, NumberFormat } from './values.ts';

export type Field = keyof ColumnMap;

export interface Binding {
  profile: MappingProfile;
  header: string[];
  col: Partial<Record<Field, number>>;
  wide: { idx: number; kind: ChargeKind; creditKind: ChargeKind; description: string }[];
  extra: [string, number][];
  kindExact: Map<string, ChargeKind>;
  kindRegex: [RegExp, ChargeKind][];
  skip: RegExp | null;
  number: NumberFormat;
  dates: DateFormat;
  /** CSV: a row with missing cells is an error; XLSX rows simply end at their last non-empty cell */
  strictWidth: boolean;
}

export function bindHeader(
  header: string[],
  profile: MappingProfile,
  fileName: string,
  line: number,
  strictWidth: boolean,
): Binding {
  const positions = new Map<string, number[]>();
  header.forEach((h, i) => {
    const k = normHeader(h);
    if (k) positions.set(k, [...(positions.get(k) ?? []), i]);
  });
  const missing: string[] = [];
  const find = (ref: ColumnRef, required: boolean): number | undefined => {
    for (const a of aliases(ref)) {
      const at = positions.get(normHeader(a));
      if (at && at.length > 1)
        throw new FormatError(
          'duplicate_column',
          `${fileName}: line ${line}: column "${a}" appears ${at.length} times`,
          line,
        );
      if (at) return at[0];
    }
    if (required) missing.push(aliases(ref).join(' / '));
    return undefined;
  };
  const col: Binding['col'] = {};
  for (const [field, ref] of Object.entries(profile.columns) as [Field, ColumnRef | undefined][]) {
    if (ref !== undefined) col[field] = find(ref, field === 'accountNumber' || field === 'amount');
  }
  const wide = (profile.amountColumns ?? []).flatMap((a) => {
    const idx = find(a.column, false);
    return idx === undefined
      ? []
      : [
          {
            idx,
            kind: a.kind,
            creditKind: a.creditKind ?? a.kind,
            description: a.description ?? (header[idx] as string).trim(),
          },
        ];
  });
  if (profile.amountColumns?.length && wide.length === 0)
    missing.push(profile.amountColumns.map((a) => aliases(a.column)[0]).join(' / '));
  if (missing.length) {
    throw new FormatError(
      'missing_column',
      `${fileName}: line ${line}: profile "${profile.name}" needs column(s) ${missing.map((m) => `"${m}"`).join(', ')}`,
      line,
    );
  }
  const extra = Object.entries(profile.extraColumns ?? {}).flatMap(([name, ref]): [string, number][] => {
    const idx = find(ref, false);
    return idx === undefined ? [] : [[name, idx]];
  });
  const kindExact = new Map<string, ChargeKind>();
  const kindRegex: [RegExp, ChargeKind][] = [];
  for (const [k, v] of Object.entries(profile.kindMap ?? {})) {
    if (isRegexKey(k)) kindRegex.push([new RegExp(k.slice(1, -1), 'i'), v]);
    else kindExact.set(normHeader(k), v);
  }
  const decimalMark = profile.decimalMark ?? '.';
  return {
    profile,
    header,
    col,
    wide,
    extra,
    kindExact,
    kindRegex,
    skip: profile.skipRowsMatching ? new RegExp(profile.skipRowsMatching, 'i') : null,
    number: { decimalMark, thousands: profile.thousands ?? (decimalMark === '.' ? ',' : '.') },
    dates: profile.dateFormat ?? 'iso',
    strictWidth,
  };
}
