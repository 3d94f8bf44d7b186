import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/modules/audit/run.service.ts';
import { listAuditEvents } from '../../src/modules/audit-log/list.ts';
import type { Ctx } from '../../src/shared/context.ts';
import { addInvoice, addService, vendorWithAccount } from '../audit-fixtures.ts';
import { usd } from '../data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

const findings = (ctx: Ctx, rule: string) =>
  ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('rule', '=', rule)
    .orderBy('subject_key')
    .execute();

async function world() {
  const ctx = await tenantCtx(store, `engine-${++n}`);
  const { vendorId, accountId } = await vendorWithAccount(ctx);
  await addService(ctx, { vendor_id: vendorId, identifier: '+15550000001' });
  const invoiceId = await addInvoice(ctx, {
    vendor_id: vendorId,
    billing_account_id: accountId,
    invoice_number: 'INV-1',
    period_start: '2026-10-01',
    charges: [
      { service_id: '+15550000001', amount_nanos: usd(40) },
      { service_id: '+15550000002', amount_nanos: usd(25) },
      { service_id: '+15550000002', amount_nanos: usd(5), kind: 'usage' },
      // an account-level line (an EDI 811 late-payment charge) names the account, not a service
      { service_id: 'A-100', service_type: 'account', amount_nanos: usd(3), kind: 'late_fee' },
    ],
  });
  return { ctx, vendorId, accountId, invoiceId };
}

describe(`audit run engine (${testEngine})`, () => {
  it('opens one finding per subject, never a duplicate on re-run, and records each run', async () => {
    const { ctx, invoiceId } = await world();
    const first = await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    expect(first.opened).toBe(1);
    expect(first.chargesChecked).toBe(4);
    const [f] = await findings(ctx, 'not_in_inventory');
    expect(f?.billed_nanos).toBe(usd(30));
    expect(f?.variance_nanos).toBe(usd(30));
    expect(f?.state).toBe('open');
    expect(f?.due_on).toBe('2026-12-02'); // high severity: 5 days
    expect(f?.queue).toBe('audit');

    const second = await runAudit(ctx, { invoiceId }, { rules: ['not_in_inventory'] });
    expect(second.opened).toBe(0);
    expect(second.stillOpen).toBe(1);
    expect(await findings(ctx, 'not_in_inventory')).toHaveLength(1);

    const runs = await ctx.db
      .selectFrom('audit_runs')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.rules_version.length > 0 && r.duration_ms >= 0)).toBe(true);
    const invoice = await ctx.db
      .selectFrom('invoices')
      .select('status')
      .where('id', '=', invoiceId)
      .executeTakeFirst();
    expect(invoice?.status).toBe('in_review');
    const events = await listAuditEvents(ctx, { entity: 'audit_run' });
    expect(events.items).toHaveLength(2);
  });

  it('closes a finding whose cause disappears, and reopens it when the cause comes back', async () => {
    const { ctx, vendorId, invoiceId } = await world();
    await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    const serviceId = await addService(ctx, { vendor_id: vendorId, identifier: '+15550000002' });
    const closed = await runAudit(ctx, { invoiceId }, { rules: ['not_in_inventory'] });
    expect(closed.autoClosed).toBe(1);
    let [f] = await findings(ctx, 'not_in_inventory');
    expect(f?.state).toBe('auto_closed');
    expect(f?.resolution_reason).toMatch(/no longer present/);
    const invoice = await ctx.db
      .selectFrom('invoices')
      .select('status')
      .where('id', '=', invoiceId)
      .executeTakeFirst();
    expect(invoice?.status).toBe('audited');

    await ctx.db.deleteFrom('services').where('id', '=', serviceId).execute();
    const back = await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    expect(back.reopened).toBe(1);
    [f] = await findings(ctx, 'not_in_inventory');
    expect(f?.state).toBe('open');
  });

  it('keeps a resolved finding resolved unless its facts change', async () => {
    const { ctx } = await world();
    await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    await ctx.db
      .updateTable('findings')
      .set({ state: 'resolved_valid', resolution_reason: 'Valid: new line ordered' })
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    const again = await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    expect(again.reopened + again.opened).toBe(0);
    expect((await findings(ctx, 'not_in_inventory'))[0]?.state).toBe('resolved_valid');

    await ctx.db
      .updateTable('charges')
      .set({ amount_nanos: usd(26) })
      .where('tenant_id', '=', ctx.tenantId)
      .where('line_no', '=', 2)
      .execute();
    const changed = await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    expect(changed.reopened).toBe(1);
    const [f] = await findings(ctx, 'not_in_inventory');
    expect(f?.state).toBe('open');
    expect(f?.billed_nanos).toBe(usd(31));
  });

  it('a scoped run leaves findings outside its scope alone', async () => {
    const { ctx, vendorId, accountId } = await world();
    const other = await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-2',
      period_start: '2026-11-01',
      charges: [{ service_id: '+15550000009', amount_nanos: usd(12) }],
    });
    await runAudit(ctx, {}, { rules: ['not_in_inventory'] });
    expect(await findings(ctx, 'not_in_inventory')).toHaveLength(2);
    await addService(ctx, { vendor_id: vendorId, identifier: '+15550000009' });
    await addService(ctx, { vendor_id: vendorId, identifier: '+15550000002' });
    const scoped = await runAudit(ctx, { invoiceId: other }, { rules: ['not_in_inventory'] });
    expect(scoped.autoClosed).toBe(1);
    const states = (await findings(ctx, 'not_in_inventory')).map((f) => f.state).sort();
    expect(states).toEqual(['auto_closed', 'open']);
  });

  it('honours a vendor-level switch-off and a tenant-level threshold', async () => {
    const { ctx, vendorId } = await world();
    await ctx.db
      .insertInto('audit_rule_settings')
      .values({
        tenant_id: ctx.tenantId,
        rule: 'not_in_inventory',
        vendor_key: '',
        enabled: null,
        severity: null,
        blocking: null,
        params_json: JSON.stringify({ minAmount: '50' }),
        updated_by: 'test',
        updated_at: '2026-11-27T00:00:00Z',
      })
      .execute();
    expect((await runAudit(ctx, {}, { rules: ['not_in_inventory'] })).opened).toBe(0);
    await ctx.db
      .updateTable('audit_rule_settings')
      .set({ params_json: '{}', vendor_key: vendorId, enabled: 0 })
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect((await runAudit(ctx, {}, { rules: ['not_in_inventory'] })).opened).toBe(0);
  });
});
