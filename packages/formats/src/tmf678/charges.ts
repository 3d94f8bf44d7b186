/** TMF678 appliedCustomerBillingRate and tax items → ParsedCharge. */
import Decimal from 'decimal.js';
import { FormatError, type ParsedCharge, type ParseIssue } from '../canonical.ts';
import type { Money, Rate, Tax } from './schema.ts';
import { kindOf, moneyValue, tmfDate } from './values.ts';

export interface RateItem {
  rate: Rate;
  line?: number;
  ref: string;
}

export interface Ctx {
  fileName: string;
  currency: string;
  issues: ParseIssue[];
}

function compact(attrs: Record<string, string | null | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== '') out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export function amount(ctx: Ctx, m: Money | null | undefined, where: string, line?: number): string | null {
  if (!m) return null;
  if (m.unit && m.unit !== ctx.currency) {
    ctx.issues.push({
      severity: 'error',
      code: 'currency_mismatch',
      message: `${where} is in ${m.unit}, the bill is in ${ctx.currency}`,
      line,
    });
  }
  return moneyValue(m, where, ctx.fileName, line);
}

export function taxCharge(
  ctx: Ctx,
  t: Tax,
  base: Partial<ParsedCharge>,
  on: string | null,
  ref: string,
  line?: number,
): ParsedCharge {
  const value = amount(ctx, t.taxAmount, `${ref} taxAmount`, line);
  if (value === null)
    throw new FormatError('missing_amount', `${ctx.fileName}: ${ref} has no taxAmount`, line);
  return {
    serviceId: base.serviceId ?? null,
    serviceType: null,
    kind: 'tax',
    description: `${t.taxCategory ?? 'Tax'}${on ? ` on ${on}` : ''}`,
    productCode: t.taxCategory ?? null,
    quantity: null,
    unit: null,
    unitRate: null,
    amount: value,
    periodStart: base.periodStart ?? null,
    periodEnd: base.periodEnd ?? null,
    infoOnly: false,
    source: { line, ref },
    attributes: compact({
      taxCategory: t.taxCategory,
      taxRate: t.taxRate === null || t.taxRate === undefined ? null : String(t.taxRate),
    }),
  };
}

/** One charge for the rate (tax excluded) and one per applied tax. */
export function rateCharges(ctx: Ctx, item: RateItem): ParsedCharge[] {
  const { rate: r, line, ref } = item;
  const taxes = r.appliedTax ?? [];
  let value = amount(ctx, r.taxExcludedAmount, `${ref} taxExcludedAmount`, line);
  const included = amount(ctx, r.taxIncludedAmount, `${ref} taxIncludedAmount`, line);
  const taxSum = taxes.reduce(
    (s, t, i) =>
      s.plus(t.taxAmount ? moneyValue(t.taxAmount, `${ref}/appliedTax/${i}`, ctx.fileName, line) : 0),
    new Decimal(0),
  );
  if (value === null && included !== null) value = new Decimal(included).minus(taxSum).toFixed();
  if (value === null)
    throw new FormatError(
      'missing_amount',
      `${ctx.fileName}: ${line ? `line ${line}: ` : ''}${ref} has no amount`,
      line,
    );
  if (included !== null && !new Decimal(value).plus(taxSum).eq(included)) {
    ctx.issues.push({
      severity: 'warning',
      code: 'rate_tax_mismatch',
      message: `${ref}: ${value} + taxes ${taxSum.toFixed()} ≠ taxIncludedAmount ${included}`,
      line,
    });
  }
  const { kind, defaulted } = kindOf(r.type, r.name, r.description);
  if (defaulted) {
    ctx.issues.push({
      severity: 'warning',
      code: 'kind_defaulted',
      message: `${ref}: no charge kind recognised in type/name "${r.type ?? r.name ?? ''}", read as recurring`,
      line,
    });
  }
  const periodStart = tmfDate(
    r.periodCoverage?.startDateTime,
    `${ref} periodCoverage start`,
    ctx.fileName,
    line,
  );
  const periodEnd = tmfDate(r.periodCoverage?.endDateTime, `${ref} periodCoverage end`, ctx.fileName, line, {
    start: periodStart,
  });
  const characteristics = Object.fromEntries(
    (r.characteristic ?? [])
      .filter((c) => ['string', 'number', 'boolean'].includes(typeof c.value))
      .map((c) => [`characteristic.${c.name}`, String(c.value)]),
  );
  const main: ParsedCharge = {
    serviceId: r.product?.id ?? null,
    serviceType: null,
    kind,
    description: r.name ?? r.description ?? null,
    productCode: null,
    quantity: null,
    unit: null,
    unitRate: null,
    amount: value,
    periodStart,
    periodEnd,
    infoOnly: false,
    source: { line, ref },
    attributes: compact({
      rateId: r.id,
      rateType: r.type,
      description: r.name ? r.description : null,
      date: r.date,
      productName: r.product?.name,
      ...characteristics,
    }),
  };
  return [
    main,
    ...taxes.map((t, i) => taxCharge(ctx, t, main, main.description, `${ref}/appliedTax/${i}`, line)),
  ];
}
