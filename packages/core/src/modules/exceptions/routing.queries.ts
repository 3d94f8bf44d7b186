import type { Insertable, Updateable } from 'kysely';
import type { Db, RoutingRuleTable, SlaPolicyTable } from '../../db/schema.ts';
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

// ---- writes (routing-rule CRUD and SLA policies) ---------------------------------------------

export const routingRuleRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('routing_rules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function lastRoutingPosition(db: Db, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('routing_rules')
    .select((eb) => eb.fn.max<number | null>('position').as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.n === null || row?.n === undefined ? 0 : Number(row.n);
}

export const insertRoutingRule = (db: Db, row: Insertable<RoutingRuleTable>) =>
  db.insertInto('routing_rules').values(row).execute();

export const updateRoutingRuleRow = (
  db: Db,
  tenantId: string,
  id: string,
  patch: Updateable<RoutingRuleTable>,
) =>
  db.updateTable('routing_rules').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const deleteRoutingRuleRow = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('routing_rules').where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export async function upsertSlaPolicy(db: Db, row: SlaPolicyTable) {
  await db
    .insertInto('sla_policies')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'severity']).doUpdateSet({
        days: row.days,
        escalate_to_user_id: row.escalate_to_user_id,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Whether a vendor, billing account or cost center of the tenant has this id. */
export async function tenantRowExists(
  db: Db,
  table: 'vendors' | 'billing_accounts' | 'cost_centers',
  tenantId: string,
  id: string,
) {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
