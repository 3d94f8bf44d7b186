/**
 * One FOCUS row (CSV or Parquet, already as text cells) → one charge plus the invoice-level
 * fields it belongs to. Shared by both readers so they normalise identically. The charge is
 * packed into a compact JSON tuple right away (unpackCharge in charge.ts reverses it): a million
 * rows are held until the file ends, and an object per row would not fit the memory budget.
 */
import { FormatError, type ParseIssue } from '../canonical.ts';
import { chargeKind, clip, serviceOf } from './charge.ts';
import {
  DATE_COLUMNS,
  DECIMAL_COLUMNS,
  ENUMS,
  enumValue,
  FOCUS_COLUMNS,
  type FocusColumn,
  type Header,
} from './columns.ts';
import {
  inclusiveEndDate,
  isNullToken,
  isoDate,
  isoInstant,
  parseDecimal,
  parseTimestampCached,
} from './values.ts';

export interface InvoiceFields {
  invoiceId: string | null;
  accountId: string;
  subAccountId: string | null;
  /** InvoiceIssuerName ?? ProviderName ?? PublisherName */
  issuer: string | null;
  provider: string | null;
  currency: string;
  periodStartMs: number;
  periodEndMs: number | null;
}

export interface NormalRow {
  /** rows with the same key form one invoice */
  key: string;
  line: number;
  invoice: InvoiceFields;
  /** the charge as a JSON tuple; unpackCharge turns it back into a ParsedCharge */
  packed: string;
  warnings: ParseIssue[] | null;
}

/** Columns that became invoice or charge fields; everything else non-null goes to attributes. */
const MAPPED = new Set<FocusColumn>([
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'InvoiceId',
  'InvoiceIssuerName',
  'ChargeDescription',
  'PricingQuantity',
  'PricingUnit',
  'SkuId',
  'ResourceId',
]);

/** Free text is kept verbatim (a leading tab or `=` stays); ids, numbers, dates, enums are trimmed. */
const VERBATIM = new Set<FocusColumn>(['ChargeDescription', 'Tags', 'SkuPriceDetails']);
const KIND_WARNS = new Set<FocusColumn>(['ChargeFrequency', 'ChargeClass']);

const SLOT = Object.fromEntries(FOCUS_COLUMNS.map((c, i) => [c, i])) as Record<FocusColumn, number>;

export type Unit = 'line' | 'row';
export type RowReader = (cells: ReadonlyArray<string | null | undefined>, line: number) => NormalRow;

type Type = 'unknown' | 'text' | 'decimal' | 'date' | 'enum';

/** `unit` words the messages: CSV counts file lines, Parquet counts rows. */
export function rowReader(header: Header, unit: Unit = 'line'): RowReader {
  const plan = header.columns.map((c) => {
    const k = c.known;
    const type: Type = !k
      ? 'unknown'
      : DECIMAL_COLUMNS.has(k)
        ? 'decimal'
        : DATE_COLUMNS.has(k)
          ? 'date'
          : ENUMS[k]
            ? 'enum'
            : 'text';
    return { k, type, slot: k ? SLOT[k] : -1, attr: !k || !MAPPED.has(k), verbatim: !k || VERBATIM.has(k) };
  });
  const val: (string | undefined)[] = new Array(FOCUS_COLUMNS.length);
  const ms: number[] = new Array(FOCUS_COLUMNS.length);
  const get = (c: FocusColumn) => val[SLOT[c]];

  return (cells, line) => {
    val.fill(undefined);
    const attrs: (number | string)[] = [];
    let warnings: ParseIssue[] | null = null;
    const warn = (code: string, message: string) => {
      warnings ??= [];
      warnings.push({ severity: 'warning', code, message: `${unit} ${line}: ${message}`, line });
    };

    for (let i = 0; i < plan.length; i++) {
      const raw = cells[i];
      if (raw === null || raw === undefined) continue;
      const trimmed = raw.trim();
      if (isNullToken(trimmed)) continue;
      const p = plan[i] as (typeof plan)[number];
      let value = p.verbatim ? raw : trimmed;
      if (p.type === 'decimal') {
        const d = parseDecimal(trimmed);
        if (d === null) {
          if (p.k === 'BilledCost') {
            throw new FormatError(
              'focus_bad_amount',
              `${unit} ${line}: BilledCost "${clip(raw)}" is not a number`,
              line,
            );
          }
          warn('focus_bad_number', `${p.k} "${clip(raw)}" is not a number; left out`);
          continue;
        }
        value = d;
      } else if (p.type === 'date') {
        const t = parseTimestampCached(trimmed);
        if (t === null) {
          if (p.k === 'BillingPeriodStart') {
            throw new FormatError(
              'focus_bad_date',
              `${unit} ${line}: BillingPeriodStart "${clip(raw)}" is not a date`,
              line,
            );
          }
          warn('focus_bad_date', `${p.k} "${clip(raw)}" is not a date; left out`);
          continue;
        }
        ms[p.slot] = t;
        value = isoInstant(t);
      } else if (p.type === 'enum' && p.k) {
        const e = enumValue(p.k, trimmed);
        // an unknown ChargeCategory is reported once, by chargeKind
        if (e === null && KIND_WARNS.has(p.k))
          warn('focus_unknown_enum', `${p.k} "${clip(raw)}" is not a FOCUS value`);
        value = e ?? trimmed;
      }
      if (p.slot >= 0) val[p.slot] = value;
      if (p.attr) attrs.push(i, value);
    }

    const amount = get('BilledCost');
    if (amount === undefined)
      throw new FormatError('focus_bad_amount', `${unit} ${line}: BilledCost is empty`, line);
    const accountId = get('BillingAccountId');
    if (accountId === undefined) {
      throw new FormatError('focus_missing_value', `${unit} ${line}: BillingAccountId is empty`, line);
    }
    const currency = get('BillingCurrency');
    if (currency === undefined || !/^[A-Za-z]{3}$/.test(currency)) {
      const shown = clip(currency ?? '');
      throw new FormatError(
        'focus_bad_currency',
        `${unit} ${line}: BillingCurrency "${shown}" is not ISO 4217`,
        line,
      );
    }
    if (get('BillingPeriodStart') === undefined) {
      throw new FormatError('focus_bad_date', `${unit} ${line}: BillingPeriodStart is empty`, line);
    }
    const periodStartMs = ms[SLOT.BillingPeriodStart] as number;
    const startMs = get('ChargePeriodStart') === undefined ? null : (ms[SLOT.ChargePeriodStart] as number);
    const endMs = get('ChargePeriodEnd') === undefined ? null : (ms[SLOT.ChargePeriodEnd] as number);
    if (startMs !== null && endMs !== null && endMs < startMs) {
      warn('focus_period_reversed', 'ChargePeriodEnd is before ChargePeriodStart');
    }
    const kind = chargeKind(
      get('ChargeCategory') ?? null,
      get('ChargeFrequency') ?? null,
      get('ChargeClass') ?? null,
    );
    if (kind.warning) warn('focus_unmapped_kind', kind.warning);
    const skuId = get('SkuId');
    const service = serviceOf(get('ResourceId'), get('SubAccountId'), skuId);

    // order must match unpackCharge
    const packed = JSON.stringify([
      line,
      service.id,
      service.type,
      kind.kind,
      get('ChargeDescription') ?? null,
      skuId ?? get('SkuPriceId') ?? null,
      get('PricingQuantity') ?? null,
      get('PricingUnit') ?? null,
      // the negotiated price per PricingUnit; the list price when the provider leaves it out
      get('ContractedUnitPrice') ?? get('ListUnitPrice') ?? null,
      amount,
      startMs === null ? null : isoDate(startMs),
      endMs === null ? null : inclusiveEndDate(endMs, startMs),
      attrs,
    ]);
    const issuer = get('InvoiceIssuerName') ?? get('ProviderName') ?? get('PublisherName') ?? null;
    const invoiceId = get('InvoiceId') ?? null;
    const key =
      invoiceId !== null
        ? `i\u0000${issuer ?? ''}\u0000${invoiceId}`
        : `a\u0000${issuer ?? ''}\u0000${accountId}\u0000${periodStartMs}`;
    const periodEnd = get('BillingPeriodEnd') === undefined ? null : (ms[SLOT.BillingPeriodEnd] as number);
    return {
      key,
      line,
      invoice: {
        invoiceId,
        accountId,
        subAccountId: get('SubAccountId') ?? null,
        issuer,
        provider: get('ProviderName') ?? null,
        currency: currency.toUpperCase(),
        periodStartMs,
        periodEndMs: periodEnd,
      },
      packed,
      warnings,
    };
  };
}
