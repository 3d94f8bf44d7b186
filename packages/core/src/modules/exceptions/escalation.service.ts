import type { Store } from '../../db/connect.ts';
import { type Clock, isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { authorize, systemActor } from '../access/permissions.ts';
import { updateFinding } from '../audit/findings.queries.ts';
import { recordChange } from '../audit-log/record.ts';
import { todayOf } from '../data-quality/days.ts';
import { listTenants } from '../tenants/tenants.service.ts';
import { memberIds, overdueFindings } from './exceptions.queries.ts';
import { slaPolicies } from './routing.queries.ts';

/**
 * Raises every overdue active exception one escalation level, at most once a day, and hands it
 * to the person its severity's SLA policy escalates to (while that person is still a member).
 */
export async function escalateOverdue(ctx: Ctx): Promise<{ escalated: number }> {
  authorize(ctx.actor, 'exception.assign');
  return inTransaction(ctx, async (tx) => {
    const today = todayOf(tx.clock);
    const now = isoNow(tx.clock);
    const [due, sla, members] = await Promise.all([
      overdueFindings(tx.db, tx.engine, tx.tenantId, today),
      slaPolicies(tx.db, tx.tenantId),
      memberIds(tx.db, tx.tenantId),
    ]);
    for (const f of due) {
      const target = sla.find((p) => p.severity === f.severity)?.escalateToUserId ?? null;
      const owner = target !== null && members.has(target) ? target : f.owner_user_id;
      const level = f.escalation_level + 1;
      await updateFinding(tx.db, tx.tenantId, f.id, {
        escalation_level: level,
        escalated_at: now,
        owner_user_id: owner,
        updated_at: now,
      });
      await recordChange(tx, {
        entity: 'finding',
        entityId: f.id,
        action: 'escalate',
        before: { escalationLevel: f.escalation_level, ownerUserId: f.owner_user_id },
        after: { escalationLevel: level, ownerUserId: owner, dueOn: f.due_on },
      });
    }
    return { escalated: due.length };
  });
}

/** The daily escalation of every tenant, as the scheduler runs it; one tenant's failure spares the rest. */
export async function escalateEveryTenant(
  store: Pick<Store, 'db' | 'engine'>,
  clock: Clock,
  label = 'escalation',
) {
  const results: { tenant: string; escalated: number; error: string | null }[] = [];
  for (const t of await listTenants(store)) {
    const ctx: Ctx = { db: store.db, engine: store.engine, tenantId: t.id, actor: systemActor(label), clock };
    try {
      results.push({ tenant: t.slug, escalated: (await escalateOverdue(ctx)).escalated, error: null });
    } catch (err) {
      results.push({ tenant: t.slug, escalated: 0, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}
