export const KINDS = [
  'recurring',
  'one_time',
  'usage',
  'tax',
  'surcharge_fee',
  'credit_adjustment',
  'late_fee',
] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABELS: Record<string, string> = {
  recurring: 'Recurring',
  one_time: 'One-time',
  usage: 'Usage',
  tax: 'Tax',
  surcharge_fee: 'Surcharges & fees',
  credit_adjustment: 'Credits & adjustments',
  late_fee: 'Late fees',
};

export const KIND_COLORS: Record<string, string> = {
  recurring: 'blue.6',
  one_time: 'violet.6',
  usage: 'teal.6',
  tax: 'orange.6',
  surcharge_fee: 'yellow.7',
  credit_adjustment: 'green.6',
  late_fee: 'red.6',
};

export const kindLabel = (k: string) => KIND_LABELS[k] ?? k;

export interface Invoice {
  id: string;
  vendorId: string;
  vendor: string;
  accountId: string | null;
  accountNumber: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  currency: string;
  isCredit: boolean;
  status: string;
  currentCharges: string;
  infoOnly: string;
  statedCurrentCharges: string | null;
  totalDue: string | null;
  previousBalance: string | null;
  payments: string | null;
  adjustments: string | null;
  controlDifference: string | null;
  chargeCount: number;
  serviceCount: number;
  supersedesId: string | null;
  batchId: string;
  source: string | null;
  warnings: { code: string; message: string }[];
  importedAt: string;
}

export interface ChargeGroup {
  serviceId: string | null;
  kind: string;
  infoOnly: boolean;
  lines: number;
  amount: string;
}

export interface InvoiceDetail extends Invoice {
  groups: ChargeGroup[];
  file: { batchId: string; name: string; sha256: string; format: string | null } | null;
}

export interface ChargeLine {
  lineNo: number;
  serviceId: string | null;
  serviceIdRaw: string | null;
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
  source: { line: number | null; segment: number | null; ref: string | null };
  attributes: Record<string, string> | null;
}

export const INVOICE_STATUSES = ['received', 'approved', 'disputed', 'paid', 'superseded'];
