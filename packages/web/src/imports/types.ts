export interface ImportIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  line?: number;
  segment?: number;
}

export interface ImportError {
  code: string;
  message: string;
  line: number | null;
}

export type FileStatus = 'imported' | 'duplicate' | 'conflict' | 'rejected';
export type OnConflict = 'reject' | 'replace' | 'keep_both';

export interface ImportedInvoice {
  id: string;
  vendor: string;
  accountNumber: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  currency: string;
  currentCharges: string;
  totalDue: string | null;
  chargeCount: number;
  serviceCount: number;
  byKind: Record<string, string>;
  supersedes: string | null;
}

export interface FileResult {
  batchId: string;
  file: string;
  format: string | null;
  status: FileStatus;
  error: ImportError | null;
  warnings: ImportIssue[];
  invoices: ImportedInvoice[];
  conflicts: { invoiceNumber: string; accountNumber: string; existingId: string }[];
}

export interface ImportJob {
  id: string;
  tenantId: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  bytes: number;
  total: number;
  result: FileResult | null;
  error: string | null;
  startedAt: string;
}

export interface ImportBatch {
  id: string;
  file: string;
  sha256: string;
  format: string | null;
  status: FileStatus;
  error: ImportError | null;
  warnings: ImportIssue[];
  summary: unknown;
  invoiceCount: number;
  chargeCount: number;
  actor: string;
  actorName: string;
  at: string;
}

export const STATUS_COLORS: Record<string, string> = {
  imported: 'green',
  duplicate: 'gray',
  conflict: 'orange',
  rejected: 'red',
  failed: 'red',
  uploading: 'blue',
  importing: 'blue',
};

/** "line 12", "segment 40" or "" — where in the file an issue was found. */
export function where(i: { line?: number | null; segment?: number | null }): string {
  if (i.segment) return `segment ${i.segment}`;
  if (i.line) return `line ${i.line}`;
  return '';
}
