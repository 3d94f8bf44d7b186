import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { applyAssignment, checkAssignment } from './assign.service.ts';
import { findingsByIds } from './exceptions.queries.ts';
import { slaPolicies } from './routing.queries.ts';
import { applyTransition, checkTransition, requireReason, requireState } from './transitions.ts';

export const MAX_BULK_EXCEPTIONS = 5000;

export interface BulkInput {
  ids: string[];
  action: 'assign' | 'transition';
  ownerUserId?: string | null;
  queue?: string | null;
  to?: string;
  reason?: string;
}

export interface BulkResult {
  updated: number;
  failed: { id: string; message: string }[];
}

/**
 * Assigns or moves many exceptions at once. The request is checked as a whole (permission, owner,
 * reason); an id that does not exist or cannot make the move is reported and the rest go ahead.
 * Every change is its own event in the trail.
 */
export async function bulkExceptions(ctx: Ctx, input: BulkInput): Promise<BulkResult> {
  if (input.action !== 'assign' && input.action !== 'transition')
    throw invalid('action: assign or transition', {
      fields: [{ path: 'action', message: 'assign or transition' }],
    });
  authorize(ctx.actor, input.action === 'assign' ? 'exception.assign' : 'exception.work');
  if (!Array.isArray(input.ids) || input.ids.length === 0 || input.ids.length > MAX_BULK_EXCEPTIONS)
    throw invalid(`ids: 1 to ${MAX_BULK_EXCEPTIONS} exception ids`, {
      fields: [{ path: 'ids', message: `1 to ${MAX_BULK_EXCEPTIONS} exception ids` }],
    });
  const ids = [...new Set(input.ids)];
  const reason = input.action === 'transition' ? requireReason(input.reason) : '';
  const to = input.action === 'transition' ? requireState(input.to) : null;
  if (input.action === 'assign' && input.ownerUserId === undefined && input.queue === undefined)
    throw invalid('give an ownerUserId or a queue to assign', {
      fields: [{ path: 'ownerUserId', message: 'give an ownerUserId or a queue' }],
    });

  return inTransaction(ctx, async (tx) => {
    const patch = to
      ? null
      : await checkAssignment(tx, { ownerUserId: input.ownerUserId, queue: input.queue });
    const sla = await slaPolicies(tx.db, tx.tenantId);
    const rows = new Map((await findingsByIds(tx.db, tx.engine, tx.tenantId, ids)).map((r) => [r.id, r]));
    const result: BulkResult = { updated: 0, failed: [] };
    for (const id of ids) {
      const f = rows.get(id);
      if (!f) {
        result.failed.push({ id, message: `Exception ${id} not found` });
        continue;
      }
      if (to) {
        const refused = checkTransition(f.state, to);
        if (refused) {
          result.failed.push({ id, message: refused });
          continue;
        }
        await applyTransition(tx, f, to, reason, sla);
      } else await applyAssignment(tx, f, patch!);
      result.updated++;
    }
    return result;
  });
}
