/**
 * Column-mapping profiles as the API sends them. Mirrors MappingProfile and CsvPreview of
 * @temops/formats (csv/profile.ts, csv/preview.ts), which the browser bundle does not import.
 */
import { KINDS, type Kind } from '../invoices/types.ts';

export type ChargeKind = Kind;
export const CHARGE_KINDS = KINDS;

/** A header name, or several aliases (the first one present in the file is used). */
export type ColumnRef = string | string[];

export const COLUMN_FIELDS = [
  'accountNumber',
  'subAccountNumber',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'periodStart',
  'periodEnd',
  'serviceId',
  'description',
  'productCode',
  'quantity',
  'unit',
  'unitRate',
  'amount',
  'kind',
  'currency',
  'vendorName',
  'rowTotal',
] as const;
export type Field = (typeof COLUMN_FIELDS)[number];

export type ColumnMap = { accountNumber: ColumnRef } & Partial<Record<Field, ColumnRef>>;

export interface AmountColumn {
  column: ColumnRef;
  kind: ChargeKind;
  creditKind?: ChargeKind;
  description?: string;
}

export type CsvEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252' | 'auto';
export type DateFormat = 'iso' | 'us' | 'eu';
export type Thousands = ',' | '.' | ' ' | '';
export type DecimalMark = '.' | ',';
export type ServiceType = 'phone' | 'circuit' | 'cloud_resource' | 'subscription' | 'account' | 'other';

export interface MappingProfile {
  id: string;
  name: string;
  vendorName: string;
  vendorCode?: string;
  headerRow?: number;
  detectHeaders: string[];
  delimiter?: string;
  encoding?: CsvEncoding;
  sheet?: string;
  columns: ColumnMap;
  amountColumns?: AmountColumn[];
  extraColumns?: Record<string, ColumnRef>;
  kindMap?: Record<string, ChargeKind>;
  defaultKind: ChargeKind;
  serviceType?: ServiceType | null;
  dateFormat?: DateFormat;
  thousands?: Thousands;
  decimalMark?: DecimalMark;
  currency?: string;
  invoiceNumberFrom?: 'invoiceDate' | 'period';
  skipRowsMatching?: string;
}

export type SavedProfile = MappingProfile & { builtIn: boolean };

export interface PreviewCharge {
  serviceId: string | null;
  serviceType: string | null;
  kind: string;
  description: string | null;
  productCode: string | null;
  quantity: string | null;
  unit: string | null;
  unitRate: string | null;
  amount: string;
  periodStart: string | null;
  periodEnd: string | null;
  infoOnly: boolean;
}

export interface PreviewRow {
  line: number;
  accountNumber: string | null;
  invoiceNumber: string | null;
  charges: PreviewCharge[];
  /** why the row would refuse the file */
  error: string | null;
  /** why the row is skipped (empty, repeated header, total row) */
  skipped: string | null;
}

export interface Preview {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  headerRow: number | null;
  headers: string[];
  detectedProfile: MappingProfile | null;
  profileError: string | null;
  sampleRows: { line: number; cells: string[] }[];
  charges: PreviewRow[];
}

export const FIELD_LABELS: Record<Field, string> = {
  accountNumber: 'Account number',
  subAccountNumber: 'Sub-account number',
  invoiceNumber: 'Invoice number',
  invoiceDate: 'Invoice date',
  dueDate: 'Due date',
  periodStart: 'Period start',
  periodEnd: 'Period end',
  serviceId: 'Service id (phone, circuit …)',
  description: 'Description',
  productCode: 'Product code (USOC, SKU)',
  quantity: 'Quantity',
  unit: 'Unit',
  unitRate: 'Unit rate',
  amount: 'Amount',
  kind: 'Charge type (kind)',
  currency: 'Currency',
  vendorName: 'Vendor name',
  rowTotal: 'Row total (check)',
};

export const DATE_FORMATS: { value: DateFormat; label: string }[] = [
  { value: 'iso', label: 'ISO yyyy-mm-dd' },
  { value: 'us', label: 'US mm/dd/yyyy' },
  { value: 'eu', label: 'EU dd.mm.yyyy' },
];

export const DECIMAL_MARKS: { value: DecimalMark; label: string }[] = [
  { value: '.', label: 'Point 1234.56' },
  { value: ',', label: 'Comma 1234,56' },
];

/** Select values cannot be empty, so "default" and "none" get names of their own. */
export const THOUSANDS_OPTIONS: { value: string; label: string }[] = [
  { value: 'default', label: 'Default (the other mark)' },
  { value: ',', label: 'Comma 1,234' },
  { value: '.', label: 'Point 1.234' },
  { value: ' ', label: 'Space 1 234' },
  { value: 'none', label: 'None 1234' },
];

export const ENCODINGS: { value: CsvEncoding; label: string }[] = [
  { value: 'auto', label: 'Detect (BOM, UTF-8, else Windows-1252)' },
  { value: 'utf8', label: 'UTF-8' },
  { value: 'utf16le', label: 'UTF-16 LE' },
  { value: 'utf16be', label: 'UTF-16 BE' },
  { value: 'windows-1252', label: 'Windows-1252' },
];

export const SERVICE_TYPES: ServiceType[] = [
  'phone',
  'circuit',
  'cloud_resource',
  'subscription',
  'account',
  'other',
];

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};
export const delimiterName = (d: string | null) => (d === null ? '—' : (DELIMITER_NAMES[d] ?? `"${d}"`));

export const isBuiltInId = (id: string) => id.startsWith('builtin:');
