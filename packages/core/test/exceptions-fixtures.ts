import { systemActor } from '../src/modules/access/permissions.ts';
import type { Role } from '../src/modules/access/roles.ts';
import { runAudit } from '../src/modules/audit/run.service.ts';
import { addMember } from '../src/modules/users/users.service.ts';
import type { Ctx } from '../src/shared/context.ts';
import { addInvoice, addService, vendorWithAccount } from './audit-fixtures.ts';
import { usd } from './data-quality-fixtures.ts';

/** The two rules these tests rely on; runs name them so rules added later cannot change the counts. */
export const RULES = ['not_in_inventory', 'billed_after_disconnect'];

export const findingRows = (ctx: Ctx) =>
  ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .orderBy('variance_nanos', 'desc')
    .execute();

export async function member(ctx: Ctx, email: string, role: Role = 'analyst') {
  const m = await addMember(
    { ...ctx, actor: systemActor('test') },
    { email, name: email.split('@')[0], password: 'correct horse battery', role },
  );
  return m.id;
}

export const as = (ctx: Ctx, userId: string, role: Role): Ctx => ({
  ...ctx,
  actor: { kind: 'user', id: userId, userId, role },
});

/**
 * A vendor and account with an invoice (period 2026-10) that bills two identifiers not in
 * inventory (30.00 and 10.00, non-blocking, high) and a service disconnected before the period
 * (7.50, blocking, critical); audited with the two rules. Amounts are nanos.
 */
export async function auditedInvoice(ctx: Ctx, number = 'INV-1', code = 'TELCO') {
  const { vendorId, accountId } = await vendorWithAccount(ctx, code, `A-${code}`);
  const disconnected = await addService(ctx, {
    vendor_id: vendorId,
    identifier: `${code}-OLD`,
    state: 'disconnected',
    disconnected_on: '2026-09-15',
  });
  const invoiceId = await addInvoice(ctx, {
    vendor_id: vendorId,
    billing_account_id: accountId,
    invoice_number: number,
    period_start: '2026-10-01',
    charges: [
      { service_id: `${code}-A`, amount_nanos: usd(30) },
      { service_id: `${code}-B`, amount_nanos: usd(10) },
      { service_id: `${code}-OLD`, amount_nanos: usd(7.5) },
    ],
  });
  const run = await runAudit(ctx, { invoiceId }, { rules: RULES });
  return { vendorId, accountId, invoiceId, disconnected, run };
}
