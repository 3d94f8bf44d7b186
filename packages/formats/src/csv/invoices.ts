/**
 * Groups mapped rows into invoices by account + invoice number (synthesised from account + date
 * or period when the export has no invoice number).
 *
 * Rows of one invoice need not be adjacent (exports sorted by line number interleave accounts),
 * yet memory must stay bounded by the largest invoice, not the file. So reading takes two passes
 * over the (re-openable) source: the first (KeyTracker) checks every row and notes the line where
 * each invoice's last row is; the second (InvoiceGroups) builds each invoice and hands it out as
 * soon as that line has been read. A file that fails anywhere fails in the first pass, before any
 * invoice is yielded.
 */
import { FormatError, type ParsedInvoice } from '../canonical.ts';
import type { MappedRow } from './mapper.ts';
import type { MappingProfile } from './profile.ts';

export const invoiceKey = (row: MappedRow) => `${row.accountNumber}\u0000${row.invoiceNumber}`;

function currencyOf(row: MappedRow, profile: MappingProfile, fileName: string, line: number): string {
  const currency = row.currency ?? profile.currency ?? null;
  if (!currency) {
    throw new FormatError(
      'missing_currency',
      `${fileName}: line ${line}: no currency column value and the profile sets no currency`,
      line,
    );
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new FormatError(
      'bad_currency',
      `${fileName}: line ${line}: "${currency}" is not an ISO 4217 currency code`,
      line,
    );
  }
  return currency;
}

/** First pass: per invoice only its currency and last line (a few bytes per invoice). */
export class KeyTracker {
  readonly last = new Map<string, { line: number; currency: string }>();
  rows = 0;

  constructor(
    private readonly profile: MappingProfile,
    private readonly fileName: string,
  ) {}

  note(row: MappedRow, line: number): void {
    this.rows++;
    const key = invoiceKey(row);
    const currency = currencyOf(row, this.profile, this.fileName, line);
    const seen = this.last.get(key);
    if (seen && seen.currency !== currency) {
      throw new FormatError(
        'mixed_currency',
        `${this.fileName}: line ${line}: invoice ${row.invoiceNumber} mixes ${seen.currency} and ${currency}`,
        line,
      );
    }
    this.last.set(key, { line, currency });
  }
}

interface Draft {
  inv: ParsedInvoice;
  subAccounts: Set<string | null>;
  conflicts: Set<string>;
}

/** Second pass: builds invoices; `complete(line)` hands out those whose last row is at `line`. */
export class InvoiceGroups {
  private readonly drafts = new Map<string, Draft>();

  constructor(
    private readonly profile: MappingProfile,
    private readonly fileName: string,
    private readonly lastLines: Map<string, { line: number }>,
  ) {}

  add(row: MappedRow, line: number): ParsedInvoice | null {
    const key = invoiceKey(row);
    const d = this.drafts.get(key) ?? this.open(key, row, line);
    const inv = d.inv;
    this.merge(d, 'invoiceDate', row.invoiceDate, line);
    this.merge(d, 'dueDate', row.dueDate, line);
    // the invoice covers every charge period it holds
    if (row.periodStart && (!inv.periodStart || row.periodStart < inv.periodStart))
      inv.periodStart = row.periodStart;
    if (row.periodEnd && (!inv.periodEnd || row.periodEnd > inv.periodEnd)) inv.periodEnd = row.periodEnd;
    d.subAccounts.add(row.subAccountNumber);
    inv.charges.push(...row.charges);
    for (const w of row.warnings) {
      if (!inv.issues.some((i) => i.code === w.code && i.message === w.message)) inv.issues.push(w);
    }
    if ((this.lastLines.get(key)?.line ?? line) > line) return null;
    this.drafts.delete(key);
    inv.subAccountNumber = d.subAccounts.size === 1 ? ([...d.subAccounts][0] ?? null) : null;
    return inv;
  }

  private open(key: string, row: MappedRow, line: number): Draft {
    const d: Draft = {
      inv: {
        vendorName: row.vendorName ?? (this.profile.vendorName || null),
        vendorCode: this.profile.vendorCode ?? null,
        accountNumber: row.accountNumber,
        subAccountNumber: null,
        invoiceNumber: row.invoiceNumber,
        invoiceDate: row.invoiceDate,
        dueDate: row.dueDate,
        periodStart: row.periodStart,
        periodEnd: row.periodEnd,
        currency: currencyOf(row, this.profile, this.fileName, line),
        isCredit: false,
        stated: {
          totalDue: null,
          currentCharges: null,
          previousBalance: null,
          paymentsReceived: null,
          adjustments: null,
        },
        charges: [],
        issues: row.synthesizedNumber
          ? [
              {
                severity: 'warning',
                code: 'synthesized_invoice_number',
                message: `the export has no invoice number; identified as ${row.invoiceNumber}`,
                line,
              },
            ]
          : [],
        source: { line },
      },
      subAccounts: new Set(),
      conflicts: new Set(),
    };
    this.drafts.set(key, d);
    return d;
  }

  /** Header fields repeated on every row must agree; the first value wins and a difference is reported once. */
  private merge(d: Draft, field: 'invoiceDate' | 'dueDate', value: string | null, line: number) {
    const cur = d.inv[field];
    if (value === null || cur === value) return;
    if (cur === null) {
      d.inv[field] = value;
      return;
    }
    if (d.conflicts.has(field)) return;
    d.conflicts.add(field);
    d.inv.issues.push({
      severity: 'warning',
      code: 'inconsistent_header',
      message: `${field} ${value} differs from ${cur} on an earlier row of the same invoice`,
      line,
    });
  }
}
