import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { updateFinding } from '../audit/findings.queries.ts';
import { AUTO_CLOSED, FINDING_STATES, type FindingState, RESOLVED_STATES } from '../audit/reconcile.ts';
import type { Severity } from '../audit/rule.ts';
import { recordChange } from '../audit-log/record.ts';
import { addDays, todayOf } from '../data-quality/days.ts';
import { type FindingRow, findingForUpdate } from './exceptions.queries.ts';
import { slaPolicies } from './routing.queries.ts';
import { slaDays } from './routing.ts';

const RESOLUTIONS = ['resolved_valid', 'resolved_corrected', 'waived'] as const;

/**
 * Where a person may move an exception. Closing takes a reason (why it is valid, corrected or
 * waived); any closed exception may be reopened, which restarts its SLA clock.
 */
export const FINDING_TRANSITIONS: Record<FindingState, readonly FindingState[]> = {
  open: ['in_progress', 'disputed', ...RESOLUTIONS],
  in_progress: ['open', 'disputed', ...RESOLUTIONS],
  disputed: ['in_progress', ...RESOLUTIONS],
  resolved_valid: ['open'],
  resolved_corrected: ['open'],
  waived: ['open'],
  auto_closed: ['open'],
};

export const isFindingState = (s: string): s is FindingState =>
  (FINDING_STATES as readonly string[]).includes(s);

export const allowedTransitions = (state: string): readonly FindingState[] =>
  isFindingState(state) ? FINDING_TRANSITIONS[state] : [];

const isClosed = (s: string) => (RESOLVED_STATES as readonly string[]).includes(s) || s === AUTO_CLOSED;

export function checkTransition(from: string, to: string): string | null {
  if (!isFindingState(to)) return `${to} is not an exception state`;
  if (!allowedTransitions(from).includes(to)) return `An exception cannot go from ${from} to ${to}`;
  return null;
}

export function requireState(to: unknown): FindingState {
  if (typeof to !== 'string' || !isFindingState(to))
    throw invalid(`to: one of ${FINDING_STATES.join(', ')}`, {
      fields: [{ path: 'to', message: `one of ${FINDING_STATES.join(', ')}` }],
    });
  return to;
}

export function requireReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') throw invalid('reason: required', { fields: [{ path: 'reason', message: 'required' }] });
  if (text.length > 5000)
    throw invalid('reason: at most 5000 characters', {
      fields: [{ path: 'reason', message: 'at most 5000 characters' }],
    });
  return text;
}

/**
 * Moves one stored finding (already checked) and records the change. Closing stamps closed_at and
 * keeps the reason as the resolution; reopening clears both and gives a fresh due date.
 */
export async function applyTransition(
  tx: Ctx,
  f: FindingRow,
  to: FindingState,
  reason: string,
  sla: Awaited<ReturnType<typeof slaPolicies>>,
) {
  const now = isoNow(tx.clock);
  const reopening = isClosed(f.state) && to === 'open';
  const closing = isClosed(to);
  const patch = {
    state: to,
    updated_at: now,
    ...(closing ? { closed_at: now, resolution_reason: reason } : {}),
    ...(reopening
      ? {
          closed_at: null,
          resolution_reason: null,
          escalation_level: 0,
          escalated_at: null,
          due_on: addDays(todayOf(tx.clock), slaDays(sla, f.severity as Severity)),
        }
      : {}),
  };
  await updateFinding(tx.db, tx.tenantId, f.id, patch);
  await recordChange(tx, {
    entity: 'finding',
    entityId: f.id,
    action: reopening ? 'reopen' : 'transition',
    before: { state: f.state, dueOn: f.due_on },
    after: { state: to, reason, dueOn: patch.due_on ?? f.due_on },
  });
}

/** Moves an exception along its lifecycle; every move needs a reason, which the trail keeps. */
export async function transitionException(ctx: Ctx, id: string, input: { to: string; reason: string }) {
  authorize(ctx.actor, 'exception.work');
  const reason = requireReason(input.reason);
  requireState(input.to);
  await inTransaction(ctx, async (tx) => {
    const f = await findingForUpdate(tx.db, tx.engine, tx.tenantId, id);
    if (!f) throw notFound('Exception', id);
    const refused = checkTransition(f.state, input.to);
    if (refused)
      throw conflict(refused, { from: f.state, to: input.to, allowed: allowedTransitions(f.state) });
    await applyTransition(tx, f, input.to as FindingState, reason, await slaPolicies(tx.db, tx.tenantId));
  });
}
