/**
 * Groups normalised rows into invoices. An invoice is an InvoiceId (FOCUS 1.2) of one issuer;
 * without an InvoiceId it is issuer + BillingAccountId + BillingPeriodStart, numbered
 * `${BillingAccountId}-${YYYY-MM}` (or `-YYYY-MM-DD` when the period does not start on the 1st).
 * Invoices come out in order of their first row; charges in file order.
 */
import { emptyStated, type ParsedCharge, type ParsedInvoice, type ParseIssue } from '../canonical.ts';
import { StringPool, unpackCharge } from './charge.ts';
import type { InvoiceFields, NormalRow, Unit } from './row.ts';
import type { ChargeStore } from './store.ts';
import { inclusiveEndDate, isoDate } from './values.ts';

/** Issues of one code listed per invoice; the rest are counted, so a bad column in 1M rows stays small. */
const ISSUES_PER_CODE = 20;

interface Acc {
  index: number;
  first: InvoiceFields;
  line: number;
  startMs: number;
  endMs: number | null;
  subAccount: string | null;
  subAccountMixed: boolean;
  issues: ParseIssue[];
  counts: Map<string, number>;
  flagged: Set<string>;
}

export class InvoiceGroups {
  private readonly byKey = new Map<string, Acc>();
  private readonly list: Acc[] = [];
  rows = 0;

  /** `names`: the file's column names, which packed attributes refer to */
  constructor(
    private readonly store: ChargeStore,
    private readonly names: readonly string[],
    private readonly unit: Unit = 'line',
  ) {}

  add(row: NormalRow): Promise<void> | undefined {
    this.rows++;
    const f = row.invoice;
    const line = row.line;
    let acc = this.byKey.get(row.key);
    if (!acc) {
      acc = {
        index: this.list.length,
        first: f,
        line,
        startMs: f.periodStartMs,
        endMs: f.periodEndMs,
        subAccount: f.subAccountId,
        subAccountMixed: false,
        issues: [],
        counts: new Map(),
        flagged: new Set(),
      };
      this.byKey.set(row.key, acc);
      this.list.push(acc);
    } else {
      this.merge(acc, f, line);
    }
    for (const w of row.warnings ?? []) note(acc, w);
    return this.store.add(acc.index, row.packed);
  }

  dispose(): Promise<void> {
    return this.store.dispose();
  }

  async *invoices(): AsyncGenerator<ParsedInvoice> {
    for (const acc of this.list) {
      const charges: ParsedCharge[] = [];
      const pool = new StringPool();
      for await (const packed of this.store.rows(acc.index))
        charges.push(unpackCharge(packed, this.names, pool));
      yield build(acc, charges);
    }
  }

  private merge(acc: Acc, f: InvoiceFields, line: number): void {
    const first = acc.first;
    const at = `${this.unit} ${line}`;
    // one invoice, one currency: a second one makes its total meaningless, so it is an error
    if (f.currency !== first.currency) {
      once(
        acc,
        'focus_currency_mismatch',
        'error',
        at,
        line,
        `BillingCurrency ${f.currency} differs from ${first.currency}`,
      );
    }
    if (f.accountId !== first.accountId) {
      once(
        acc,
        'focus_account_mismatch',
        'error',
        at,
        line,
        `BillingAccountId ${f.accountId} differs from ${first.accountId}`,
      );
    }
    if (f.periodStartMs !== first.periodStartMs) {
      once(
        acc,
        'focus_period_mismatch',
        'warning',
        at,
        line,
        'BillingPeriodStart differs within one invoice',
      );
    }
    if (f.periodStartMs < acc.startMs) acc.startMs = f.periodStartMs;
    if (f.periodEndMs !== null && (acc.endMs === null || f.periodEndMs > acc.endMs))
      acc.endMs = f.periodEndMs;
    if (!acc.subAccountMixed && f.subAccountId !== acc.subAccount) acc.subAccountMixed = true;
  }
}

function build(acc: Acc, charges: ParsedCharge[]): ParsedInvoice {
  const f = acc.first;
  const issues = [...acc.issues];
  if (f.invoiceId === null) {
    issues.unshift({
      severity: 'warning',
      code: 'focus_no_invoice_id',
      message: 'no InvoiceId: invoice number made from BillingAccountId and BillingPeriodStart',
      line: acc.line,
    });
  }
  for (const [code, n] of acc.counts) {
    if (n > ISSUES_PER_CODE) {
      const severity = acc.issues.find((i) => i.code === code)?.severity ?? 'warning';
      issues.push({ severity, code, message: `${n - ISSUES_PER_CODE} more ${code} issues not listed` });
    }
  }
  return {
    vendorName: f.issuer,
    vendorCode: f.provider,
    accountNumber: f.accountId,
    // SubAccountId is per row in FOCUS; the invoice carries it only when all rows agree
    subAccountNumber: acc.subAccountMixed ? null : acc.subAccount,
    invoiceNumber: f.invoiceId ?? syntheticNumber(f.accountId, acc.startMs),
    // FOCUS states no invoice date; BillingPeriodEnd is not one, so leave it to the importer
    invoiceDate: null,
    dueDate: null,
    periodStart: isoDate(acc.startMs),
    periodEnd: acc.endMs === null ? null : inclusiveEndDate(acc.endMs, acc.startMs),
    currency: f.currency,
    isCredit: false,
    stated: emptyStated(),
    charges,
    issues,
    source: { line: acc.line },
  };
}

export function syntheticNumber(accountId: string, periodStartMs: number): string {
  const day = isoDate(periodStartMs);
  return `${accountId}-${day.endsWith('-01') ? day.slice(0, 7) : day}`;
}

function note(acc: Acc, issue: ParseIssue): void {
  const n = (acc.counts.get(issue.code) ?? 0) + 1;
  acc.counts.set(issue.code, n);
  if (n <= ISSUES_PER_CODE) acc.issues.push(issue);
}

function once(
  acc: Acc,
  code: string,
  severity: ParseIssue['severity'],
  at: string,
  line: number,
  message: string,
): void {
  if (acc.flagged.has(code)) return;
  acc.flagged.add(code);
  acc.issues.push({ severity, code, message: `${at}: ${message}`, line });
}
