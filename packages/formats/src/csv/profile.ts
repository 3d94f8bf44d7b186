/**
 * Column-mapping profiles: how one vendor's portal export maps onto charges. Profiles are plain
 * JSON-serialisable data (tenants save their own; see profiles.ts for the built-in ones), so
 * regular expressions are written as strings.
 */
import { CHARGE_KINDS, type ChargeKind, type ParsedCharge } from '../canonical.ts';

/** A header name, or several aliases (the first one present in the file is used). */
export type ColumnRef = string | string[];

export interface ColumnMap {
  accountNumber: ColumnRef;
  subAccountNumber?: ColumnRef;
  invoiceNumber?: ColumnRef;
  invoiceDate?: ColumnRef;
  dueDate?: ColumnRef;
  periodStart?: ColumnRef;
  periodEnd?: ColumnRef;
  serviceId?: ColumnRef;
  description?: ColumnRef;
  productCode?: ColumnRef;
  quantity?: ColumnRef;
  unit?: ColumnRef;
  unitRate?: ColumnRef;
  /** the charge amount (one charge per row); required unless the profile has amountColumns */
  amount?: ColumnRef;
  kind?: ColumnRef;
  currency?: ColumnRef;
  vendorName?: ColumnRef;
  /** a per-row total, checked against the sum of amountColumns (warning when different) */
  rowTotal?: ColumnRef;
}

/** Wide layouts ("summary by line"): each money column of a row becomes its own charge. */
export interface AmountColumn {
  column: ColumnRef;
  kind: ChargeKind;
  /** kind of a negative amount in this column (e.g. "… Charges and Credits"); default: kind */
  creditKind?: ChargeKind;
  /** charge description; default: the header text */
  description?: string;
}

export type CsvEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252' | 'auto';

export interface MappingProfile {
  id: string;
  name: string;
  vendorName: string;
  vendorCode?: string;
  /** 1-based line (CSV) or row (XLSX) of the header; default: the first row holding all detectHeaders */
  headerRow?: number;
  /** headers that identify the profile; all must be present (case and spacing ignored) */
  detectHeaders: string[];
  /** default: sniffed among , ; tab | */
  delimiter?: string;
  /** default 'auto': BOM, then UTF-8, else Windows-1252 */
  encoding?: CsvEncoding;
  /** XLSX: worksheet name; default the first worksheet */
  sheet?: string;
  columns: ColumnMap;
  amountColumns?: AmountColumn[];
  /** extra columns kept on each charge: attribute name → header */
  extraColumns?: Record<string, ColumnRef>;
  /**
   * kind column value (case-insensitive) → kind; a key written `/regex/` is tested (case-
   * insensitive) against the kind cell, then the description. Kind cells that already name a
   * canonical kind (`usage`, `one time`, `one-time` …) need no entry.
   */
  kindMap?: Record<string, ChargeKind>;
  defaultKind: ChargeKind;
  serviceType?: ParsedCharge['serviceType'];
  dateFormat?: 'iso' | 'us' | 'eu';
  /** default ',' with decimalMark '.', '.' with decimalMark ','; '' = no grouping accepted */
  thousands?: ',' | '.' | ' ' | '';
  decimalMark?: '.' | ',';
  /** ISO 4217, used when the file has no currency column */
  currency?: string;
  /** without an invoice number column: identify the invoice by account + invoice date, or account + period */
  invoiceNumberFrom?: 'invoiceDate' | 'period';
  /** regex (case-insensitive) on the first non-empty cell; matching rows (totals, subtotals) are skipped */
  skipRowsMatching?: string;
}

export const normHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

export const aliases = (ref: ColumnRef): string[] => (Array.isArray(ref) ? ref : [ref]);

/** Mapped columns of a profile, to score how well a header row fits it. */
function mappedRefs(p: MappingProfile): ColumnRef[] {
  const refs: ColumnRef[] = Object.values(p.columns).filter((r): r is ColumnRef => r !== undefined);
  for (const a of p.amountColumns ?? []) refs.push(a.column);
  return refs;
}

/**
 * How well a header row fits a profile: null unless every detectHeader is present; otherwise
 * the share of the profile's mapped columns found (0..1), plus 1 per detect header, so a
 * profile with more specific detect headers wins over a generic one.
 */
export function scoreProfile(headers: string[], p: MappingProfile): number | null {
  const present = new Set(headers.map(normHeader));
  if (p.detectHeaders.length === 0 || !p.detectHeaders.every((h) => present.has(normHeader(h)))) return null;
  const refs = mappedRefs(p);
  const found = refs.filter((r) => aliases(r).some((a) => present.has(normHeader(a)))).length;
  return p.detectHeaders.length + (refs.length ? found / refs.length : 0);
}

/** The best-fitting profile for a header row, or null when none has all its detect headers. */
export function detectProfile(headers: string[], profiles: readonly MappingProfile[]): MappingProfile | null {
  let best: MappingProfile | null = null;
  let bestScore = -1;
  for (const p of profiles) {
    const s = scoreProfile(headers, p);
    if (s !== null && s > bestScore) [best, bestScore] = [p, s];
  }
  return best;
}

export const isRegexKey = (k: string) => k.length > 2 && k.startsWith('/') && k.endsWith('/');

/** Problems that make a profile unusable (for the UI when saving one, and checked before parsing). */
export function validateProfile(p: MappingProfile): string[] {
  const errors: string[] = [];
  const isKind = (k: unknown) => (CHARGE_KINDS as readonly unknown[]).includes(k);
  if (!p.id || !p.name) errors.push('id and name are required');
  if (!p.columns?.accountNumber) errors.push('columns.accountNumber is required');
  const wide = (p.amountColumns ?? []).length > 0;
  if (!p.columns?.amount && !wide) errors.push('columns.amount or amountColumns is required');
  if (p.columns?.amount && wide) errors.push('use either columns.amount or amountColumns, not both');
  if (!isKind(p.defaultKind)) errors.push(`defaultKind "${p.defaultKind}" is not a charge kind`);
  for (const a of p.amountColumns ?? []) {
    if (!isKind(a.kind) || (a.creditKind !== undefined && !isKind(a.creditKind)))
      errors.push(`amountColumns ${a.column}: not a charge kind`);
  }
  for (const [k, v] of Object.entries(p.kindMap ?? {})) {
    if (!isKind(v)) errors.push(`kindMap "${k}" → "${v}" is not a charge kind`);
    if (isRegexKey(k)) errors.push(...regexError(k.slice(1, -1), `kindMap ${k}`));
  }
  if (p.skipRowsMatching) errors.push(...regexError(p.skipRowsMatching, 'skipRowsMatching'));
  if (p.thousands !== undefined && p.thousands === p.decimalMark)
    errors.push('thousands separator and decimal mark must differ');
  if (p.currency !== undefined && !/^[A-Z]{3}$/.test(p.currency))
    errors.push(`currency "${p.currency}" is not an ISO 4217 code`);
  if (p.delimiter !== undefined && p.delimiter.length !== 1) errors.push('delimiter must be one character');
  if (p.headerRow !== undefined && !(Number.isInteger(p.headerRow) && p.headerRow >= 1))
    errors.push('headerRow must be a positive integer');
  return errors;
}

function regexError(source: string, what: string): string[] {
  // profiles are admin-entered data; keep patterns short to limit catastrophic backtracking
  if (source.length > 200) return [`${what}: pattern longer than 200 characters`];
  try {
    new RegExp(source, 'i');
    return [];
  } catch (err) {
    return [`${what}: ${(err as Error).message}`];
  }
}
