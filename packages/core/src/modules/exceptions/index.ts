// Public surface of the exceptions module (the work queue on top of audit findings).
// Invoice approval lives in the invoices module but is exported here, beside the exceptions that
// block it, so the package index needs no change.
export { approveInvoice, holdInvoice } from '../invoices/approval.service.ts';
export { type AssignmentPatch, assignException } from './assign.service.ts';
export { addAttachment, MAX_ATTACHMENT_BYTES, openAttachment } from './attachments.service.ts';
export { type BulkInput, type BulkResult, bulkExceptions, MAX_BULK_EXCEPTIONS } from './bulk.service.ts';
export { addComment, MAX_COMMENT_LENGTH } from './comments.service.ts';
export type { AttachmentDto, ExceptionItem } from './dto.ts';
export { escalateEveryTenant, escalateOverdue } from './escalation.service.ts';
export {
  type ExceptionDetail,
  type ExceptionListParams,
  getException,
  listExceptions,
  MAX_EXCEPTION_PAGE,
} from './exceptions.service.ts';
export {
  createRoutingRule,
  deleteRoutingRule,
  getSlaPolicies,
  listRoutingRules,
  putSlaPolicies,
  type RoutingRuleDto,
  type SlaPolicyDto,
  updateRoutingRule,
} from './routing.service.ts';
export { DEFAULT_QUEUE, DEFAULT_SLA_DAYS, matchRoute, type RoutingRule, type SlaPolicy } from './routing.ts';
export { allowedTransitions, FINDING_TRANSITIONS, transitionException } from './transitions.ts';
