import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { Severity } from '../exceptions/types.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

export interface RuleSettings {
  enabled: boolean;
  severity: Severity;
  blocking: boolean;
  params: Record<string, string>;
}

export interface RuleOverride {
  enabled: boolean | null;
  severity: Severity | null;
  blocking: boolean | null;
  params: Record<string, string>;
}

export interface ParamSpec {
  name: string;
  label: string;
  unit: 'percent' | 'money' | 'days' | 'count' | 'multiple';
}

export interface AuditRuleInfo {
  code: string;
  name: string;
  domainRule: number;
  description: string;
  subject: 'invoice' | 'account' | 'vendor';
  params: ParamSpec[];
  defaults: RuleSettings;
  tenant: RuleOverride | null;
  vendors: (RuleOverride & { vendorId: string; vendor: string })[];
  effective: RuleSettings;
}

export interface RuleRunStats {
  candidates: number;
  opened: number;
  reopened: number;
  stillOpen: number;
  autoClosed: number;
  ms: number;
}

export interface AuditRun {
  id: string;
  trigger: string;
  scope: Record<string, unknown> | null;
  rulesVersion: string | null;
  status: string;
  error: string | null;
  invoicesChecked: number;
  chargesChecked: number;
  opened: number;
  reopened: number;
  stillOpen: number;
  autoClosed: number;
  rules: Record<string, RuleRunStats>;
  durationMs: number | null;
  actor: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  rule: string | null;
  vendorId: string | null;
  accountId: string | null;
  costCenterId: string | null;
  minVariance: string | null;
  queue: string | null;
  ownerUserId: string | null;
}

export interface SlaPolicy {
  severity: Severity;
  days: number;
  escalateToUserId: string | null;
}

export const UNIT_SUFFIX: Record<ParamSpec['unit'], string> = {
  percent: '%',
  // the rule's currency is the charge's own, so money carries no unit
  money: '',
  days: 'days',
  count: 'count',
  multiple: '×',
};

export const auditRulesKey = (slug: string) => ['tenant', slug, 'audit', 'rules'];

/** Every audit rule with its defaults, tenant and vendor overrides and effective settings. */
export function useAuditRules(enabled = true) {
  const slug = useTenantSlug();
  return useQuery({
    queryKey: auditRulesKey(slug),
    queryFn: () => api<AuditRuleInfo[]>(tenantApi(slug, 'audit/rules')),
    staleTime: 60_000,
    enabled,
  });
}
