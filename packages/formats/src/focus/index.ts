/**
 * FinOps FOCUS 1.0–1.2 (cloud / SaaS cost and usage) readers. See README.md beside this file for
 * the mapping decisions; the short version:
 * - amount = BilledCost (what the provider invoices); EffectiveCost, ListCost, ContractedCost …
 *   stay in charge.attributes with every other non-null column (x_ and unknown ones included);
 * - invoice = InvoiceId, else BillingAccountId + BillingPeriodStart (number synthesised);
 * - period ends are stored inclusive (exclusive 2024-10-01T00:00 → 2024-09-30).
 */
import { looseKey } from './columns.ts';

export { chargeKind } from './charge.ts';
export { FOCUS_COLUMNS, type FocusColumn, mapHeader } from './columns.ts';
export { type FocusParseOptions, parseFocusCsv } from './csv.ts';
export { parseFocusParquet } from './parquet.ts';
export { inclusiveEndDate, parseDecimal, parseTimestamp } from './values.ts';

/**
 * True when a CSV header line looks like FOCUS: BilledCost and ChargePeriodStart, plus
 * BillingAccountId or ChargeCategory (so a spec example lacking BillingAccountId is still
 * recognised, and then refused by the parser with the missing columns named). Case-insensitive,
 * quotes and a BOM tolerated; comma, semicolon, tab or pipe delimited.
 */
export function sniffFocusCsv(headerLine: string): boolean {
  const line = headerLine.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const names = new Set(line.split(/[,;\t|]/).map((n) => looseKey(n.trim().replace(/^"|"$/g, ''))));
  return (
    names.has('billedcost') &&
    names.has('chargeperiodstart') &&
    (names.has('billingaccountid') || names.has('chargecategory'))
  );
}

/** Parquet files start (and end) with the magic bytes `PAR1`. */
export function sniffParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}
