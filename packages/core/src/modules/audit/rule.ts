import type { Db, Engine } from '../../db/schema.ts';

/**
 * The contract every audit rule fulfils. A rule reads the tenant's data for a scope and returns
 * candidate findings; the run engine (run.service.ts) turns candidates into findings, keeps one
 * finding per (rule, key), reopens and closes them, routes and audits. Rules never write.
 */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Parameters are decimal strings, so money and percentages stay exact. */
export type RuleParams = Record<string, string>;

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  /** an open finding of a blocking rule stops the invoice being approved in full */
  blocking: boolean;
  params: RuleParams;
}

export interface RuleParamSpec {
  name: string;
  label: string;
  unit: 'percent' | 'money' | 'days' | 'count' | 'multiple';
}

/** Which findings a scoped run may close: a finding is covered when its subject lies in the scope. */
export type RuleSubject = 'invoice' | 'account' | 'vendor';

export interface ResolvedScope {
  /** invoices to check; null means every invoice of the tenant (superseded ones are skipped by rules) */
  invoiceIds: string[] | null;
  /** accounts whose account-level facts (unbilled services, missing invoices) are checked; null: all */
  accountIds: string[] | null;
  /** vendors whose vendor-level facts (contracts) are checked; null: all */
  vendorIds: string[] | null;
}

export interface RuleEnv {
  db: Db;
  engine: Engine;
  tenantId: string;
  /** YYYY-MM-DD, the day the run happens (from the context clock) */
  today: string;
  scope: ResolvedScope;
  /** effective settings of this rule for a vendor (vendor override over tenant over defaults) */
  settings(vendorId: string | null): RuleSettings;
}

export interface Candidate {
  /** identifies the subject within the rule, stable across runs (e.g. `${invoiceId}:${lineNo}`) */
  key: string;
  /** one plain sentence an analyst reads in the queue */
  summary: string;
  vendorId: string | null;
  accountId: string | null;
  invoiceId: string | null;
  lineNo?: number | null;
  serviceIdentifier?: string | null;
  /** the inventory service row, when there is one */
  serviceId?: string | null;
  contractId?: string | null;
  costCenterId?: string | null;
  /** YYYY-MM the finding is about */
  period?: string | null;
  currency: string;
  billedNanos: bigint | null;
  expectedNanos: bigint | null;
  /** money at stake, positive when the tenant was overcharged */
  varianceNanos: bigint;
  /** what the charge was compared with; JSON-safe (money as decimal strings) */
  evidence: Record<string, unknown>;
}

export interface AuditRule {
  code: string;
  name: string;
  /** the rule's number in the domain's list of audit rules */
  domainRule: number;
  description: string;
  subject: RuleSubject;
  defaults: RuleSettings;
  params: readonly RuleParamSpec[];
  evaluate(env: RuleEnv): Promise<Candidate[]>;
}
