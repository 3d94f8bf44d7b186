import type { Ctx } from '../../shared/context.ts';
import { authorize } from '../access/permissions.ts';
import { actorNamesOf } from './actor-names.ts';
import { listTenantEvents } from './audit-log.queries.ts';

const parse = (json: string | null) => (json === null ? null : JSON.parse(json));

export async function listAuditEvents(
  ctx: Ctx,
  p: { entity?: string; entityId?: string; page?: number; pageSize?: number },
) {
  authorize(ctx.actor, 'audit_log.read');
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), 500);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total } = await listTenantEvents(ctx.db, {
    tenantId: ctx.tenantId,
    entity: p.entity,
    entityId: p.entityId,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const names = await actorNamesOf(
    ctx,
    rows.map((r) => r.actor),
  );
  const items = rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    actorName: names.get(r.actor) ?? r.actor,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: parse(r.before_json),
    after: parse(r.after_json),
    hash: r.hash,
  }));
  return { items, total, page, pageSize };
}
