/**
 * The wizard's form state and how it turns into a MappingProfile (and back). Pure functions, so
 * they can be unit-tested without a browser.
 */
import {
  CHARGE_KINDS,
  type ChargeKind,
  COLUMN_FIELDS,
  type ColumnMap,
  type ColumnRef,
  type CsvEncoding,
  type DateFormat,
  type DecimalMark,
  type Field,
  isBuiltInId,
  type MappingProfile,
  type Preview,
  type ServiceType,
  type Thousands,
} from './types.ts';

export interface KindRow {
  key: number;
  value: string;
  kind: ChargeKind | null;
}

export interface AmountRow {
  key: number;
  column: ColumnRef | null;
  kind: ChargeKind;
  creditKind: ChargeKind | null;
  description?: string;
}

export interface Draft {
  id: string;
  /** false while the id follows the name */
  idTouched: boolean;
  name: string;
  vendorName: string;
  vendorCode: string;
  columns: Partial<Record<Field, ColumnRef>>;
  /** one column per charge type (amountColumns) instead of one amount column */
  wide: boolean;
  amountColumns: AmountRow[];
  kindMap: KindRow[];
  defaultKind: ChargeKind;
  dateFormat: DateFormat;
  decimalMark: DecimalMark;
  /** a THOUSANDS_OPTIONS value: 'default', 'none' or the separator */
  thousands: string;
  currency: string;
  skipRowsMatching: string;
  detectHeaders: string[];
  /** false while the detect headers follow the mapped columns */
  detectTouched: boolean;
  headerRow: number | null;
  /** '' = sniffed */
  delimiter: string;
  encoding: CsvEncoding;
  sheet: string;
  invoiceNumberFrom: '' | 'invoiceDate' | 'period';
  serviceType: ServiceType | '';
  /** settings of a loaded profile this form does not edit (extra columns …), kept as they were */
  rest: Record<string, unknown>;
}

let keys = 1;
export const nextKey = () => keys++;

export function emptyDraft(): Draft {
  return {
    id: '',
    idTouched: false,
    name: '',
    vendorName: '',
    vendorCode: '',
    columns: {},
    wide: false,
    amountColumns: [],
    kindMap: [],
    defaultKind: 'recurring',
    dateFormat: 'iso',
    decimalMark: '.',
    thousands: 'default',
    currency: '',
    skipRowsMatching: '',
    detectHeaders: [],
    detectTouched: false,
    headerRow: null,
    delimiter: '',
    encoding: 'auto',
    sheet: '',
    invoiceNumberFrom: '',
    serviceType: '',
    rest: {},
  };
}

/** Keys of MappingProfile the form edits; anything else is carried over in `rest`. */
const EDITED = new Set([
  'id',
  'name',
  'vendorName',
  'vendorCode',
  'headerRow',
  'detectHeaders',
  'delimiter',
  'encoding',
  'sheet',
  'columns',
  'amountColumns',
  'kindMap',
  'defaultKind',
  'serviceType',
  'dateFormat',
  'thousands',
  'decimalMark',
  'currency',
  'invoiceNumberFrom',
  'skipRowsMatching',
  'builtIn',
]);

/**
 * A saved or detected profile as form state. `copy` (always for built-in profiles, which cannot
 * be overwritten) starts a new profile with an id of its own.
 */
export function draftFromProfile(p: MappingProfile, copy = false): Draft {
  const asCopy = copy || isBuiltInId(p.id);
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!EDITED.has(k)) rest[k] = v;
  const columns: Partial<Record<Field, ColumnRef>> = {};
  for (const f of COLUMN_FIELDS) {
    const ref = p.columns?.[f];
    if (ref !== undefined && ref !== '' && !(Array.isArray(ref) && ref.length === 0)) columns[f] = ref;
  }
  const amountColumns = (p.amountColumns ?? []).map((a) => ({
    key: nextKey(),
    column: a.column,
    kind: a.kind,
    creditKind: a.creditKind ?? null,
    ...(a.description !== undefined ? { description: a.description } : {}),
  }));
  const name = asCopy ? `${p.name} (copy)` : p.name;
  return {
    id: asCopy ? slugify(name) : p.id,
    idTouched: !asCopy,
    name,
    vendorName: p.vendorName ?? '',
    vendorCode: p.vendorCode ?? '',
    columns,
    wide: amountColumns.length > 0,
    amountColumns,
    kindMap: Object.entries(p.kindMap ?? {}).map(([value, kind]) => ({ key: nextKey(), value, kind })),
    defaultKind: p.defaultKind ?? 'recurring',
    dateFormat: p.dateFormat ?? 'iso',
    decimalMark: p.decimalMark ?? '.',
    thousands: p.thousands === undefined ? 'default' : p.thousands === '' ? 'none' : p.thousands,
    currency: p.currency ?? '',
    skipRowsMatching: p.skipRowsMatching ?? '',
    detectHeaders: [...(p.detectHeaders ?? [])],
    detectTouched: true,
    headerRow: p.headerRow ?? null,
    delimiter: p.delimiter ?? '',
    encoding: p.encoding ?? 'auto',
    sheet: p.sheet ?? '',
    invoiceNumberFrom: p.invoiceNumberFrom ?? '',
    serviceType: p.serviceType ?? '',
    rest,
  };
}

/** "Verizon Wireless — export" → "verizon-wireless-export": a valid profile id. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return s || 'profile';
}

export const ID_PATTERN = /^[a-z0-9][a-z0-9:._-]{0,63}$/;

export const normHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

export const aliases = (ref: ColumnRef): string[] => (Array.isArray(ref) ? ref : [ref]);

/** The alias of a column reference that the file has (else the first one): what a picker shows. */
export function shownRef(ref: ColumnRef, headers: string[]): string {
  const present = new Map(headers.map((h) => [normHeader(h), h]));
  for (const a of aliases(ref)) {
    const h = present.get(normHeader(a));
    if (h !== undefined) return h;
  }
  return aliases(ref)[0] ?? '';
}

/** Index of a column reference in the header row, or -1. */
export function columnIndex(ref: ColumnRef | null | undefined, headers: string[]): number {
  if (!ref) return -1;
  const wanted = new Set(aliases(ref).map(normHeader));
  return headers.findIndex((h) => wanted.has(normHeader(h)));
}

/** Headers the profile maps to, in field order: the default detect headers. */
export function mappedHeaders(d: Draft, headers: string[]): string[] {
  const refs: ColumnRef[] = [];
  for (const f of COLUMN_FIELDS) {
    const ref = d.columns[f];
    if (ref === undefined || (f === 'amount' && d.wide) || (f === 'rowTotal' && !d.wide)) continue;
    refs.push(ref);
  }
  if (d.wide) for (const a of d.amountColumns) if (a.column) refs.push(a.column);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    const h = shownRef(r, headers).trim();
    if (h && !seen.has(normHeader(h))) {
      seen.add(normHeader(h));
      out.push(h);
    }
  }
  return out;
}

export const effectiveDetect = (d: Draft, headers: string[]): string[] =>
  d.detectTouched ? d.detectHeaders : mappedHeaders(d, headers);

export const effectiveId = (d: Draft): string => (d.idTouched ? d.id : slugify(d.name));

/** The form as the profile the API takes. */
export function toProfile(d: Draft, headers: string[]): MappingProfile {
  const columns: Partial<Record<Field, ColumnRef>> = {};
  for (const f of COLUMN_FIELDS) {
    const ref = d.columns[f];
    if (ref === undefined || (f === 'amount' && d.wide) || (f === 'rowTotal' && !d.wide)) continue;
    columns[f] = ref;
  }
  const p: MappingProfile = {
    ...(d.rest as Partial<MappingProfile>),
    id: effectiveId(d),
    name: d.name.trim(),
    vendorName: d.vendorName.trim(),
    detectHeaders: effectiveDetect(d, headers),
    columns: { ...columns, accountNumber: columns.accountNumber ?? '' } as ColumnMap,
    defaultKind: d.defaultKind,
    dateFormat: d.dateFormat,
    decimalMark: d.decimalMark,
  };
  if (d.vendorCode.trim()) p.vendorCode = d.vendorCode.trim();
  if (d.headerRow !== null) p.headerRow = d.headerRow;
  if (d.delimiter) p.delimiter = d.delimiter;
  if (d.encoding !== 'auto') p.encoding = d.encoding;
  if (d.sheet.trim()) p.sheet = d.sheet.trim();
  if (d.wide) {
    p.amountColumns = d.amountColumns
      .filter((a) => a.column)
      .map((a) => ({
        column: a.column as ColumnRef,
        kind: a.kind,
        ...(a.creditKind ? { creditKind: a.creditKind } : {}),
        ...(a.description ? { description: a.description } : {}),
      }));
  }
  const kindMap = d.kindMap.filter((r) => r.value.trim() && r.kind);
  if (kindMap.length)
    p.kindMap = Object.fromEntries(kindMap.map((r) => [r.value.trim(), r.kind as ChargeKind]));
  if (d.serviceType) p.serviceType = d.serviceType;
  if (d.thousands !== 'default') p.thousands = (d.thousands === 'none' ? '' : d.thousands) as Thousands;
  if (d.currency.trim()) p.currency = d.currency.trim().toUpperCase();
  if (d.invoiceNumberFrom) p.invoiceNumberFrom = d.invoiceNumberFrom;
  if (d.skipRowsMatching.trim()) p.skipRowsMatching = d.skipRowsMatching.trim();
  return p;
}

function regexProblem(source: string, what: string): string | null {
  if (source.length > 200) return `${what}: pattern longer than 200 characters`;
  try {
    new RegExp(source, 'i');
    return null;
  } catch (err) {
    return `${what}: ${(err as Error).message}`;
  }
}

/**
 * What keeps the form from making a usable profile, in words for the person filling it in.
 * `forSave` adds what only saving needs (a name and a valid id).
 */
export function problems(d: Draft, headers: string[], forSave: boolean): string[] {
  const out: string[] = [];
  if (forSave && !d.name.trim()) out.push('Give the profile a name.');
  if (forSave && !ID_PATTERN.test(effectiveId(d)))
    out.push('The id may only hold lower-case letters, digits and . _ : - (at most 64).');
  if (forSave && isBuiltInId(effectiveId(d)))
    out.push('Built-in profiles cannot be overwritten; change the id.');
  if (!d.columns.accountNumber) out.push('Map the account number column.');
  if (d.wide) {
    if (!d.amountColumns.some((a) => a.column))
      out.push('Add at least one amount column (one per charge type).');
  } else if (!d.columns.amount) out.push('Map the amount column, or switch to one column per charge type.');
  const values = new Set<string>();
  for (const r of d.kindMap) {
    if (!r.value.trim() && !r.kind) continue;
    if (!r.value.trim()) out.push('A charge type mapping has no value.');
    else if (!r.kind) out.push(`Choose a kind for the charge type "${r.value.trim()}".`);
    const k = normHeader(r.value);
    if (k && values.has(k)) out.push(`The charge type "${r.value.trim()}" is mapped twice.`);
    values.add(k);
    if (r.value.trim().length > 2 && r.value.trim().startsWith('/') && r.value.trim().endsWith('/')) {
      const p = regexProblem(r.value.trim().slice(1, -1), `Charge type ${r.value.trim()}`);
      if (p) out.push(p);
    }
  }
  const thousands = d.thousands === 'default' ? null : d.thousands === 'none' ? '' : d.thousands;
  if (thousands === d.decimalMark) out.push('The thousands separator and the decimal mark must differ.');
  if (d.currency.trim() && !/^[A-Za-z]{3}$/.test(d.currency.trim()))
    out.push('The currency must be a three-letter ISO 4217 code such as EUR.');
  if (d.skipRowsMatching.trim()) {
    const p = regexProblem(d.skipRowsMatching.trim(), 'Skip rows pattern');
    if (p) out.push(p);
  }
  if (d.headerRow === null && effectiveDetect(d, headers).length === 0)
    out.push('Name at least one header that identifies the file (detect headers).');
  if (d.delimiter.length > 1) out.push('The delimiter must be one character.');
  return out;
}

/** Values of the kind column in the sample rows that neither the kind map nor the canonical names cover. */
export function unmappedKindValues(d: Draft, preview: Preview | null): string[] {
  if (!preview) return [];
  const idx = columnIndex(d.columns.kind, preview.headers);
  if (idx < 0) return [];
  const known = new Set(d.kindMap.map((r) => normHeader(r.value)));
  const canonical = new Set<string>(CHARGE_KINDS);
  const out: string[] = [];
  for (const row of preview.sampleRows) {
    const v = (row.cells[idx] ?? '').trim();
    const k = normHeader(v);
    if (!v || known.has(k) || canonical.has(k.replace(/[\s-]+/g, '_'))) continue;
    known.add(k);
    out.push(v);
  }
  return out;
}

const NUM_EU = /^[-+(]?\s*[$€£¥]?\s*\d{1,3}(?:[.\s\u00a0]\d{3})*,\d+\s*[$€£¥]?\)?-?$/;
const NUM_US = /^[-+(]?\s*[$€£¥]?\s*\d{1,3}(?:[,\s\u00a0]\d{3})*\.\d+\s*[$€£¥]?\)?-?$/;
const DATE_DOTS = /^\d{1,2}\.\d{1,2}\.\d{2,4}$/;
const DATE_SLASH = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}$/;
const DATE_ISO = /^\d{4}-\d{2}-\d{2}/;

/** Number and date formats the sample rows suggest (a starting point; the preview shows the outcome). */
export function guessFormats(preview: Preview): Pick<Draft, 'decimalMark' | 'dateFormat'> {
  let eu = 0;
  let us = 0;
  const dates = { iso: 0, us: 0, eu: 0 };
  for (const row of preview.sampleRows) {
    for (const raw of row.cells) {
      const c = raw.trim();
      if (NUM_EU.test(c)) eu++;
      else if (NUM_US.test(c)) us++;
      if (DATE_ISO.test(c)) dates.iso++;
      else if (DATE_DOTS.test(c)) dates.eu++;
      else {
        const m = DATE_SLASH.exec(c);
        if (m) {
          if (Number(m[1]) > 12) dates.eu++;
          else dates.us++;
        }
      }
    }
  }
  const best = (Object.entries(dates) as [DateFormat, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { decimalMark: eu > us ? ',' : '.', dateFormat: best[1] > 0 ? best[0] : 'iso' };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Adds "rows starting with this text" to the skip pattern. */
export function addSkipPrefix(pattern: string, firstCell: string): string {
  const add = `^${escapeRegex(firstCell.trim().toLowerCase())}`;
  const cur = pattern.trim();
  return cur ? `${cur}|${add}` : add;
}
