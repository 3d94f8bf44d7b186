import { z } from 'zod';
import type { SavedViewTable } from '../../db/schema.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import {
  deleteSavedViewRow,
  insertSavedView,
  savedViewByName,
  savedViewRow,
  savedViewRows,
  updateSavedView,
} from './services.queries.ts';

const Page = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a page name such as services');
const SaveInput = z.object({
  page: Page,
  name: z.string().trim().min(1).max(80),
  // filters, sort and columns as the page keeps them; opaque here, bounded in size
  state: z
    .record(z.string(), z.unknown())
    .refine((s) => JSON.stringify(s).length <= 20_000, 'view too large'),
});
export type SaveViewInput = z.input<typeof SaveInput>;

const dto = (r: SavedViewTable) => ({
  id: r.id,
  page: r.page,
  name: r.name,
  state: JSON.parse(r.state_json) as Record<string, unknown>,
  updatedAt: r.updated_at,
});

/** Views belong to the person, so a CLI or system caller has none. */
function userOf(ctx: Ctx): string {
  if (!ctx.actor.userId) throw invalid('Saved views belong to a user; this caller is not one');
  return ctx.actor.userId;
}

// Saving a view changes nothing anybody else sees, so reading the page is enough to keep views.
export async function listSavedViews(ctx: Ctx, page: string) {
  authorize(ctx.actor, 'service.read');
  return (await savedViewRows(ctx.db, ctx.tenantId, userOf(ctx), parseInput(Page, page))).map(dto);
}

/** Saves under a name; saving again under the same name replaces that view. */
export async function saveView(ctx: Ctx, input: SaveViewInput) {
  authorize(ctx.actor, 'service.read');
  const data = parseInput(SaveInput, input);
  const userId = userOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const now = isoNow(tx.clock);
    const existing = await savedViewByName(tx.db, tx.tenantId, userId, data.page, data.name);
    const id = existing?.id ?? newId();
    if (existing)
      await updateSavedView(tx.db, id, { state_json: JSON.stringify(data.state), updated_at: now });
    else
      await insertSavedView(tx.db, {
        id,
        tenant_id: tx.tenantId,
        user_id: userId,
        page: data.page,
        name: data.name,
        state_json: JSON.stringify(data.state),
        created_at: now,
        updated_at: now,
      });
    await recordChange(tx, {
      entity: 'saved_view',
      entityId: id,
      action: existing ? 'update' : 'create',
      before: existing ? dto(existing) : undefined,
      after: data,
    });
    return dto((await savedViewRow(tx.db, tx.tenantId, id))!);
  });
}

export async function deleteSavedView(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'service.read');
  const userId = userOf(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await savedViewRow(tx.db, tx.tenantId, id);
    // another person's view is as invisible as a missing one
    if (!row || row.user_id !== userId) throw notFound('Saved view', id);
    await deleteSavedViewRow(tx.db, tx.tenantId, id);
    await recordChange(tx, { entity: 'saved_view', entityId: id, action: 'delete', before: dto(row) });
  });
}
