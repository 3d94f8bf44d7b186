/**
 * FOCUS columns (1.0–1.2) and enumerations. The spec names columns in PascalCase; exports and
 * hand-edited files drift (`billedcost`, `Billed Cost`, `billed_cost`), so names are matched
 * ignoring case, spaces, underscores and hyphens. `x_` provider columns and unknown columns
 * (the public sample has a bare `Id`) are kept under their own header text.
 */
import { FormatError } from '../canonical.ts';

export const FOCUS_COLUMNS = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceId',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
] as const;
export type FocusColumn = (typeof FOCUS_COLUMNS)[number];

export const DECIMAL_COLUMNS: ReadonlySet<FocusColumn> = new Set<FocusColumn>([
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'ContractedCost',
  'ContractedUnitPrice',
  'PricingQuantity',
  'ConsumedQuantity',
  'CommitmentDiscountQuantity',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
]);

export const DATE_COLUMNS: ReadonlySet<FocusColumn> = new Set<FocusColumn>([
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
]);

/** Without these a row cannot become a charge on an invoice, so the file is refused. */
export const REQUIRED_COLUMNS: readonly FocusColumn[] = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'ChargeCategory',
];

/** Enumerations, in spec spelling; values are matched like column names (case, `-`, `_`, space). */
export const ENUMS: Partial<Record<FocusColumn, readonly string[]>> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: ['Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: ['Standard', 'Dynamic', 'Committed', 'Other'],
  CommitmentDiscountStatus: ['Used', 'Unused'],
  CommitmentDiscountCategory: ['Spend', 'Usage'],
  CapacityReservationStatus: ['Used', 'Unused'],
};

/** `Usage-based`, `usage_based`, `USAGE BASED` → `usagebased` */
export const looseKey = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');

const BY_LOOSE_NAME = new Map<string, FocusColumn>(FOCUS_COLUMNS.map((c) => [looseKey(c), c]));
const ENUM_LOOKUP = new Map<string, Map<string, string>>(
  Object.entries(ENUMS).map(([col, values]) => [col, new Map(values.map((v) => [looseKey(v), v]))]),
);

/** The spec spelling of an enum value, or null when the value is not in the enumeration. */
export function enumValue(column: FocusColumn, value: string): string | null {
  return ENUM_LOOKUP.get(column)?.get(looseKey(value)) ?? null;
}

export interface ColumnInfo {
  /** spec name for known columns, else the header text as written (trimmed) */
  name: string;
  known: FocusColumn | null;
}

export interface Header {
  columns: ColumnInfo[];
  /** position of each known column present */
  index: Partial<Record<FocusColumn, number>>;
}

/**
 * Header names → column roles. Refuses a header that repeats a column (which copy would be the
 * amount?) or lacks a required one; `line` is where the header sits (CSV), none for Parquet.
 */
export function mapHeader(names: readonly string[], line?: number): Header {
  const at = line === undefined ? 'schema' : `line ${line}`;
  const columns: ColumnInfo[] = [];
  const index: Partial<Record<FocusColumn, number>> = {};
  const seen = new Set<string>();
  names.forEach((raw, i) => {
    const text = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    const known = text.toLowerCase().startsWith('x_') ? null : (BY_LOOSE_NAME.get(looseKey(text)) ?? null);
    // a nameless column (trailing comma) still gets a stable attribute key
    const name = known ?? (text === '' ? `column_${i + 1}` : text);
    if (seen.has(name)) {
      throw new FormatError('focus_duplicate_column', `${at}: column "${name}" appears twice`, line);
    }
    seen.add(name);
    columns.push({ name, known });
    if (known) index[known] = i;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length) {
    throw new FormatError(
      'focus_missing_columns',
      `${at}: not a usable FOCUS file, missing column(s) ${missing.join(', ')}`,
      line,
    );
  }
  return { columns, index };
}
