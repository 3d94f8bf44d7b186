import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { formatNanos } from '../../shared/money.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { exceptionFacts, invoiceForDecision, setDecision } from './approval.queries.ts';

/** Statuses an approver may decide on: audited or not, and invoices put on hold earlier. */
const APPROVABLE = ['received', 'audited', 'in_review', 'on_hold'];
/** A hold also withdraws an approval that has not been exported yet. */
const HOLDABLE = ['received', 'audited', 'in_review', 'approved', 'approved_partial'];

const field = (path: string, message: string) =>
  invalid(`${path}: ${message}`, { fields: [{ path, message }] });

function text(value: unknown, name: string, required: boolean): string | null {
  const t = typeof value === 'string' ? value.trim() : '';
  if (value !== undefined && value !== null && typeof value !== 'string') throw field(name, 'text');
  if (required && t === '') throw field(name, 'required');
  if (t.length > 5000) throw field(name, 'at most 5000 characters');
  return t === '' ? null : t;
}

/**
 * Approves an invoice for payment. In full: refused (409 `blocked`) while a blocking exception is
 * active on it, and approves its current charges. Partially: approves the current charges less what
 * its active exceptions say was overcharged, so the undisputed part can be paid on time.
 */
export async function approveInvoice(ctx: Ctx, id: string, input: { mode: string; note?: string | null }) {
  authorize(ctx.actor, 'invoice.approve');
  if (input.mode !== 'full' && input.mode !== 'partial') throw field('mode', 'full or partial');
  const note = text(input.note, 'note', false);
  return inTransaction(ctx, async (tx) => {
    const inv = await invoiceForDecision(tx.db, tx.engine, tx.tenantId, id);
    if (!inv) throw notFound('Invoice', id);
    if (!APPROVABLE.includes(inv.status))
      throw conflict(
        `Invoice ${id} is ${inv.status}; only ${APPROVABLE.join(', ')} invoices can be approved`,
      );
    const facts = await exceptionFacts(tx.db, tx.tenantId, id);
    let approved = inv.current_charges_nanos;
    if (input.mode === 'full' && facts.blocking > 0)
      throw new AppError(
        'blocked',
        `${facts.blocking} blocking exception(s) are still open on this invoice: resolve them or approve partially`,
        { blockingExceptions: facts.blocking },
      );
    if (input.mode === 'partial') {
      approved -= facts.disputedNanos;
      // Exceptions that overlap cannot make a bill payable below nothing.
      if (inv.current_charges_nanos >= 0n && approved < 0n) approved = 0n;
    }
    const status = input.mode === 'full' ? 'approved' : 'approved_partial';
    await setDecision(tx.db, tx.tenantId, id, {
      status,
      approved_nanos: approved,
      approved_at: isoNow(tx.clock),
      approved_by: actorLabel(tx.actor),
    });
    await recordChange(tx, {
      entity: 'invoice',
      entityId: id,
      action: 'approve',
      before: {
        status: inv.status,
        approved: inv.approved_nanos === null ? null : formatNanos(inv.approved_nanos),
      },
      after: {
        status,
        mode: input.mode,
        approved: formatNanos(approved),
        note,
        openExceptions: facts.active,
        blockingExceptions: facts.blocking,
      },
    });
    return { id, status, approved: formatNanos(approved), blockingExceptions: facts.blocking };
  });
}

/** Stops an invoice from being paid until someone approves it; the reason goes on the trail. */
export async function holdInvoice(ctx: Ctx, id: string, input: { reason: string }) {
  authorize(ctx.actor, 'invoice.approve');
  const reason = text(input.reason, 'reason', true);
  return inTransaction(ctx, async (tx) => {
    const inv = await invoiceForDecision(tx.db, tx.engine, tx.tenantId, id);
    if (!inv) throw notFound('Invoice', id);
    if (!HOLDABLE.includes(inv.status))
      throw conflict(
        `Invoice ${id} is ${inv.status}; only ${HOLDABLE.join(', ')} invoices can be put on hold`,
      );
    await setDecision(tx.db, tx.tenantId, id, {
      status: 'on_hold',
      approved_nanos: null,
      approved_at: null,
      approved_by: null,
    });
    await recordChange(tx, {
      entity: 'invoice',
      entityId: id,
      action: 'hold',
      before: {
        status: inv.status,
        approved: inv.approved_nanos === null ? null : formatNanos(inv.approved_nanos),
      },
      after: { status: 'on_hold', reason },
    });
    return { id, status: 'on_hold' };
  });
}
