export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ACTIVE_STATES = ['open', 'in_progress', 'disputed'] as const;
export const CLOSED_STATES = ['resolved_valid', 'resolved_corrected', 'waived', 'auto_closed'] as const;
export const STATES = [...ACTIVE_STATES, ...CLOSED_STATES] as const;
export type ExceptionState = (typeof STATES)[number];

export const SEVERITY_COLORS: Record<string, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'gray',
};

export const STATE_LABELS: Record<string, string> = {
  open: 'Open',
  in_progress: 'In progress',
  disputed: 'Disputed',
  resolved_valid: 'Resolved: charge valid',
  resolved_corrected: 'Resolved: corrected',
  waived: 'Waived',
  auto_closed: 'Closed: cause gone',
};

/** For narrow table cells. */
export const STATE_SHORT_LABELS: Record<string, string> = {
  ...STATE_LABELS,
  resolved_valid: 'Valid',
  resolved_corrected: 'Corrected',
  auto_closed: 'Auto-closed',
};

export const STATE_COLORS: Record<string, string> = {
  open: 'blue',
  in_progress: 'cyan',
  disputed: 'orange',
  resolved_valid: 'teal',
  resolved_corrected: 'green',
  waived: 'gray',
  auto_closed: 'gray',
};

/** What the button for a transition says: "Reopen" reads better than "Open" on a closed finding. */
export function transitionLabel(from: string, to: string): string {
  if (to === 'open') return from === 'in_progress' ? 'Back to open' : 'Reopen';
  if (to === 'in_progress') return from === 'disputed' ? 'Back to in progress' : 'Start work';
  if (to === 'disputed') return 'Dispute with vendor';
  if (to === 'resolved_valid') return 'Resolve: charge valid';
  if (to === 'resolved_corrected') return 'Resolve: corrected';
  if (to === 'waived') return 'Waive';
  return STATE_LABELS[to] ?? to;
}

export const isActive = (state: string) => (ACTIVE_STATES as readonly string[]).includes(state);

export interface ExceptionItem {
  id: string;
  rule: string;
  ruleName: string;
  severity: Severity;
  blocking: boolean;
  state: ExceptionState;
  summary: string;
  vendorId: string | null;
  vendor: string | null;
  accountId: string | null;
  accountNumber: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  lineNo: number | null;
  serviceIdentifier: string | null;
  serviceId: string | null;
  period: string | null;
  currency: string;
  billed: string | null;
  expected: string | null;
  variance: string;
  queue: string | null;
  ownerUserId: string | null;
  owner: string | null;
  dueOn: string | null;
  ageDays: number;
  overdue: boolean;
  escalationLevel: number;
  openedAt: string;
  closedAt: string | null;
}

export interface ExceptionComment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface ExceptionAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  createdAt: string;
}

export interface HistoryEvent {
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface ExceptionDetail extends ExceptionItem {
  evidence: Record<string, unknown>;
  resolutionReason: string | null;
  costCenterId: string | null;
  contractId: string | null;
  firstRunId: string | null;
  lastRunId: string | null;
  comments: ExceptionComment[];
  attachments: ExceptionAttachment[];
  history: HistoryEvent[];
  chart: { period: string; billed: string }[];
  allowedTransitions: string[];
}

export interface ExceptionPage {
  items: ExceptionItem[];
  total: number;
  page: number;
  pageSize: number;
  totalVariance: string;
}

export interface BulkResult {
  updated: number;
  failed: { id: string; message: string }[];
}

/** Router state of a link into an exception: where its back link returns to. */
export interface BackTo {
  back: string;
  label: string;
}
