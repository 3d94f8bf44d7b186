/**
 * The canonical shape every bill format is read into. Parsers are pure: bytes in, these records
 * and issues out. Amounts, quantities and rates stay exact decimal strings here; the core turns
 * amounts into nano-units when it stores them.
 */

export type Format = 'x12-811' | 'focus' | 'csv' | 'xlsx' | 'ubl' | 'tmf678';

export const CHARGE_KINDS = [
  'recurring',
  'one_time',
  'usage',
  'tax',
  'surcharge_fee',
  'credit_adjustment',
  'late_fee',
] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

/** Where a record came from, so an invoice or charge can be traced back to its source. */
export interface SourceRef {
  /** 1-based line (CSV, XML, JSON) or row number */
  line?: number;
  /** 1-based segment number within the interchange (X12) */
  segment?: number;
  /** free-form locator, e.g. an HL id path `1/2/5` or a JSON pointer */
  ref?: string;
}

export interface ParsedCharge {
  /** raw service identifier as billed: phone number, circuit id, resource id, licence SKU … */
  serviceId: string | null;
  serviceType: 'phone' | 'circuit' | 'cloud_resource' | 'subscription' | 'account' | 'other' | null;
  kind: ChargeKind;
  description: string | null;
  /** USOC / product / plan / SKU code */
  productCode: string | null;
  /** decimal strings, exact as given (sign included) */
  quantity: string | null;
  unit: string | null;
  unitRate: string | null;
  amount: string;
  periodStart: string | null; // YYYY-MM-DD
  periodEnd: string | null;
  /** information-only lines (X12 ITA04=15, SLN03=O, memo rows) are shown but never payable */
  infoOnly: boolean;
  source: SourceRef;
  /** anything else worth keeping (FOCUS x_ columns, carrier-specific fields) */
  attributes?: Record<string, string>;
}

export interface ParsedInvoice {
  vendorName: string | null;
  /** vendor identifier from the file (e.g. N1 code, FOCUS ProviderName/PublisherName) */
  vendorCode: string | null;
  accountNumber: string;
  subAccountNumber: string | null;
  invoiceNumber: string;
  invoiceDate: string | null; // YYYY-MM-DD
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  currency: string; // ISO 4217
  /** the document is a credit memo / credit note (BIG07=CR, UBL CreditNote …) */
  isCredit: boolean;
  /** stated figures, exact decimal strings, null when the file does not state them */
  stated: {
    totalDue: string | null;
    currentCharges: string | null;
    previousBalance: string | null;
    paymentsReceived: string | null;
    adjustments: string | null;
  };
  charges: ParsedCharge[];
  issues: ParseIssue[];
  source: SourceRef;
}

export interface ParseIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  line?: number;
  segment?: number;
}

/** A fatal problem with the file: the whole file is rejected with this reason. */
export class FormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
    readonly segment?: number,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

/** Bytes of one file, readable more than once (detection peeks, then parsing streams). */
export interface Source {
  fileName: string;
  size: number;
  open(): AsyncIterable<Buffer>;
}

export interface ParseOptions {
  /** called with the number of bytes consumed so far */
  onProgress?: (bytes: number) => void;
  /** file-level warnings that belong to no single invoice */
  onIssue?: (issue: ParseIssue) => void;
}

/** A parser yields invoices one at a time so memory is bounded by the largest invoice, not the file. */
export type Parser<O extends ParseOptions = ParseOptions> = (
  source: Source,
  opts?: O,
) => AsyncGenerator<ParsedInvoice>;

export const emptyStated = (): ParsedInvoice['stated'] => ({
  totalDue: null,
  currentCharges: null,
  previousBalance: null,
  paymentsReceived: null,
  adjustments: null,
});
