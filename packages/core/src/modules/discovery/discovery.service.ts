import { z } from 'zod';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validate.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { createService } from '../inventory/index.ts';
import {
  chunks,
  type DiscoveredRow,
  guessOf,
  key,
  label,
  linesOf,
  MAX_DISCOVERY_BATCH,
} from './discovered-list.ts';
import {
  type DiscoveryKey,
  deleteAlias,
  deleteDecision,
  findDiscoveredRows,
  findServices,
  getDecision,
  insertAlias,
  insertDecision,
} from './discovery.queries.ts';

const Key = z.object({ vendorId: z.string().min(1).max(64), identifier: z.string().min(1).max(200) });
const optionalId = z.string().min(1).max(64).nullish();
const AcceptItem = Key.extend({
  serviceType: z.string().min(1).max(64).optional(),
  description: z.string().max(500).nullish(),
  ownerId: optionalId,
  costCenterId: optionalId,
  locationId: optionalId,
  rateItemId: optionalId,
});
const MergeItem = Key.extend({ serviceId: z.string().min(1).max(64) });
const IgnoreItem = Key.extend({ note: z.string().max(1000).nullish() });
const entityId = (k: DiscoveryKey) => `${k.vendorId}:${k.identifier}`;
const batch = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_DISCOVERY_BATCH);

export type AcceptDiscoveredInput = z.input<typeof AcceptItem>;
export type MergeDiscoveredInput = z.input<typeof MergeItem>;
export type IgnoreDiscoveredInput = z.input<typeof IgnoreItem>;

/** Every key must be pending now; all-or-nothing, so one stale row refuses the whole call. */
async function requirePending(ctx: Ctx, items: DiscoveryKey[]) {
  const seen = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (seen.has(key(item)))
      throw invalid(`${i}: ${label(item)} is listed twice`, {
        fields: [{ path: String(i), message: 'listed twice' }],
      });
    seen.add(key(item));
  }
  const found = new Map<string, DiscoveredRow>();
  for (const part of chunks(items)) {
    for (const r of await findDiscoveredRows(ctx.db, ctx.tenantId, part))
      found.set(key({ vendorId: r.vendor_id, identifier: r.identifier }), r);
  }
  const missing = items.map((it, i) => ({ it, i })).filter(({ it }) => !found.has(key(it)));
  if (missing.length > 0) {
    const shown = missing
      .slice(0, 5)
      .map(({ it }) => label(it))
      .join(', ');
    throw conflict(
      `${missing.length} identifier(s) are not pending discovery (not billed, already in inventory, or decided): ${shown}`,
      { fields: missing.slice(0, 100).map(({ i }) => ({ path: String(i), message: 'not pending' })) },
    );
  }
  return found;
}

async function decide(
  ctx: Ctx,
  k: DiscoveryKey,
  decision: 'accepted' | 'merged' | 'ignored',
  serviceId: string | null,
  note: string | null,
) {
  const row = {
    tenant_id: ctx.tenantId,
    vendor_id: k.vendorId,
    identifier: k.identifier,
    decision,
    service_id: serviceId,
    note,
    actor: actorLabel(ctx.actor),
    created_at: isoNow(ctx.clock),
  };
  await insertDecision(ctx.db, row);
  await recordChange(ctx, {
    entity: 'discovered_service',
    entityId: entityId(k),
    action: decision,
    after: { vendorId: k.vendorId, identifier: k.identifier, decision, serviceId, note },
  });
}

/**
 * Puts discovered identifiers into inventory: one active service each, on the billing account
 * that billed it last, with the guessed type unless one is given.
 */
export async function acceptDiscovered(ctx: Ctx, input: AcceptDiscoveredInput[]) {
  authorize(ctx.actor, 'service.write');
  const items = parseInput(batch(AcceptItem), input);
  return inTransaction(ctx, async (tx) => {
    const found = await requirePending(tx, items);
    const latest = await linesOf(tx, items, 1);
    const services: { vendorId: string; identifier: string; serviceId: string }[] = [];
    for (const item of items) {
      const row = found.get(key(item))!;
      const service = await createService(tx, {
        serviceType: item.serviceType ?? guessOf(row),
        identifier: item.identifier,
        vendorId: item.vendorId,
        billingAccountId: latest.get(key(item))?.[0]?.billing_account_id ?? undefined,
        description: item.description ?? undefined,
        ownerId: item.ownerId ?? undefined,
        costCenterId: item.costCenterId ?? undefined,
        locationId: item.locationId ?? undefined,
        rateItemId: item.rateItemId ?? undefined,
        state: 'active',
      });
      // The service keeps the type's spelling; the bill's spelling must still find it.
      if (service.identifier !== item.identifier)
        await insertAlias(tx.db, {
          tenant_id: tx.tenantId,
          vendor_id: item.vendorId,
          identifier: item.identifier,
          service_id: service.id,
          created_at: isoNow(tx.clock),
        });
      await decide(tx, item, 'accepted', service.id, null);
      services.push({ vendorId: item.vendorId, identifier: item.identifier, serviceId: service.id });
    }
    return { accepted: services.length, services };
  });
}

/** Records discovered identifiers as other spellings of existing services (aliases). */
export async function mergeDiscovered(ctx: Ctx, input: MergeDiscoveredInput | MergeDiscoveredInput[]) {
  authorize(ctx.actor, 'service.write');
  const items = parseInput(batch(MergeItem), Array.isArray(input) ? input : [input]);
  return inTransaction(ctx, async (tx) => {
    await requirePending(tx, items);
    const ids = [...new Set(items.map((i) => i.serviceId))];
    const known = new Set<string>();
    for (const part of chunks(ids))
      for (const s of await findServices(tx.db, tx.tenantId, part)) known.add(s.id);
    const unknown = items.findIndex((i) => !known.has(i.serviceId));
    if (unknown >= 0) throw notFound('Service', items[unknown]!.serviceId);
    for (const item of items) {
      await insertAlias(tx.db, {
        tenant_id: tx.tenantId,
        vendor_id: item.vendorId,
        identifier: item.identifier,
        service_id: item.serviceId,
        created_at: isoNow(tx.clock),
      });
      await decide(tx, item, 'merged', item.serviceId, null);
    }
    return { merged: items.length };
  });
}

/** Records that discovered identifiers need no service (e.g. an account-level fee line). */
export async function ignoreDiscovered(ctx: Ctx, input: IgnoreDiscoveredInput[]) {
  authorize(ctx.actor, 'service.write');
  const items = parseInput(batch(IgnoreItem), input);
  return inTransaction(ctx, async (tx) => {
    await requirePending(tx, items);
    for (const item of items) await decide(tx, item, 'ignored', null, item.note ?? null);
    return { ignored: items.length };
  });
}

/**
 * Takes back an ignore or a merge (the alias goes too), so the identifier is pending again. An
 * accept created a service; that is undone by disconnecting the service, not here.
 */
export async function undoDiscoveryDecision(ctx: Ctx, input: DiscoveryKey) {
  authorize(ctx.actor, 'service.write');
  const k = parseInput(Key, input);
  return inTransaction(ctx, async (tx) => {
    const row = await getDecision(tx.db, tx.tenantId, k);
    if (!row) throw notFound('Discovery decision', label(k));
    if (row.decision === 'accepted')
      throw conflict(`${label(k)} was accepted into inventory; disconnect the service instead`);
    if (row.decision === 'merged') await deleteAlias(tx.db, tx.tenantId, k);
    await deleteDecision(tx.db, tx.tenantId, k);
    await recordChange(tx, {
      entity: 'discovered_service',
      entityId: entityId(k),
      action: 'undo',
      before: { decision: row.decision, serviceId: row.service_id, note: row.note },
    });
    return { undone: row.decision };
  });
}
