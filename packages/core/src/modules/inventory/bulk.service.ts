import { z } from 'zod';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { changedFields, columnsOf, fieldsOf, pick, REF_LABEL, type ServiceFields } from './fields.ts';
import { normalizeTags } from './service-types.ts';
import { getServiceRowsByIds, updateServiceRow, updateServiceRows } from './services.queries.ts';
import { dbLookups, today } from './services.service.ts';

/** One call touches at most this many services, so a request stays one bounded transaction. */
export const MAX_BULK_IDS = 10_000;

const Ids = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(MAX_BULK_IDS)
  .transform((ids) => [...new Set(ids)]);
const ref = z.string().min(1).max(100).nullable().optional();

const BulkUpdateInput = z.object({
  ids: Ids,
  set: z
    .object({
      ownerId: ref,
      costCenterId: ref,
      locationId: ref,
      rateItemId: ref,
      billingAccountId: ref,
      addTags: z.array(z.string().max(40)).max(50).optional(),
      removeTags: z.array(z.string().max(40)).max(50).optional(),
    })
    .strict(),
});
export type BulkUpdateInput = z.input<typeof BulkUpdateInput>;

const ReviewInput = z.object({ ids: Ids, evidence: z.string().trim().min(1).max(2000) });
export type ReviewInput = z.input<typeof ReviewInput>;

async function loadAll(ctx: Ctx, ids: string[]) {
  const rows = await getServiceRowsByIds(ctx.db, ctx.tenantId, ids);
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    throw notFound('Service', ids.find((id) => !found.has(id))!);
  }
  return rows;
}

/**
 * Assigns owner / cost center / location / rate item / billing account and adds or removes tags
 * on many services in one transaction: one audit event per service that actually changed.
 */
export async function bulkUpdateServices(ctx: Ctx, input: BulkUpdateInput): Promise<{ updated: number }> {
  authorize(ctx.actor, 'service.write');
  const { ids, set } = parseInput(BulkUpdateInput, input);
  const addTags = normalizeTags(set.addTags ?? []);
  const removeTags = new Set(normalizeTags(set.removeTags ?? []));
  return inTransaction(ctx, async (tx) => {
    const lk = dbLookups(tx);
    for (const [field, table] of [
      ['ownerId', 'people'],
      ['costCenterId', 'cost_centers'],
      ['locationId', 'locations'],
    ] as const) {
      const id = set[field];
      if (id && !(await lk.exists(table, id))) throw invalid(`${field}: no such ${REF_LABEL[table]}`);
    }
    const account = set.billingAccountId ? await lk.account(set.billingAccountId) : null;
    if (set.billingAccountId && !account) throw invalid('billingAccountId: no such billing account');
    const rateItem = set.rateItemId ? await lk.rateItem(set.rateItemId) : null;
    if (set.rateItemId && !rateItem) throw invalid('rateItemId: no such rate item');
    const now = isoNow(tx.clock);
    let updated = 0;
    for (const row of await loadAll(tx, ids)) {
      const before = fieldsOf(row);
      const after: ServiceFields = { ...before };
      if (set.ownerId !== undefined) after.ownerId = set.ownerId;
      if (set.costCenterId !== undefined) after.costCenterId = set.costCenterId;
      if (set.locationId !== undefined) after.locationId = set.locationId;
      if (set.rateItemId !== undefined) {
        if (rateItem && rateItem.vendorId !== row.vendor_id)
          throw invalid(
            `rateItemId: service ${row.identifier} is billed by another vendor than the rate item's contract`,
          );
        after.rateItemId = set.rateItemId;
      }
      if (set.billingAccountId !== undefined) {
        if (account && account.vendorId !== row.vendor_id)
          throw invalid(
            `billingAccountId: service ${row.identifier} is billed by another vendor than the account`,
          );
        after.billingAccountId = set.billingAccountId;
        after.currency ??= account?.currency ?? null;
      }
      after.tags = [...new Set([...before.tags.filter((t) => !removeTags.has(t)), ...addTags])].sort();
      const changed = changedFields(before, after);
      if (changed.length === 0) continue;
      await updateServiceRow(tx.db, tx.tenantId, row.id, { ...columnsOf(after), updated_at: now });
      await recordChange(tx, {
        entity: 'service',
        entityId: row.id,
        action: 'bulk_update',
        before: pick(before, changed),
        after: pick(after, changed),
      });
      updated++;
    }
    return { updated };
  });
}

/** Records that someone checked these services are still needed and correctly assigned, today. */
export async function reviewServices(ctx: Ctx, input: ReviewInput): Promise<{ reviewed: number }> {
  authorize(ctx.actor, 'service.write');
  const { ids, evidence } = parseInput(ReviewInput, input);
  return inTransaction(ctx, async (tx) => {
    const rows = await loadAll(tx, ids);
    const on = today(tx);
    await updateServiceRows(tx.db, tx.tenantId, ids, {
      last_reviewed_on: on,
      review_evidence: evidence,
      updated_at: isoNow(tx.clock),
    });
    for (const row of rows) {
      await recordChange(tx, {
        entity: 'service',
        entityId: row.id,
        action: 'review',
        before: { lastReviewedOn: row.last_reviewed_on, reviewEvidence: row.review_evidence },
        after: { lastReviewedOn: on, reviewEvidence: evidence },
      });
    }
    return { reviewed: rows.length };
  });
}
