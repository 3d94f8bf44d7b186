import { z } from 'zod';
import type { Store } from '../../db/connect.ts';
import { type Clock, isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import type { Actor } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { findTenantBySlug, insertTenant, listAllTenants } from './tenants.queries.ts';

export const tenantInput = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes, 2–41 characters'),
  name: z.string().trim().min(1).max(200),
});

/** A context for platform-level work that belongs to no tenant (tenants and users themselves). */
export function platformCtx(store: Store, actor: Actor, clock: Clock): Ctx {
  return { db: store.db, engine: store.engine, tenantId: '', actor, clock };
}

/** Creating tenants is a platform operation (CLI or provisioning), not something a tenant role grants. */
export async function createTenant(ctx: Ctx, input: unknown) {
  if (ctx.actor.kind !== 'system') throw new Error('tenants are created by the platform operator');
  const data = parseInput(tenantInput, input);
  return inTransaction(ctx, async (tx) => {
    if (await findTenantBySlug(tx.db, data.slug)) throw conflict(`Tenant ${data.slug} already exists`);
    const row = { id: newId(), slug: data.slug, name: data.name, created_at: isoNow(tx.clock) };
    await insertTenant(tx.db, row);
    await recordChange(tx, {
      tenantId: row.id,
      entity: 'tenant',
      entityId: row.id,
      action: 'create',
      after: row,
    });
    return row;
  });
}

export async function getTenantBySlug(ctx: Pick<Ctx, 'db'>, slug: string) {
  const t = await findTenantBySlug(ctx.db, slug);
  if (!t) throw notFound('Tenant', slug);
  return t;
}

export const listTenants = (ctx: Pick<Ctx, 'db'>) => listAllTenants(ctx.db);
