import type { Db } from '../../db/schema.ts';
import type { Severity } from '../audit/rule.ts';
import type { RoutingRule, SlaPolicy } from './routing.ts';

export async function routingRules(db: Db, tenantId: string): Promise<RoutingRule[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled === 1,
    rule: r.rule,
    vendorId: r.vendor_id,
    accountId: r.billing_account_id,
    costCenterId: r.cost_center_id,
    minVarianceNanos: r.min_variance_nanos,
    queue: r.queue,
    ownerUserId: r.owner_user_id,
  }));
}

export async function slaPolicies(db: Db, tenantId: string): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => ({
    severity: r.severity as Severity,
    days: r.days,
    escalateToUserId: r.escalate_to_user_id,
  }));
}
