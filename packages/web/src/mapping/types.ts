/**
 * Column-mapping profiles as the API sends them: the types are those of @temops/formats, imported
 * as types only, so the browser bundle carries none of the readers.
 */
import type { CsvEncoding, CsvPreview, MappingProfile } from '@temops/formats';

export type {
  AmountColumn,
  ChargeKind,
  ColumnMap,
  ColumnRef,
  CsvEncoding,
  MappingProfile,
  PreviewRow,
} from '@temops/formats';
export { KINDS as CHARGE_KINDS } from '../invoices/types.ts';

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

export type DateFormat = NonNullable<MappingProfile['dateFormat']>;
export type Thousands = NonNullable<MappingProfile['thousands']>;
export type DecimalMark = NonNullable<MappingProfile['decimalMark']>;
export type ServiceType = NonNullable<MappingProfile['serviceType']>;
export type SavedProfile = MappingProfile & { builtIn: boolean };
export type Preview = CsvPreview;

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
