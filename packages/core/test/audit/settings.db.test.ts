import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getAuditRun,
  listAuditRuns,
  resolveAuditTargets,
  startAuditRun,
} from '../../src/modules/audit/runs.service.ts';
import {
  deleteVendorRuleOverride,
  getAuditRule,
  listAuditRules,
  type RuleSettingsInput,
  updateAuditRule,
} from '../../src/modules/audit/settings.service.ts';
import { listAuditEvents } from '../../src/modules/audit-log/list.ts';
import { AppError } from '../../src/shared/errors.ts';
import { addInvoice, vendorWithAccount } from '../audit-fixtures.ts';
import { usd } from '../data-quality-fixtures.ts';
import { as, findingRows, member, RULES } from '../exceptions-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

async function code(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).code;
}

async function twoVendors() {
  const ctx = await tenantCtx(store, `set-${++n}`);
  const a = await vendorWithAccount(ctx, 'ALPHA', 'A-1');
  const b = await vendorWithAccount(ctx, 'BETA', 'B-1');
  for (const [v, num] of [
    [a, 'ALPHA-1'],
    [b, 'BETA-1'],
  ] as const)
    await addInvoice(ctx, {
      vendor_id: v.vendorId,
      billing_account_id: v.accountId,
      invoice_number: num,
      period_start: '2026-10-01',
      charges: [{ service_id: `${num}-X`, amount_nanos: usd(20) }],
    });
  return { ctx, a, b };
}

describe(`audit rule settings and runs (${testEngine})`, () => {
  it('lists every rule with its defaults and effective settings', async () => {
    const { ctx } = await twoVendors();
    const rules = await listAuditRules(ctx);
    const rule = rules.find((r) => r.code === 'not_in_inventory')!;
    expect(rule).toMatchObject({
      name: 'Charge not in inventory',
      domainRule: 3,
      subject: 'invoice',
      params: [{ name: 'minAmount', label: expect.any(String), unit: 'money' }],
      defaults: { enabled: true, severity: 'high', blocking: false, params: { minAmount: '0.01' } },
      tenant: null,
      vendors: [],
      effective: { enabled: true, severity: 'high', blocking: false, params: { minAmount: '0.01' } },
    });
  });

  it('applies a vendor override over the tenant’s, over the defaults, and removes it on request', async () => {
    const { ctx, a, b } = await twoVendors();
    await updateAuditRule(ctx, 'not_in_inventory', { severity: 'medium', params: { minAmount: '5' } });
    const info = await updateAuditRule(ctx, 'not_in_inventory', {
      vendorId: a.vendorId,
      severity: 'critical',
      blocking: true,
    });
    expect(info.tenant).toEqual({
      enabled: null,
      severity: 'medium',
      blocking: null,
      params: { minAmount: '5' },
    });
    expect(info.vendors).toEqual([
      {
        vendorId: a.vendorId,
        vendor: 'ALPHA Inc',
        enabled: null,
        severity: 'critical',
        blocking: true,
        params: {},
      },
    ]);
    expect(info.effective).toEqual({
      enabled: true,
      severity: 'medium',
      blocking: false,
      params: { minAmount: '5' },
    });

    await startAuditRun(ctx, { rules: RULES });
    const byVendor = Object.fromEntries((await findingRows(ctx)).map((f) => [f.vendor_id, f]));
    expect(byVendor[a.vendorId]).toMatchObject({ severity: 'critical', blocking: 1 });
    expect(byVendor[b.vendorId]).toMatchObject({ severity: 'medium', blocking: 0 });

    // A tenant threshold above the billed amount silences beta, while alpha's own threshold keeps it.
    await updateAuditRule(ctx, 'not_in_inventory', { params: { minAmount: '25' } });
    await updateAuditRule(ctx, 'not_in_inventory', { vendorId: a.vendorId, params: { minAmount: '1' } });
    const run = await startAuditRun(ctx, { rules: ['not_in_inventory'] });
    expect(run).toMatchObject({ stillOpen: 1, autoClosed: 1 });

    const after = await deleteVendorRuleOverride(ctx, 'not_in_inventory', a.vendorId);
    expect(after.vendors).toEqual([]);
    expect(await code(deleteVendorRuleOverride(ctx, 'not_in_inventory', a.vendorId))).toBe('not_found');
    // null inherits again; an override left empty disappears.
    const cleared = await updateAuditRule(ctx, 'not_in_inventory', {
      severity: null,
      params: { minAmount: null },
    });
    expect(cleared.tenant).toBeNull();
    // Saving what is stored already leaves no event.
    await updateAuditRule(ctx, 'not_in_inventory', { severity: null });
    const events = await listAuditEvents(ctx, { entity: 'audit_rule_setting', pageSize: 50 });
    expect(events.items.map((e) => e.action)).toEqual([
      'update',
      'delete',
      'update',
      'update',
      'update',
      'update',
    ]);
  });

  it('refuses parameters the rule does not declare, values that are not decimals, and bad levels', async () => {
    const { ctx } = await twoVendors();
    const bad: RuleSettingsInput[] = [
      { params: { maxAmount: '5' } },
      { params: { minAmount: 'five' } },
      { params: { minAmount: '1e400' } },
      { params: { minAmount: '0.0000000001' } },
      { params: { minAmount: '-1' } },
      { severity: 'urgent' as never },
      { enabled: 'yes' as never },
      { vendorId: 'no-such-vendor', enabled: false },
    ];
    for (const input of bad)
      expect(await code(updateAuditRule(ctx, 'not_in_inventory', input)), JSON.stringify(input)).toBe(
        'validation_failed',
      );
    expect(await code(updateAuditRule(ctx, 'no_such_rule', { enabled: false }))).toBe('not_found');
    expect(await code(getAuditRule(ctx, 'no_such_rule'))).toBe('not_found');
    const analyst = await member(ctx, `analyst${n}@set.test`, 'analyst');
    expect(
      await code(updateAuditRule(as(ctx, analyst, 'analyst'), 'not_in_inventory', { enabled: false })),
    ).toBe('forbidden');
    expect((await getAuditRule(ctx, 'not_in_inventory')).tenant).toBeNull();
  });

  it('records runs, lists them newest first, and resolves what a person names', async () => {
    const { ctx, a } = await twoVendors();
    const targets = await resolveAuditTargets(ctx, { invoice: 'ALPHA-1', account: 'A-1', vendor: 'ALPHA' });
    expect(targets).toEqual({
      invoiceId: expect.any(String),
      accountId: a.accountId,
      vendorId: a.vendorId,
    });
    expect(await code(resolveAuditTargets(ctx, { vendor: 'GAMMA' }))).toBe('not_found');
    const first = await startAuditRun(ctx, { invoiceId: targets.invoiceId, rules: ['not_in_inventory'] });
    expect(first).toMatchObject({
      trigger: 'manual',
      scope: { invoiceId: targets.invoiceId },
      status: 'completed',
      invoicesChecked: 1,
      chargesChecked: 1,
      opened: 1,
      actor: 'system:test',
      rules: { not_in_inventory: { candidates: 1, opened: 1, stillOpen: 0 } },
    });
    ctx.clock = { now: () => new Date('2026-11-28T10:00:00Z') };
    const second = await startAuditRun(ctx, { period: '2026-10', rules: RULES });
    expect(second).toMatchObject({ opened: 1, stillOpen: 1, scope: { period: '2026-10' } });
    const list = await listAuditRuns(ctx, { pageSize: 1 });
    expect(list).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(list.items.map((r) => r.id)).toEqual([second.id]);
    expect(await getAuditRun(ctx, first.id)).toEqual(first);
    expect(await code(getAuditRun(await tenantCtx(store, `set-other-${n}`), first.id))).toBe('not_found');
    expect(await code(startAuditRun(ctx, { period: '2026-13' }))).toBe('validation_failed');
    expect(await code(startAuditRun(ctx, { rules: ['nope'] }))).toBe('validation_failed');
  });
});
