import { formatNanos } from '../../shared/money.ts';
import { ACTIVE_STATES, type FindingState } from '../audit/reconcile.ts';
import type { Severity } from '../audit/rule.ts';
import { ruleByCode } from '../audit/rules/index.ts';
import { daysBetween } from '../contracts/dates.ts';
import type { ExceptionRow } from './exceptions.queries.ts';

const money = (n: bigint | null) => (n === null ? null : formatNanos(n));

export const isActive = (state: string) => (ACTIVE_STATES as readonly string[]).includes(state);

/** An exception as the queue shows it; `today` decides age and overdue. */
export function exceptionItem(r: ExceptionRow, today: string) {
  return {
    id: r.id,
    rule: r.rule,
    ruleName: ruleByCode(r.rule)?.name ?? r.rule,
    severity: r.severity as Severity,
    blocking: r.blocking === 1,
    state: r.state as FindingState,
    summary: r.summary,
    vendorId: r.vendor_id,
    vendor: r.vendor_name,
    accountId: r.billing_account_id,
    accountNumber: r.account_number,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    lineNo: r.line_no,
    serviceIdentifier: r.service_identifier,
    serviceId: r.service_id,
    period: r.period,
    currency: r.currency,
    billed: money(r.billed_nanos),
    expected: money(r.expected_nanos),
    variance: formatNanos(r.variance_nanos),
    queue: r.queue,
    ownerUserId: r.owner_user_id,
    owner: r.owner_name,
    dueOn: r.due_on,
    ageDays: Math.max(0, daysBetween(r.opened_at.slice(0, 10), r.closed_at?.slice(0, 10) ?? today)),
    overdue: isActive(r.state) && r.due_on !== null && r.due_on < today,
    escalationLevel: r.escalation_level,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}
export type ExceptionItem = ReturnType<typeof exceptionItem>;

/** A file attached to an exception, without its bytes. */
export const attachmentDto = (r: {
  id: string;
  file_name: string;
  content_type: string;
  size: number | bigint;
  uploaded_by: string;
  created_at: string;
}) => ({
  id: r.id,
  fileName: r.file_name,
  contentType: r.content_type,
  size: Number(r.size),
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});
export type AttachmentDto = ReturnType<typeof attachmentDto>;
