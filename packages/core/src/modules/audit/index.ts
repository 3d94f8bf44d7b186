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
// exceptions helper: run history (runs.service.ts) and rule settings (settings.service.ts)
export {
  type AuditRunDto,
  type AuditRunInput,
  getAuditRun,
  listAuditRuns,
  resolveAuditTargets,
  startAuditRun,
} from './runs.service.ts';
export type { AuditScope } from './scope.ts';
export {
  type AuditRuleInfo,
  deleteVendorRuleOverride,
  getAuditRule,
  listAuditRules,
  type RuleSettingsInput,
  updateAuditRule,
} from './settings.service.ts';
