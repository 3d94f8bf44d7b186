export {
  ACTIVE_STATES,
  AUTO_CLOSED,
  FINDING_STATES,
  type FindingState,
  RESOLVED_STATES,
} from './reconcile.ts';
export { type AuditRule, type Candidate, SEVERITIES, type Severity } from './rule.ts';
export { RULES as AUDIT_RULES, RULES_VERSION, ruleByCode } from './rules/index.ts';
export {
  type AuditRunResult,
  type AuditTrigger,
  auditImported,
  auditScope,
  type RuleTally,
  runAudit,
} from './run.service.ts';
export type { AuditScope } from './scope.ts';
// exceptions helper: settings and run-history services are exported below this line
