import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { updateFinding } from '../audit/findings.queries.ts';
import { recordChange } from '../audit-log/record.ts';
import { isDate } from '../contracts/dates.ts';
import { type FindingRow, findingForUpdate, isMember } from './exceptions.queries.ts';

/** What an assignment changes; a field left undefined keeps its value, null clears it. */
export interface AssignmentPatch {
  ownerUserId?: string | null;
  queue?: string | null;
  dueOn?: string;
}

const field = (path: string, message: string) =>
  invalid(`${path}: ${message}`, { fields: [{ path, message }] });

/** Checks an assignment once, before it is applied to one finding or to thousands. */
export async function checkAssignment(ctx: Ctx, input: AssignmentPatch): Promise<AssignmentPatch> {
  const out: AssignmentPatch = {};
  if (input.ownerUserId !== undefined) {
    if (input.ownerUserId !== null && typeof input.ownerUserId !== 'string')
      throw field('ownerUserId', 'a user id or null');
    if (input.ownerUserId !== null && !(await isMember(ctx.db, ctx.tenantId, input.ownerUserId)))
      throw field('ownerUserId', 'not a member of this tenant');
    out.ownerUserId = input.ownerUserId;
  }
  if (input.queue !== undefined) {
    const queue = typeof input.queue === 'string' ? input.queue.trim() : input.queue;
    if (queue !== null && (typeof queue !== 'string' || queue === '' || queue.length > 100))
      throw field('queue', 'a name of 1 to 100 characters, or null');
    out.queue = queue;
  }
  if (input.dueOn !== undefined) {
    if (typeof input.dueOn !== 'string' || !isDate(input.dueOn)) throw field('dueOn', 'a date (YYYY-MM-DD)');
    out.dueOn = input.dueOn;
  }
  return out;
}

/** Writes a checked assignment to one finding and records it; false when nothing changed. */
export async function applyAssignment(tx: Ctx, f: FindingRow, patch: AssignmentPatch): Promise<boolean> {
  const before = { ownerUserId: f.owner_user_id, queue: f.queue, dueOn: f.due_on };
  const after = {
    ownerUserId: patch.ownerUserId === undefined ? f.owner_user_id : patch.ownerUserId,
    queue: patch.queue === undefined ? f.queue : patch.queue,
    dueOn: patch.dueOn ?? f.due_on,
  };
  if (
    before.ownerUserId === after.ownerUserId &&
    before.queue === after.queue &&
    before.dueOn === after.dueOn
  )
    return false;
  await updateFinding(tx.db, tx.tenantId, f.id, {
    owner_user_id: after.ownerUserId,
    queue: after.queue,
    due_on: after.dueOn,
    updated_at: isoNow(tx.clock),
  });
  await recordChange(tx, { entity: 'finding', entityId: f.id, action: 'assign', before, after });
  return true;
}

/** Gives an exception an owner (a member of the tenant), a queue and a due date. */
export async function assignException(ctx: Ctx, id: string, input: AssignmentPatch) {
  authorize(ctx.actor, 'exception.assign');
  await inTransaction(ctx, async (tx) => {
    const patch = await checkAssignment(tx, input);
    const f = await findingForUpdate(tx.db, tx.engine, tx.tenantId, id);
    if (!f) throw notFound('Exception', id);
    await applyAssignment(tx, f, patch);
  });
}
