import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/modules/audit-log/list.ts';
import { transitionException } from '../../src/modules/exceptions/transitions.ts';
import { approveInvoice, holdInvoice } from '../../src/modules/invoices/approval.service.ts';
import { getInvoice } from '../../src/modules/invoices/invoices.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { as, auditedInvoice, findingRows, member } from '../exceptions-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

const world = async () => {
  const ctx = await tenantCtx(store, `appr-${++n}`);
  return { ctx, ...(await auditedInvoice(ctx)) };
};

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe(`invoice approval (${testEngine})`, () => {
  it('refuses full approval while a blocking exception is active, and allows it once resolved', async () => {
    const { ctx, invoiceId } = await world();
    expect(await getInvoice(ctx, invoiceId)).toMatchObject({
      status: 'in_review',
      currentCharges: '47.50',
      openExceptions: 3,
      blockingExceptions: 1,
      approved: null,
    });
    const blocked = await failure(approveInvoice(ctx, invoiceId, { mode: 'full' }));
    expect(blocked.code).toBe('blocked');
    expect(blocked.status).toBe(409);
    expect(blocked.details).toEqual({ blockingExceptions: 1 });

    const blocking = (await findingRows(ctx)).find((f) => f.blocking === 1)!;
    await transitionException(ctx, blocking.id, { to: 'resolved_corrected', reason: 'Carrier credited it' });
    const approver = await member(ctx, `approver${n}@appr.test`, 'approver');
    const out = await approveInvoice(as(ctx, approver, 'approver'), invoiceId, {
      mode: 'full',
      note: 'OK to pay',
    });
    expect(out).toEqual({ id: invoiceId, status: 'approved', approved: '47.50', blockingExceptions: 0 });
    expect(await getInvoice(ctx, invoiceId)).toMatchObject({
      status: 'approved',
      openExceptions: 2,
      blockingExceptions: 0,
      approved: '47.50',
    });
    const [event] = (await listAuditEvents(ctx, { entity: 'invoice', entityId: invoiceId })).items;
    expect(event).toMatchObject({
      action: 'approve',
      actor: `user:${approver}`,
      before: { status: 'in_review', approved: null },
      after: { status: 'approved', mode: 'full', approved: '47.50', note: 'OK to pay', openExceptions: 2 },
    });
    // An approved invoice is not approved twice.
    expect((await failure(approveInvoice(ctx, invoiceId, { mode: 'partial' }))).code).toBe('conflict');
  });

  it('approves partially the charges less the positive variance of every active exception', async () => {
    const { ctx, invoiceId } = await world();
    // 47.50 billed; active variances 30 + 10 + 7.50 (one of them blocking) leave nothing undisputed.
    expect(await approveInvoice(ctx, invoiceId, { mode: 'partial' })).toEqual({
      id: invoiceId,
      status: 'approved_partial',
      approved: '0.00',
      blockingExceptions: 1,
    });
    await holdInvoice(ctx, invoiceId, { reason: 'Re-check' });
    const [, small] = await findingRows(ctx);
    const [big] = await findingRows(ctx);
    await transitionException(ctx, big!.id, { to: 'waived', reason: 'Accepted' });
    // Closed exceptions no longer hold money back: 47.50 − 10 − 7.50.
    expect((await approveInvoice(ctx, invoiceId, { mode: 'partial' })).approved).toBe('30.00');
    await holdInvoice(ctx, invoiceId, { reason: 'Again' });
    await transitionException(ctx, small!.id, { to: 'in_progress', reason: 'Working' });
    expect((await approveInvoice(ctx, invoiceId, { mode: 'partial' })).approved).toBe('30.00');
  });

  it('holds with a reason, withdrawing an approval, and checks mode, state and permission', async () => {
    const { ctx, invoiceId } = await world();
    expect((await failure(holdInvoice(ctx, invoiceId, { reason: ' ' }))).code).toBe('validation_failed');
    expect((await failure(approveInvoice(ctx, invoiceId, { mode: 'most' }))).code).toBe('validation_failed');
    expect((await failure(approveInvoice(ctx, 'nope', { mode: 'full' }))).code).toBe('not_found');
    const analyst = await member(ctx, `analyst${n}@appr.test`, 'analyst');
    expect(
      (await failure(approveInvoice(as(ctx, analyst, 'analyst'), invoiceId, { mode: 'partial' }))).code,
    ).toBe('forbidden');
    expect((await failure(holdInvoice(as(ctx, analyst, 'analyst'), invoiceId, { reason: 'x' }))).code).toBe(
      'forbidden',
    );

    await approveInvoice(ctx, invoiceId, { mode: 'partial' });
    expect(await holdInvoice(ctx, invoiceId, { reason: 'Vendor called' })).toEqual({
      id: invoiceId,
      status: 'on_hold',
    });
    expect(await getInvoice(ctx, invoiceId)).toMatchObject({ status: 'on_hold', approved: null });
    expect((await failure(holdInvoice(ctx, invoiceId, { reason: 'twice' }))).code).toBe('conflict');
    expect((await approveInvoice(ctx, invoiceId, { mode: 'partial' })).status).toBe('approved_partial');
    await ctx.db.updateTable('invoices').set({ status: 'exported' }).where('id', '=', invoiceId).execute();
    expect((await failure(holdInvoice(ctx, invoiceId, { reason: 'late' }))).code).toBe('conflict');
    const other = await tenantCtx(store, `appr-other-${n}`);
    expect((await failure(approveInvoice(other, invoiceId, { mode: 'partial' }))).code).toBe('not_found');
  });
});
