import { canonicalJson } from '../../shared/canonical-json.ts';
import { isoNow } from '../../shared/clock.ts';
import type { Ctx } from '../../shared/context.ts';
import { actorLabel } from '../access/permissions.ts';
import { appendEvent, lockChainHead } from './audit-log.queries.ts';
import { eventHash } from './chain.ts';

export interface Change {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
  /** null for platform-level events (users, tenants) */
  tenantId?: string | null;
}

/**
 * Appends one event to the hash chain. Must be called inside the transaction that makes the
 * change, so the change and its record commit or roll back together.
 */
export async function recordChange(ctx: Ctx, change: Change): Promise<void> {
  if (!ctx.db.isTransaction) throw new Error('recordChange must run inside the mutation transaction');
  const head = await lockChainHead(ctx.db, ctx.engine);
  const event = {
    seq: Number(head.seq) + 1,
    at: isoNow(ctx.clock),
    tenant_id: change.tenantId === undefined ? ctx.tenantId : change.tenantId,
    actor: actorLabel(ctx.actor),
    entity: change.entity,
    entity_id: change.entityId,
    action: change.action,
    before_json: change.before === undefined ? null : canonicalJson(change.before),
    after_json: change.after === undefined ? null : canonicalJson(change.after),
    prev_hash: head.hash,
  };
  await appendEvent(ctx.db, { ...event, hash: eventHash(event) });
}
