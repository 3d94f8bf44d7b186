import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { recordChange } from '../audit-log/record.ts';
import { findingForUpdate, insertComment } from './exceptions.queries.ts';

export const MAX_COMMENT_LENGTH = 10_000;

/** Adds a note to an exception's discussion; the trail keeps it too. */
export async function addComment(ctx: Ctx, findingId: string, input: { body: string }) {
  authorize(ctx.actor, 'exception.work');
  const body = typeof input.body === 'string' ? input.body.trim() : '';
  if (body === '' || body.length > MAX_COMMENT_LENGTH)
    throw invalid(`body: 1 to ${MAX_COMMENT_LENGTH} characters`, {
      fields: [{ path: 'body', message: `1 to ${MAX_COMMENT_LENGTH} characters` }],
    });
  const row = await inTransaction(ctx, async (tx) => {
    if (!(await findingForUpdate(tx.db, tx.engine, tx.tenantId, findingId)))
      throw notFound('Exception', findingId);
    const comment = {
      id: newId(),
      tenant_id: tx.tenantId,
      finding_id: findingId,
      author: actorLabel(tx.actor),
      body,
      created_at: isoNow(tx.clock),
    };
    await insertComment(tx.db, comment);
    await recordChange(tx, {
      entity: 'finding',
      entityId: findingId,
      action: 'comment',
      after: { commentId: comment.id, body },
    });
    return comment;
  });
  const names = await actorNamesOf(ctx, [row.author]);
  return {
    id: row.id,
    author: names.get(row.author) ?? row.author,
    body: row.body,
    createdAt: row.created_at,
  };
}
