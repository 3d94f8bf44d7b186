import type { Severity } from '../audit/rule.ts';
import { addDays } from '../data-quality/days.ts';

export const DEFAULT_QUEUE = 'audit';

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  rule: string | null;
  vendorId: string | null;
  accountId: string | null;
  costCenterId: string | null;
  /** findings with at least this much money at stake (nanos) */
  minVarianceNanos: bigint | null;
  queue: string | null;
  ownerUserId: string | null;
}

export interface RoutableFinding {
  rule: string;
  vendorId: string | null;
  accountId: string | null;
  costCenterId: string | null;
  varianceNanos: bigint;
}

export interface SlaPolicy {
  severity: Severity;
  days: number;
  escalateToUserId: string | null;
}

export const DEFAULT_SLA_DAYS: Record<Severity, number> = { critical: 2, high: 5, medium: 10, low: 20 };

const abs = (n: bigint) => (n < 0n ? -n : n);

/** Days a finding of this severity has before it is overdue: the tenant's policy, else the default. */
export const slaDays = (sla: readonly SlaPolicy[], severity: Severity) =>
  sla.find((p) => p.severity === severity)?.days ?? DEFAULT_SLA_DAYS[severity];

/** The first enabled routing rule (by position) whose every set condition holds; null when none does. */
export function matchRoute(rules: readonly RoutingRule[], f: RoutableFinding): RoutingRule | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  for (const r of ordered) {
    if (!r.enabled) continue;
    if (r.rule !== null && r.rule !== f.rule) continue;
    if (r.vendorId !== null && r.vendorId !== f.vendorId) continue;
    if (r.accountId !== null && r.accountId !== f.accountId) continue;
    if (r.costCenterId !== null && r.costCenterId !== f.costCenterId) continue;
    if (r.minVarianceNanos !== null && abs(f.varianceNanos) < r.minVarianceNanos) continue;
    return r;
  }
  return null;
}

/** Queue, owner and due date for a newly opened (or reopened) finding. */
export function assignment(
  rules: readonly RoutingRule[],
  sla: readonly SlaPolicy[],
  f: RoutableFinding & { severity: Severity },
  today: string,
) {
  const route = matchRoute(rules, f);
  return {
    queue: route?.queue ?? (route?.ownerUserId ? null : DEFAULT_QUEUE),
    ownerUserId: route?.ownerUserId ?? null,
    dueOn: addDays(today, slaDays(sla, f.severity)),
  };
}
