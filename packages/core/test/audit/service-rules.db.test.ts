import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/modules/audit/run.service.ts';
import type { Ctx } from '../../src/shared/context.ts';
import { addInvoice, addService, type ChargeInput, vendorWithAccount } from '../audit-fixtures.ts';
import { insertLocation, insertPerson, usd } from '../data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

async function world() {
  const ctx = await tenantCtx(store, `svc-rules-${++n}`);
  return { ctx, ...(await vendorWithAccount(ctx)) };
}

const findings = (ctx: Ctx, rule: string) =>
  ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('rule', '=', rule)
    .orderBy('subject_key')
    .execute();

const run = (ctx: Ctx, rule: string) => runAudit(ctx, {}, { rules: [rule] });

/** One invoice of the account for the month (YYYY-MM), period starting on the 1st. */
function bill(
  ctx: Ctx,
  vendorId: string,
  accountId: string,
  month: string,
  charges: ChargeInput[],
  extra: { status?: string; supersedes_id?: string; invoice_number?: string } = {},
) {
  return addInvoice(ctx, {
    vendor_id: vendorId,
    billing_account_id: accountId,
    invoice_number: extra.invoice_number ?? `INV-${month}`,
    invoice_date: `${month}-05`,
    period_start: `${month}-01`,
    period_end: `${month}-28`,
    charges,
    ...extra,
  });
}

async function setting(
  ctx: Ctx,
  rule: string,
  vendorKey: string,
  o: { enabled?: boolean; params?: Record<string, string> },
) {
  await ctx.db
    .insertInto('audit_rule_settings')
    .values({
      tenant_id: ctx.tenantId,
      rule,
      vendor_key: vendorKey,
      enabled: o.enabled === undefined ? null : o.enabled ? 1 : 0,
      severity: null,
      blocking: null,
      params_json: JSON.stringify(o.params ?? {}),
      updated_by: 'test',
      updated_at: '2026-11-27T00:00:00Z',
    })
    .execute();
}

const alias = (ctx: Ctx, vendorId: string, identifier: string, serviceId: string) =>
  ctx.db
    .insertInto('service_aliases')
    .values({
      tenant_id: ctx.tenantId,
      vendor_id: vendorId,
      identifier,
      service_id: serviceId,
      created_at: '2026-11-27T00:00:00Z',
    })
    .execute();

const plan = (service_id: string, units = 40): ChargeInput => ({ service_id, amount_nanos: usd(units) });
const usage = (service_id: string, units: number, description = 'Usage'): ChargeInput => ({
  service_id,
  amount_nanos: usd(units),
  kind: 'usage',
  description,
});

describe(`not_billed (${testEngine})`, () => {
  it('flags an active service missing from the last two invoices, with the invoices as evidence', async () => {
    const { ctx, vendorId, accountId } = await world();
    const svc = (identifier: string, extra = {}) =>
      addService(ctx, { vendor_id: vendorId, identifier, billing_account_id: accountId, ...extra });
    const zombie = await svc('L-ZOMBIE', { expected_monthly_nanos: usd(30) });
    await svc('L-BILLED');
    const aliased = await svc('L-ALIASED');
    await alias(ctx, vendorId, 'OLD-ALIASED', aliased);
    for (const month of ['2026-08', '2026-09', '2026-10'])
      await bill(ctx, vendorId, accountId, month, [plan('L-BILLED'), plan('OLD-ALIASED')]);

    await run(ctx, 'not_billed');
    const found = await findings(ctx, 'not_billed');
    expect(found.map((f) => f.subject_key)).toEqual([zombie]);
    const [f] = found;
    expect(f?.billing_account_id).toBe(accountId);
    expect(f?.invoice_id).toBeNull();
    expect(f?.service_id).toBe(zombie);
    expect(f?.billed_nanos).toBe(0n);
    expect(f?.expected_nanos).toBe(usd(60));
    expect(f?.variance_nanos).toBe(0n);
    expect(f?.severity).toBe('low');
    expect(f?.period).toBe('2026-10');
    const evidence = JSON.parse(f?.evidence_json ?? '{}');
    expect(evidence.invoices).toEqual([
      { invoice: 'INV-2026-10', period: '2026-10' },
      { invoice: 'INV-2026-09', period: '2026-09' },
    ]);
    expect(evidence.inventory.expectedMonthly).toBe('30.00');
  });

  it('leaves alone services activated too recently, billed lately, not active, or on a young account', async () => {
    const { ctx, vendorId, accountId } = await world();
    const svc = (identifier: string, extra = {}) =>
      addService(ctx, { vendor_id: vendorId, identifier, billing_account_id: accountId, ...extra });
    // Latest period 2026-10 with 2 cycles: activated in 2026-08 or before counts, 2026-09 is too new.
    const boundary = await svc('L-AUG', { activated_on: '2026-08-31' });
    await svc('L-SEP', { activated_on: '2026-09-01' });
    await svc('L-LATEST');
    await svc('L-SUSPENDED', { state: 'suspended' });
    await svc('L-INFO');
    await bill(ctx, vendorId, accountId, '2026-09', [plan('L-OTHER')]);
    await bill(ctx, vendorId, accountId, '2026-10', [
      plan('L-LATEST'),
      { service_id: 'L-INFO', amount_nanos: 0n, info_only: 1 },
    ]);
    const young = await vendorWithAccount(ctx, 'YOUNG', 'Y-1');
    await addService(ctx, {
      vendor_id: young.vendorId,
      identifier: 'Y-LINE',
      billing_account_id: young.accountId,
    });
    await bill(ctx, young.vendorId, young.accountId, '2026-10', [plan('Y-OTHER')]);

    await run(ctx, 'not_billed');
    expect((await findings(ctx, 'not_billed')).map((f) => f.subject_key)).toEqual([boundary]);
  });

  it('does not count a credit note as a billing cycle', async () => {
    const { ctx, vendorId, accountId } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: 'L-1', billing_account_id: accountId });
    await bill(ctx, vendorId, accountId, '2026-09', [plan('L-1')]);
    await bill(ctx, vendorId, accountId, '2026-10', [plan('L-2')]);
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'CN-1',
      invoice_date: '2026-11-10',
      period_start: '2026-11-01',
      is_credit: 1,
      charges: [{ service_id: 'L-2', amount_nanos: usd(-5), kind: 'credit_adjustment' }],
    });
    await run(ctx, 'not_billed');
    expect(await findings(ctx, 'not_billed')).toHaveLength(0);
  });

  it('ignores a superseded invoice that billed the service, and closes the finding once it is billed', async () => {
    const { ctx, vendorId, accountId } = await world();
    const line = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'L-1',
      billing_account_id: accountId,
    });
    await bill(ctx, vendorId, accountId, '2026-09', [plan('L-2')]);
    const old = await bill(ctx, vendorId, accountId, '2026-10', [plan('L-1'), plan('L-2')], {
      status: 'superseded',
      invoice_number: 'INV-OLD',
    });
    await bill(ctx, vendorId, accountId, '2026-10', [plan('L-2')], { supersedes_id: old });
    await run(ctx, 'not_billed');
    const [f] = await findings(ctx, 'not_billed');
    expect(f?.subject_key).toBe(line);
    expect(f?.expected_nanos).toBe(0n);
    expect(JSON.parse(f?.evidence_json ?? '{}').invoices.map((i: { invoice: string }) => i.invoice)).toEqual([
      'INV-2026-10',
      'INV-2026-09',
    ]);

    const nov = await bill(ctx, vendorId, accountId, '2026-11', [plan('L-1')]);
    const scoped = await runAudit(ctx, { invoiceId: nov }, { rules: ['not_billed'] });
    expect(scoped.autoClosed).toBe(1);
    expect((await findings(ctx, 'not_billed'))[0]?.state).toBe('auto_closed');
  });

  it('honours a vendor override of cycles and a vendor switch-off', async () => {
    const { ctx, vendorId, accountId } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: 'L-1', billing_account_id: accountId });
    await bill(ctx, vendorId, accountId, '2026-08', [plan('L-1')]);
    await bill(ctx, vendorId, accountId, '2026-09', [plan('L-2')]);
    await bill(ctx, vendorId, accountId, '2026-10', [plan('L-2')]);
    await setting(ctx, 'not_billed', vendorId, { params: { cycles: '3' } });
    expect((await run(ctx, 'not_billed')).opened).toBe(0);
    await ctx.db
      .updateTable('audit_rule_settings')
      .set({ params_json: '{}' })
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect((await run(ctx, 'not_billed')).opened).toBe(1);
    await ctx.db
      .updateTable('audit_rule_settings')
      .set({ enabled: 0 })
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    const off = await run(ctx, 'not_billed');
    expect(off.rules.not_billed?.candidates).toBe(0);
  });
});

describe(`low_usage (${testEngine})`, () => {
  async function idleWorld() {
    const w = await world();
    const { ctx, vendorId, accountId } = w;
    const idle = await addService(ctx, { vendor_id: vendorId, identifier: 'W-IDLE' });
    await addService(ctx, { vendor_id: vendorId, identifier: 'W-USED' });
    await addService(ctx, { vendor_id: vendorId, identifier: 'W-GAP' });
    await addService(ctx, { vendor_id: vendorId, identifier: 'CIRCUIT', service_type: 'data_circuit' });
    const sip = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'SIP-1',
      service_type: 'sip_ucaas',
    });
    await addService(ctx, { vendor_id: vendorId, identifier: 'W-OLDCOPY' });
    await bill(ctx, vendorId, accountId, '2026-06', [usage('W-IDLE', 25), usage('SIP-1', 9)]);
    await bill(ctx, vendorId, accountId, '2026-08', [
      plan('W-IDLE'),
      plan('W-USED'),
      plan('W-GAP'),
      plan('CIRCUIT'),
      plan('SIP-1', 20),
      plan('W-OLDCOPY'),
    ]);
    await bill(ctx, vendorId, accountId, '2026-09', [
      plan('W-IDLE'),
      usage('W-IDLE', 0),
      plan('W-USED'),
      usage('W-USED', 3),
      plan('CIRCUIT'),
      plan('SIP-1', 20),
      plan('W-OLDCOPY'),
    ]);
    const old = await bill(
      ctx,
      vendorId,
      accountId,
      '2026-10',
      [plan('W-IDLE'), plan('W-USED'), plan('W-GAP'), plan('SIP-1', 20), usage('W-OLDCOPY', 7)],
      { status: 'superseded', invoice_number: 'INV-OLD' },
    );
    await bill(
      ctx,
      vendorId,
      accountId,
      '2026-10',
      [
        plan('W-IDLE', 45),
        plan('W-USED'),
        plan('W-GAP'),
        plan('CIRCUIT'),
        plan('SIP-1', 20),
        plan('W-OLDCOPY'),
      ],
      { supersedes_id: old },
    );
    return { ...w, idle, sip };
  }

  it('flags wireless and SIP lines billed three months running without usage', async () => {
    const { ctx, accountId, idle, sip } = await idleWorld();
    await run(ctx, 'low_usage');
    const found = await findings(ctx, 'low_usage');
    const byService = new Map(found.map((f) => [f.service_identifier, f]));
    // W-USED has usage, W-GAP missed a month, CIRCUIT is not a usage type; the superseded copy's
    // usage of W-OLDCOPY does not count.
    expect([...byService.keys()].sort()).toEqual(['SIP-1', 'W-IDLE', 'W-OLDCOPY']);
    const f = byService.get('W-IDLE');
    expect(f?.subject_key).toBe(idle);
    expect(f?.billing_account_id).toBe(accountId);
    expect(f?.billed_nanos).toBe(usd(45));
    expect(f?.expected_nanos).toBe(0n);
    expect(f?.variance_nanos).toBe(usd(45));
    expect(f?.period).toBe('2026-10');
    const evidence = JSON.parse(f?.evidence_json ?? '{}');
    expect(evidence.invoices).toEqual([
      { invoice: 'INV-2026-10', period: '2026-10' },
      { invoice: 'INV-2026-09', period: '2026-09' },
      { invoice: 'INV-2026-08', period: '2026-08' },
    ]);
    expect(evidence).toMatchObject({
      recurringLatest: '45.00',
      recurringTotal: '125.00',
      usageTotal: '0.00',
    });
    expect(byService.get('SIP-1')?.subject_key).toBe(sip);
    expect(byService.get('SIP-1')?.variance_nanos).toBe(usd(20));
  });

  it('looks back further when the tenant raises cycles', async () => {
    const { ctx } = await idleWorld();
    await setting(ctx, 'low_usage', '', { params: { cycles: '4' } });
    // The fourth invoice back (2026-06) bills usage and no plan: nothing qualifies.
    await run(ctx, 'low_usage');
    expect(await findings(ctx, 'low_usage')).toHaveLength(0);
  });
});

describe(`usage_spike (${testEngine})`, () => {
  async function usageWorld(months: [string, ChargeInput[]][]) {
    const w = await world();
    await addService(w.ctx, { vendor_id: w.vendorId, identifier: 'M-1' });
    const ids: string[] = [];
    for (const [month, charges] of months)
      ids.push(await bill(w.ctx, w.vendorId, w.accountId, month, charges));
    return { ...w, ids };
  }
  const line = (units: number) => [plan('M-1'), usage('M-1', units)];

  it('flags usage above 3× its trailing average and by more than 50.00', async () => {
    const { ctx, accountId, ids } = await usageWorld([
      ['2026-06', line(500)],
      ['2026-07', line(10)],
      ['2026-08', line(12)],
      ['2026-09', line(14)],
      ['2026-10', line(100)],
    ]);
    await run(ctx, 'usage_spike');
    const found = await findings(ctx, 'usage_spike');
    expect(found.map((f) => f.subject_key)).toEqual([`${ids[4]}:M-1`]);
    const [f] = found;
    expect(f?.invoice_id).toBe(ids[4]);
    expect(f?.billing_account_id).toBe(accountId);
    expect(f?.billed_nanos).toBe(usd(100));
    expect(f?.expected_nanos).toBe(usd(12));
    expect(f?.variance_nanos).toBe(usd(88));
    expect(f?.line_no).toBe(2);
    const evidence = JSON.parse(f?.evidence_json ?? '{}');
    expect(evidence.previous).toEqual([
      { invoice: 'INV-2026-09', period: '2026-09', usage: '14.00' },
      { invoice: 'INV-2026-08', period: '2026-08', usage: '12.00' },
      { invoice: 'INV-2026-07', period: '2026-07', usage: '10.00' },
    ]);
    expect(evidence.trailingAverage).toBe('12.00');

    // An import of the spiking invoice re-audits it with its history; one of an earlier one leaves it be.
    const again = await runAudit(ctx, { invoiceId: ids[4] }, { rules: ['usage_spike'] });
    expect([again.opened, again.stillOpen, again.autoClosed]).toEqual([0, 1, 0]);
    const earlier = await runAudit(ctx, { invoiceId: ids[3] }, { rules: ['usage_spike'] });
    expect([earlier.stillOpen, earlier.autoClosed]).toEqual([0, 0]);
  });

  it('does not flag a rise under the multiple or under the amount, nor a first bill', async () => {
    const { ctx } = await usageWorld([
      ['2026-07', [...line(100), usage('M-2', 10), usage('M-3', 80)]],
      ['2026-08', [...line(100), usage('M-2', 10)]],
      ['2026-09', [...line(100), usage('M-2', 10)]],
      // M-1: 2.5× but +150; M-2: 5.5× but only +45; M-3: the only previous bill was 80
      ['2026-10', [...line(250), usage('M-2', 55), usage('M-3', 200)]],
    ]);
    const { ctx: ctx2 } = await usageWorld([['2026-10', line(400)]]);
    await run(ctx, 'usage_spike');
    await run(ctx2, 'usage_spike');
    expect(await findings(ctx, 'usage_spike')).toHaveLength(0);
    expect(await findings(ctx2, 'usage_spike')).toHaveLength(0);
  });

  it('ignores superseded invoices in the baseline and follows aliases', async () => {
    const w = await world();
    const { ctx, vendorId, accountId } = w;
    const svc = await addService(ctx, { vendor_id: vendorId, identifier: 'M-1' });
    await alias(ctx, vendorId, 'M-1-OLD', svc);
    await bill(ctx, vendorId, accountId, '2026-07', [plan('M-1-OLD'), usage('M-1-OLD', 10)]);
    const old = await bill(ctx, vendorId, accountId, '2026-08', [usage('M-1', 900)], {
      status: 'superseded',
      invoice_number: 'INV-OLD',
    });
    await bill(ctx, vendorId, accountId, '2026-08', [plan('M-1'), usage('M-1', 10)], { supersedes_id: old });
    await bill(ctx, vendorId, accountId, '2026-09', [plan('M-1'), usage('M-1', 10)]);
    // Usage split between the alias and the identifier on one invoice is one service's usage.
    const oct = await bill(ctx, vendorId, accountId, '2026-10', [
      plan('M-1'),
      usage('M-1-OLD', 40),
      usage('M-1', 30),
    ]);
    await run(ctx, 'usage_spike');
    const [f] = await findings(ctx, 'usage_spike');
    expect(f?.subject_key).toBe(`${oct}:M-1`);
    expect(f?.service_id).toBe(svc);
    expect(f?.expected_nanos).toBe(usd(10));
    expect(f?.variance_nanos).toBe(usd(60));
  });

  it('flags roaming and premium usage unless switched off for the vendor', async () => {
    const { ctx, vendorId, ids } = await usageWorld([
      ['2026-10', [plan('M-1'), usage('M-1', 20, 'International Roaming - Data')]],
    ]);
    await run(ctx, 'usage_spike');
    const [f] = await findings(ctx, 'usage_spike');
    expect(f?.subject_key).toBe(`${ids[0]}:M-1`);
    expect(f?.billed_nanos).toBe(usd(20));
    expect(f?.expected_nanos).toBe(0n);
    expect(f?.variance_nanos).toBe(usd(20));
    expect(JSON.parse(f?.evidence_json ?? '{}').roaming).toEqual({
      lines: 1,
      amount: '20.00',
      example: 'International Roaming - Data',
    });
    await setting(ctx, 'usage_spike', vendorId, { params: { flagRoaming: '0' } });
    const again = await run(ctx, 'usage_spike');
    expect(again.autoClosed).toBe(1);
  });

  it('honours a raised multiple', async () => {
    const { ctx } = await usageWorld([
      ['2026-08', line(10)],
      ['2026-09', line(10)],
      ['2026-10', line(100)],
    ]);
    await setting(ctx, 'usage_spike', '', { params: { multiple: '10' } });
    expect((await run(ctx, 'usage_spike')).opened).toBe(0);
    await setting(
      ctx,
      'usage_spike',
      (
        await ctx.db
          .selectFrom('vendors')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .executeTakeFirstOrThrow()
      ).id,
      {
        params: { multiple: '8.5' },
      },
    );
    expect((await run(ctx, 'usage_spike')).opened).toBe(1);
  });
});

describe(`owner_left and site_closed (${testEngine})`, () => {
  it("flags a leaver's service billed on the latest invoice, with the owner as evidence", async () => {
    const { ctx, vendorId, accountId } = await world();
    const gone = await insertPerson(ctx, 'Pat Leaver', '2026-09-15');
    const later = await insertPerson(ctx, 'Sam Staying', '2026-10-02');
    const line = await addService(ctx, { vendor_id: vendorId, identifier: 'P-1', owner_id: gone });
    await addService(ctx, { vendor_id: vendorId, identifier: 'P-2', owner_id: later });
    await addService(ctx, { vendor_id: vendorId, identifier: 'P-3', owner_id: gone });
    await bill(ctx, vendorId, accountId, '2026-09', [plan('P-1'), plan('P-3')]);
    const oct = await bill(ctx, vendorId, accountId, '2026-10', [
      plan('P-1'),
      usage('P-1', 5),
      { service_id: 'P-1', amount_nanos: usd(3), info_only: 1 },
      plan('P-2'),
    ]);
    await run(ctx, 'owner_left');
    const found = await findings(ctx, 'owner_left');
    expect(found.map((f) => f.subject_key)).toEqual([line]);
    const [f] = found;
    expect(f?.billing_account_id).toBe(accountId);
    expect(f?.invoice_id).toBe(oct);
    expect(f?.billed_nanos).toBe(usd(45));
    expect(f?.expected_nanos).toBe(0n);
    expect(f?.variance_nanos).toBe(usd(45));
    expect(f?.severity).toBe('medium');
    const evidence = JSON.parse(f?.evidence_json ?? '{}');
    expect(evidence.owner).toMatchObject({ name: 'Pat Leaver', leaverDate: '2026-09-15' });
    expect(evidence.invoice).toMatchObject({
      number: 'INV-2026-10',
      periodStart: '2026-10-01',
      charges: '45.00',
    });
  });

  it('reads the replacement of a superseded latest invoice, and honours a vendor switch-off', async () => {
    const { ctx, vendorId, accountId } = await world();
    const gone = await insertPerson(ctx, 'Pat Leaver', '2026-01-31');
    await addService(ctx, { vendor_id: vendorId, identifier: 'P-1', owner_id: gone });
    const line = await addService(ctx, { vendor_id: vendorId, identifier: 'P-9', owner_id: gone });
    await alias(ctx, vendorId, 'P-9-ALIAS', line);
    const old = await bill(ctx, vendorId, accountId, '2026-10', [plan('P-1')], {
      status: 'superseded',
      invoice_number: 'INV-OLD',
    });
    await bill(ctx, vendorId, accountId, '2026-10', [plan('P-9-ALIAS', 12)], { supersedes_id: old });
    await run(ctx, 'owner_left');
    const found = await findings(ctx, 'owner_left');
    expect(found.map((f) => [f.subject_key, f.billed_nanos])).toEqual([[line, usd(12)]]);
    await setting(ctx, 'owner_left', vendorId, { enabled: false });
    expect((await run(ctx, 'owner_left')).rules.owner_left?.candidates).toBe(0);
  });

  it('flags a service at a site closed on or before the period start, not one closed later', async () => {
    const { ctx, vendorId, accountId } = await world();
    const closed = await insertLocation(ctx, 'NYC-1', '2026-10-01');
    const closing = await insertLocation(ctx, 'BOS-1', '2026-10-15');
    const open = await insertLocation(ctx, 'SFO-1');
    const line = await addService(ctx, { vendor_id: vendorId, identifier: 'S-1', location_id: closed });
    await addService(ctx, { vendor_id: vendorId, identifier: 'S-2', location_id: closing });
    await addService(ctx, { vendor_id: vendorId, identifier: 'S-3', location_id: open });
    await bill(ctx, vendorId, accountId, '2026-10', [plan('S-1', 70), plan('S-2'), plan('S-3')]);
    await run(ctx, 'site_closed');
    const found = await findings(ctx, 'site_closed');
    expect(found.map((f) => f.subject_key)).toEqual([line]);
    const [f] = found;
    expect(f?.billed_nanos).toBe(usd(70));
    expect(f?.variance_nanos).toBe(usd(70));
    expect(f?.billing_account_id).toBe(accountId);
    expect(JSON.parse(f?.evidence_json ?? '{}').location).toMatchObject({
      code: 'NYC-1',
      closedOn: '2026-10-01',
    });

    await setting(ctx, 'site_closed', '', { params: { minAmount: '100' } });
    expect((await run(ctx, 'site_closed')).autoClosed).toBe(1);
  });
});
