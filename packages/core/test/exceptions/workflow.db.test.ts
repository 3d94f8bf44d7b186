import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/modules/audit/run.service.ts';
import { listAuditEvents } from '../../src/modules/audit-log/list.ts';
import { assignException } from '../../src/modules/exceptions/assign.service.ts';
import { bulkExceptions } from '../../src/modules/exceptions/bulk.service.ts';
import { escalateOverdue } from '../../src/modules/exceptions/escalation.service.ts';
import { getException } from '../../src/modules/exceptions/exceptions.service.ts';
import { createRoutingRule, putSlaPolicies } from '../../src/modules/exceptions/routing.service.ts';
import { transitionException } from '../../src/modules/exceptions/transitions.ts';
import { AppError } from '../../src/shared/errors.ts';
import { addInvoice } from '../audit-fixtures.ts';
import { usd } from '../data-quality-fixtures.ts';
import { as, auditedInvoice, findingRows, member, RULES } from '../exceptions-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

const world = async () => {
  const ctx = await tenantCtx(store, `wf-${++n}`);
  return { ctx, ...(await auditedInvoice(ctx)) };
};

async function refused(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

const byRule = async (ctx: Parameters<typeof findingRows>[0], rule: string) =>
  (await findingRows(ctx)).filter((f) => f.rule === rule);

describe(`exception workflow (${testEngine})`, () => {
  it('moves along the state machine with a reason, and refuses everything else', async () => {
    const { ctx } = await world();
    const [big] = await findingRows(ctx);
    const id = big!.id;
    expect(big).toMatchObject({ state: 'open', variance_nanos: usd(30), due_on: '2026-12-02' });

    await refused(transitionException(ctx, id, { to: 'in_progress', reason: '  ' }), 'validation_failed');
    await refused(transitionException(ctx, id, { to: 'closed', reason: 'x' }), 'validation_failed');
    await refused(transitionException(ctx, id, { to: 'auto_closed', reason: 'x' }), 'conflict');
    await refused(transitionException(ctx, 'nope', { to: 'in_progress', reason: 'x' }), 'not_found');

    await transitionException(ctx, id, { to: 'in_progress', reason: 'Looking at it' });
    await transitionException(ctx, id, { to: 'disputed', reason: 'Claim 42 filed' });
    // A dispute does not go straight back to open.
    const err = await refused(transitionException(ctx, id, { to: 'open', reason: 'x' }), 'conflict');
    expect(err.details).toMatchObject({ from: 'disputed', allowed: expect.arrayContaining(['in_progress']) });
    await transitionException(ctx, id, { to: 'resolved_corrected', reason: 'Credit on next bill' });
    let f = (await findingRows(ctx)).find((x) => x.id === id)!;
    expect(f).toMatchObject({ state: 'resolved_corrected', resolution_reason: 'Credit on next bill' });
    expect(f.closed_at).toBe('2026-11-27T09:00:00.000Z');
    await refused(transitionException(ctx, id, { to: 'in_progress', reason: 'x' }), 'conflict');

    // Reopening clears the outcome and restarts the SLA clock from today.
    ctx.clock = { now: () => new Date(Date.parse('2026-12-10T08:00:00Z')) };
    await transitionException(ctx, id, { to: 'open', reason: 'Credit never came' });
    f = (await findingRows(ctx)).find((x) => x.id === id)!;
    expect(f).toMatchObject({
      state: 'open',
      closed_at: null,
      resolution_reason: null,
      due_on: '2026-12-15',
    });

    const detail = await getException(ctx, id);
    expect(detail.history.map((h) => h.action)).toEqual([
      'open',
      'transition',
      'transition',
      'transition',
      'reopen',
    ]);
    expect(detail.history[4]).toMatchObject({
      before: { state: 'resolved_corrected' },
      after: { state: 'open', reason: 'Credit never came', dueOn: '2026-12-15' },
    });
    expect(detail.allowedTransitions).toEqual([
      'in_progress',
      'disputed',
      'resolved_valid',
      'resolved_corrected',
      'waived',
    ]);
  });

  it('refuses to move or assign without the permission, and a viewer sees no allowed moves', async () => {
    const { ctx } = await world();
    const [f] = await findingRows(ctx);
    const viewer = await member(ctx, `viewer${n}@wf.test`, 'viewer');
    const clerk = await member(ctx, `clerk${n}@wf.test`, 'ap_clerk');
    await refused(
      transitionException(as(ctx, viewer, 'viewer'), f!.id, { to: 'waived', reason: 'x' }),
      'forbidden',
    );
    await refused(assignException(as(ctx, clerk, 'ap_clerk'), f!.id, { ownerUserId: clerk }), 'forbidden');
    expect((await getException(as(ctx, viewer, 'viewer'), f!.id)).allowedTransitions).toEqual([]);
  });

  it('assigns only to members of the tenant, and records who had it before', async () => {
    const { ctx } = await world();
    const [f] = await findingRows(ctx);
    const ana = await member(ctx, `ana${n}@wf.test`);
    const other = await tenantCtx(store, `wf-other-${n}`);
    const stranger = await member(other, `stranger${n}@wf.test`);
    const e = await refused(assignException(ctx, f!.id, { ownerUserId: stranger }), 'validation_failed');
    expect(e.message).toMatch(/not a member/);
    await refused(
      assignException(ctx, f!.id, { ownerUserId: ana, dueOn: '2026-02-30' }),
      'validation_failed',
    );

    await assignException(ctx, f!.id, { ownerUserId: ana, queue: 'disputes', dueOn: '2026-12-20' });
    const detail = await getException(ctx, f!.id);
    expect(detail).toMatchObject({
      ownerUserId: ana,
      owner: `ana${n}`,
      queue: 'disputes',
      dueOn: '2026-12-20',
    });
    expect(detail.history.at(-1)).toMatchObject({
      action: 'assign',
      before: { ownerUserId: null, queue: 'audit', dueOn: '2026-12-02' },
      after: { ownerUserId: ana, queue: 'disputes', dueOn: '2026-12-20' },
    });
    await assignException(ctx, f!.id, { ownerUserId: null });
    expect((await getException(ctx, f!.id)).ownerUserId).toBeNull();
  });

  it('applies a bulk change to every id it can, reports the others, and audits each change', async () => {
    const { ctx } = await world();
    const rows = await findingRows(ctx);
    await transitionException(ctx, rows[0]!.id, { to: 'waived', reason: 'Known' });
    const ids = [...rows.map((r) => r.id), 'missing-id', rows[1]!.id];
    const before = (await listAuditEvents(ctx, { entity: 'finding', pageSize: 500 })).total;
    const out = await bulkExceptions(ctx, { ids, action: 'transition', to: 'in_progress', reason: 'Batch' });
    expect(out.updated).toBe(2);
    expect(out.failed).toEqual([
      { id: rows[0]!.id, message: 'An exception cannot go from waived to in_progress' },
      { id: 'missing-id', message: 'Exception missing-id not found' },
    ]);
    expect((await listAuditEvents(ctx, { entity: 'finding', pageSize: 500 })).total).toBe(before + 2);

    await refused(bulkExceptions(ctx, { ids, action: 'transition', to: 'open' }), 'validation_failed');
    await refused(
      bulkExceptions(ctx, {
        ids: Array.from({ length: 5001 }, (_, i) => `x${i}`),
        action: 'assign',
        queue: 'q',
      }),
      'validation_failed',
    );
    const bob = await member(ctx, `bob${n}@wf.test`);
    const assigned = await bulkExceptions(ctx, {
      ids: rows.map((r) => r.id),
      action: 'assign',
      ownerUserId: bob,
    });
    expect(assigned).toEqual({ updated: 3, failed: [] });
    expect((await findingRows(ctx)).every((r) => r.owner_user_id === bob)).toBe(true);
    const viewer = await member(ctx, `v${n}@wf.test`, 'viewer');
    await refused(
      bulkExceptions(as(ctx, viewer, 'viewer'), { ids: [rows[1]!.id], action: 'assign', queue: 'q' }),
      'forbidden',
    );
  });

  it('escalates overdue exceptions once a day, handing them to the SLA policy’s person', async () => {
    const { ctx } = await world();
    const boss = await member(ctx, `boss${n}@wf.test`);
    await putSlaPolicies(ctx, { policies: [{ severity: 'critical', days: 2, escalateToUserId: boss }] });
    const resolved = (await byRule(ctx, 'not_in_inventory'))[1]!;
    await transitionException(ctx, resolved.id, { to: 'resolved_valid', reason: 'Valid' });
    const clock = ctx.clock as { now(): Date; advance(ms: number): void };
    expect((await escalateOverdue(ctx)).escalated).toBe(0);

    clock.advance(3 * DAY); // 2026-11-30: the critical one (due 11-29) is overdue, the high ones (12-02) not
    expect((await escalateOverdue(ctx)).escalated).toBe(1);
    let [critical] = await byRule(ctx, 'billed_after_disconnect');
    expect(critical).toMatchObject({ escalation_level: 1, owner_user_id: boss });
    expect(critical!.escalated_at).toBe('2026-11-30T09:00:00.000Z');
    clock.advance(DAY / 4);
    expect((await escalateOverdue(ctx)).escalated).toBe(0);

    clock.advance(3 * DAY); // 12-03: the open high one is overdue too; the resolved one never
    expect((await escalateOverdue(ctx)).escalated).toBe(2);
    [critical] = await byRule(ctx, 'billed_after_disconnect');
    expect(critical!.escalation_level).toBe(2);
    const high = await byRule(ctx, 'not_in_inventory');
    expect(high.map((f) => [f.state, f.escalation_level, f.owner_user_id])).toEqual([
      ['open', 1, null],
      ['resolved_valid', 0, null],
    ]);
    const detail = await getException(ctx, critical!.id);
    expect(detail.escalationLevel).toBe(2);
    expect(detail.overdue).toBe(true);
    expect(detail.history.filter((h) => h.action === 'escalate')).toHaveLength(2);
  });

  it('routes new findings by rule, vendor and amount, with due dates from the SLA', async () => {
    const ctx = await tenantCtx(store, `wf-route-${++n}`);
    const ana = await member(ctx, `ana-r${n}@wf.test`);
    const bob = await member(ctx, `bob-r${n}@wf.test`);
    const { vendorId } = await auditedInvoice(ctx, 'PRE-1', 'FIRST');
    await ctx.db.deleteFrom('findings').where('tenant_id', '=', ctx.tenantId).execute();
    await createRoutingRule(ctx, { name: 'off', position: 0, enabled: false, queue: 'never' });
    await createRoutingRule(ctx, {
      name: 'disconnects',
      position: 1,
      rule: 'billed_after_disconnect',
      ownerUserId: ana,
    });
    await createRoutingRule(ctx, {
      name: 'big',
      position: 2,
      minVariance: '20',
      ownerUserId: bob,
      queue: 'large',
    });
    await createRoutingRule(ctx, { name: 'first vendor', position: 3, vendorId, queue: 'first' });
    await putSlaPolicies(ctx, { policies: [{ severity: 'high', days: 3, escalateToUserId: null }] });

    await runAudit(ctx, {}, { rules: RULES });
    await auditedInvoice(ctx, 'OTHER-1', 'SECOND');
    const routed = (await findingRows(ctx))
      .sort(
        (a, b) =>
          Number(b.variance_nanos - a.variance_nanos) ||
          (a.service_identifier! < b.service_identifier! ? -1 : 1),
      )
      .map((f) => [f.service_identifier, f.queue, f.owner_user_id, f.due_on]);
    expect(routed).toEqual([
      ['FIRST-A', 'large', bob, '2026-11-30'],
      ['SECOND-A', 'large', bob, '2026-11-30'],
      ['FIRST-B', 'first', null, '2026-11-30'],
      ['SECOND-B', 'audit', null, '2026-11-30'],
      ['FIRST-OLD', null, ana, '2026-11-29'],
      ['SECOND-OLD', null, ana, '2026-11-29'],
    ]);
  });

  it('reports per-invoice detail: evidence, chart of the last 12 months, comments', async () => {
    const { ctx, vendorId, accountId } = await world();
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-0',
      period_start: '2026-09-01',
      charges: [{ service_id: 'TELCO-A', amount_nanos: usd(12.5) }],
    });
    const [f] = await findingRows(ctx);
    const d = await getException(ctx, f!.id);
    expect(d).toMatchObject({
      rule: 'not_in_inventory',
      ruleName: 'Charge not in inventory',
      severity: 'high',
      blocking: false,
      vendor: 'TELCO Inc',
      accountNumber: 'A-TELCO',
      invoiceNumber: 'INV-1',
      serviceIdentifier: 'TELCO-A',
      billed: '30.00',
      expected: '0.00',
      variance: '30.00',
      period: '2026-10',
      ageDays: 0,
      overdue: false,
      evidence: { inventory: { identifier: 'TELCO-A', found: false } },
    });
    expect(d.chart).toHaveLength(12);
    expect(d.chart[0]).toEqual({ period: '2025-12', billed: '0.00' });
    expect(d.chart.slice(-3)).toEqual([
      { period: '2026-09', billed: '12.50' },
      { period: '2026-10', billed: '30.00' },
      { period: '2026-11', billed: '0.00' },
    ]);
  });
});
