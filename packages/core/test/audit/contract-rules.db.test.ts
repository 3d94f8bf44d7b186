import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricingPass, sharedPricingPass } from '../../src/modules/audit/rules/pricing.ts';
import { runAudit } from '../../src/modules/audit/run.service.ts';
import {
  addContract,
  addInvoice,
  addRateItem,
  addService,
  auditRule,
  openFindings,
  putRuleSetting,
  vendorWithAccount,
} from '../audit-fixtures.ts';
import { insertAccount, usd } from '../data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

/** A vendor, its account and a contract linked to it with a 1FB line at 42.50. */
async function world() {
  const ctx = await tenantCtx(store, `contract-rules-${++n}`);
  const { vendorId, accountId } = await vendorWithAccount(ctx);
  const contractId = await addContract(ctx, {
    vendor_id: vendorId,
    contract_number: 'MSA-1',
    accountIds: [accountId],
  });
  const itemId = await addRateItem(ctx, {
    contract_id: contractId,
    name: 'Business line',
    code: '1FB',
    mrc_nanos: usd(42.5),
  });
  const bill = (charges: Parameters<typeof addInvoice>[1]['charges'], number = `INV-${++n}`, more = {}) =>
    addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: number,
      period_start: '2026-11-01',
      charges,
      ...more,
    });
  return { ctx, vendorId, accountId, contractId, itemId, bill };
}

describe(`rate_variance (${testEngine})`, () => {
  it('reports a recurring charge off its contract price, and not one within the tolerance', async () => {
    const { ctx, vendorId, bill, contractId, itemId } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: '+15550000001' });
    const invoiceId = await bill([
      { service_id: '+15550000001', product_code: '1fb ', amount_nanos: usd(45), quantity: '1' },
      { service_id: '+15550000002', product_code: '1FB', amount_nanos: usd(42.51) },
      { service_id: '+15550000003', product_code: '1FB', amount_nanos: usd(42.49) },
      { service_id: '+15550000004', product_code: '1FB', amount_nanos: usd(42.48) },
    ]);
    const found = await auditRule(ctx, 'rate_variance');
    expect(found.map((f) => f.subject_key)).toEqual([`${invoiceId}:1`, `${invoiceId}:4`]);
    const [over, under] = found;
    expect(over?.billed_nanos).toBe(usd(45));
    expect(over?.expected_nanos).toBe(usd(42.5));
    expect(over?.variance_nanos).toBe(usd(2.5));
    expect(over?.contract_id).toBe(contractId);
    expect(over?.service_id).not.toBeNull();
    expect(over?.severity).toBe('high');
    expect(over?.blocking).toBe(1);
    expect(over?.evidence).toMatchObject({
      contract: { id: contractId, number: 'MSA-1' },
      rateItem: { id: itemId, name: 'Business line', code: '1FB', mrc: '42.50', discountPercent: null },
      matchedBy: 'code',
      quantity: '1',
      proration: null,
      billed: '45.00',
      expected: '42.50',
    });
    expect(under?.variance_nanos).toBe(-usd(0.02));
  });

  it('applies the discount, and prices a unit-rate item by quantity', async () => {
    const { ctx, bill, contractId } = await world();
    await addRateItem(ctx, {
      contract_id: contractId,
      name: 'Hotspot',
      code: 'MIFI',
      mrc_nanos: usd(40),
      discount_ppm: 125_000,
    });
    await addRateItem(ctx, {
      contract_id: contractId,
      name: 'Licence',
      code: 'LIC',
      unit_rate_nanos: usd(8),
    });
    const invoiceId = await bill([
      { product_code: 'MIFI', amount_nanos: usd(35) },
      { product_code: 'MIFI', amount_nanos: usd(40) },
      { product_code: 'LIC', quantity: '3', amount_nanos: usd(24) },
      { product_code: 'LIC', quantity: '2.5', amount_nanos: usd(24) },
    ]);
    const found = await auditRule(ctx, 'rate_variance');
    expect(found.map((f) => f.subject_key)).toEqual([`${invoiceId}:2`, `${invoiceId}:4`]);
    expect(found[0]?.expected_nanos).toBe(usd(35));
    expect(found[0]?.evidence).toMatchObject({ rateItem: { discountPercent: '12.50' }, price: '35.00' });
    expect(found[1]?.expected_nanos).toBe(usd(20));
    expect(found[1]?.variance_nanos).toBe(usd(4));
    expect(found[1]?.evidence).toMatchObject({ quantity: '2.5', rateItem: { unitRate: '8.00' } });
  });

  it('matches by description pattern: the right price passes, a wrong one is reported', async () => {
    const { ctx, bill, contractId } = await world();
    await addRateItem(ctx, {
      contract_id: contractId,
      name: 'Unlimited',
      description_pattern: '*UNLIMITED*',
      mrc_nanos: usd(30),
    });
    const invoiceId = await bill([
      { description: 'Business Unlimited plan', amount_nanos: usd(30) },
      { description: 'Business unlimited plan', amount_nanos: usd(33) },
      { description: 'Limited plan', amount_nanos: usd(33) },
    ]);
    const found = await auditRule(ctx, 'rate_variance');
    expect(found.map((f) => f.subject_key)).toEqual([`${invoiceId}:2`]);
    expect(found[0]?.evidence).toMatchObject({ matchedBy: 'pattern', rateItem: { name: 'Unlimited' } });
  });

  it('prorates a part-month charge by days, half-even to the nano', async () => {
    const { ctx, bill, contractId } = await world();
    await addRateItem(ctx, { contract_id: contractId, name: 'Ten', code: 'TEN', mrc_nanos: usd(10) });
    const invoiceId = await bill([
      // 15 of November's 30 days of 42.50
      { product_code: '1FB', period_start: '2026-11-16', period_end: '2026-11-30', amount_nanos: usd(21.25) },
      { product_code: '1FB', period_start: '2026-11-16', period_end: '2026-11-30', amount_nanos: usd(42.5) },
      // a whole cycle from mid-month is not prorated
      { product_code: '1FB', period_start: '2026-10-15', period_end: '2026-11-14', amount_nanos: usd(42.5) },
      // 1 of 30 days of 10.00 = 0.333333333(3): rounds to 333333333 nanos
      {
        product_code: 'TEN',
        period_start: '2026-11-30',
        period_end: '2026-11-30',
        amount_nanos: 333_333_333n,
      },
      { product_code: 'TEN', period_start: '2026-11-30', period_end: '2026-11-30', amount_nanos: usd(10) },
    ]);
    const found = await auditRule(ctx, 'rate_variance');
    expect(found.map((f) => f.subject_key)).toEqual([`${invoiceId}:2`, `${invoiceId}:5`]);
    expect(found[0]?.expected_nanos).toBe(usd(21.25));
    expect(found[0]?.variance_nanos).toBe(usd(21.25));
    expect(found[0]?.evidence).toMatchObject({
      price: '42.50',
      proration: { from: '2026-11-16', to: '2026-11-30', days: 15, monthDays: 30 },
    });
    expect(found[1]?.expected_nanos).toBe(333_333_333n);
  });

  it("falls back to the vendor's unlinked contracts, then to the service's own rate item", async () => {
    const { ctx, vendorId, bill } = await world();
    const other = await insertAccount(ctx, vendorId, 'A-200');
    const wide = await addContract(ctx, { vendor_id: vendorId, contract_number: 'MSA-ALL' });
    await addRateItem(ctx, { contract_id: wide, name: 'Line, list price', code: '1FB', mrc_nanos: usd(50) });
    await addRateItem(ctx, { contract_id: wide, name: 'Alarm line', code: '1MB', mrc_nanos: usd(38) });
    const own = await addRateItem(ctx, {
      contract_id: wide,
      name: 'Special',
      code: 'SPC',
      mrc_nanos: usd(99),
    });
    await addService(ctx, { vendor_id: vendorId, identifier: 'CKT-1', rate_item_id: own });
    const linked = await bill([
      { product_code: '1FB', amount_nanos: usd(42.5) }, // the linked contract wins over the unlinked one
      { product_code: '1MB', amount_nanos: usd(40) }, // no linked item: the vendor-wide one prices it
      { service_id: 'CKT-1', product_code: 'ODD', amount_nanos: usd(100) }, // the service's own item
    ]);
    const unlinked = await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: other,
      invoice_number: 'INV-OTHER',
      period_start: '2026-11-01',
      charges: [
        { product_code: '1FB', amount_nanos: usd(42.5) },
        { product_code: '1FB', amount_nanos: usd(50) },
      ],
    });
    const found = await auditRule(ctx, 'rate_variance');
    const byKey = new Map(found.map((f) => [f.subject_key, f]));
    expect([...byKey.keys()].sort()).toEqual([`${linked}:2`, `${linked}:3`, `${unlinked}:1`].sort());
    expect(byKey.get(`${linked}:2`)?.expected_nanos).toBe(usd(38));
    expect(byKey.get(`${linked}:2`)?.evidence).toMatchObject({ contract: { number: 'MSA-ALL' } });
    expect(byKey.get(`${linked}:3`)?.evidence).toMatchObject({ matchedBy: 'service', rateItem: { id: own } });
    expect(byKey.get(`${unlinked}:1`)?.expected_nanos).toBe(usd(50));
    expect(byKey.get(`${unlinked}:1`)?.variance_nanos).toBe(-usd(7.5));
  });

  it('reads charges a chunk of invoices at a time, a large invoice in pages, with the same result', async () => {
    const { ctx, vendorId, bill } = await world();
    const own = await addRateItem(ctx, {
      contract_id: await addContract(ctx, { vendor_id: vendorId }),
      code: 'OWN',
      mrc_nanos: usd(7),
    });
    const serviceId = await addService(ctx, { vendor_id: vendorId, identifier: 'NEW-ID', rate_item_id: own });
    await ctx.db
      .insertInto('service_aliases')
      .values({
        tenant_id: ctx.tenantId,
        vendor_id: vendorId,
        identifier: 'OLD-ID',
        service_id: serviceId,
        created_at: '2026-11-01T00:00:00Z',
      })
      .execute();
    const large = await bill(
      Array.from({ length: 7 }, (_, k) => ({
        product_code: k % 2 ? '1FB' : 'NOPE',
        amount_nanos: usd(40 + k),
      })),
    );
    await bill([{ product_code: '1FB', amount_nanos: usd(41) }]);
    await bill([{ service_id: 'OLD-ID', product_code: 'ODD', amount_nanos: usd(8) }]);
    const scope = { invoiceIds: null, accountIds: null, vendorIds: null };
    const keys = (r: Awaited<ReturnType<typeof pricingPass>>) => ({
      charges: r.charges,
      variances: r.variances
        .map((v) => [v.invoice.id, v.charge.line_no, v.expected, v.matchedBy, v.detail.serviceId])
        .sort(),
      unmatched: r.unmatched.map((u) => [u.invoice.id, u.charge.line_no]).sort(),
    });
    const whole = keys(await pricingPass(ctx.db, ctx.engine, ctx.tenantId, scope));
    expect(keys(await pricingPass(ctx.db, ctx.engine, ctx.tenantId, scope, { page: 2 }))).toEqual(whole);
    expect(whole.charges).toBe(9);
    expect(whole.unmatched).toHaveLength(4);
    expect(whole.unmatched.every(([id]) => id === large)).toBe(true);
    // the alias leads to the service's own item: 8.00 billed against 7.00
    expect(whole.variances.filter((v) => v[3] === 'service')).toEqual([
      [expect.any(String), 1, usd(7), 'service', serviceId],
    ]);
  });

  it('ignores superseded invoices, draft contracts, info-only and non-recurring lines', async () => {
    const { ctx, vendorId, bill } = await world();
    const draft = await addContract(ctx, { vendor_id: vendorId, contract_number: 'DRAFT', status: 'draft' });
    await addRateItem(ctx, { contract_id: draft, name: 'Draft price', code: 'DRF', mrc_nanos: usd(1) });
    await bill([{ product_code: '1FB', amount_nanos: usd(60) }], 'INV-OLD', { status: 'superseded' });
    await bill([
      { product_code: '1FB', amount_nanos: usd(60), info_only: 1 },
      { product_code: '1FB', amount_nanos: usd(60), kind: 'usage' },
      { product_code: 'DRF', amount_nanos: usd(60) },
    ]);
    expect(await auditRule(ctx, 'rate_variance')).toEqual([]);
  });

  it('honours a tenant tolerance and a vendor switch-off', async () => {
    const { ctx, vendorId, bill } = await world();
    await bill([{ product_code: '1FB', amount_nanos: usd(45) }]);
    await putRuleSetting(ctx, 'rate_variance', { params: { tolerance: '2.50' } });
    expect(await auditRule(ctx, 'rate_variance')).toEqual([]);
    await ctx.db.deleteFrom('audit_rule_settings').where('tenant_id', '=', ctx.tenantId).execute();
    expect(await auditRule(ctx, 'rate_variance')).toHaveLength(1);
    await putRuleSetting(ctx, 'rate_variance', { vendorId, enabled: false });
    expect(await auditRule(ctx, 'rate_variance')).toEqual([]);
  });
});

describe(`not_in_contract (${testEngine})`, () => {
  it('reports recurring and one-time charges no rate item matches', async () => {
    const { ctx, vendorId, bill } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: '+15550000001' });
    const invoiceId = await bill([
      {
        service_id: '+15550000001',
        product_code: 'XTRA',
        description: 'Premium feature',
        amount_nanos: usd(9.99),
      },
      { kind: 'one_time', description: 'Expedite fee', amount_nanos: usd(150) },
      { product_code: '1FB', amount_nanos: usd(42.5) },
      { kind: 'usage', description: 'Calls', amount_nanos: usd(3) },
      { product_code: 'ZERO', amount_nanos: 0n },
    ]);
    const found = await auditRule(ctx, 'not_in_contract');
    expect(found.map((f) => f.subject_key)).toEqual([`${invoiceId}:1`, `${invoiceId}:2`]);
    expect(found[0]?.billed_nanos).toBe(usd(9.99));
    expect(found[0]?.expected_nanos).toBe(0n);
    expect(found[0]?.variance_nanos).toBe(usd(9.99));
    expect(found[0]?.service_id).not.toBeNull();
    expect(found[0]?.severity).toBe('medium');
    expect(found[0]?.evidence).toMatchObject({
      charge: { kind: 'recurring', productCode: 'XTRA' },
      contractsChecked: ['MSA-1'],
      rateItemsChecked: 1,
    });
    expect(found[1]?.evidence).toMatchObject({ charge: { kind: 'one_time', description: 'Expedite fee' } });
  });

  it('leaves alone pattern matches, charges whose service has a rate item, and accounts with no contract', async () => {
    const { ctx, vendorId, contractId, bill } = await world();
    await addRateItem(ctx, {
      contract_id: contractId,
      name: 'Install',
      description_pattern: 'install*',
      charge_kind: 'one_time',
    });
    const own = await addRateItem(ctx, {
      contract_id: contractId,
      name: 'Odd',
      code: 'ODD',
      mrc_nanos: usd(5),
    });
    await addService(ctx, { vendor_id: vendorId, identifier: 'CKT-9', rate_item_id: own });
    await bill([
      { kind: 'one_time', description: 'Installation, circuit', amount_nanos: usd(500) },
      { service_id: 'CKT-9', product_code: 'UNKNOWN', amount_nanos: usd(5) },
    ]);
    const bare = await vendorWithAccount(ctx, 'BARE', 'B-1');
    await addInvoice(ctx, {
      vendor_id: bare.vendorId,
      billing_account_id: bare.accountId,
      invoice_number: 'B-INV',
      charges: [{ product_code: 'WHATEVER', amount_nanos: usd(70) }],
    });
    expect(await auditRule(ctx, 'not_in_contract')).toEqual([]);
  });

  it('shares one pricing pass with rate_variance and keeps to the scope', async () => {
    const { ctx, vendorId, accountId, bill } = await world();
    const first = await bill([
      { product_code: '1FB', amount_nanos: usd(45) },
      { product_code: 'NEW', amount_nanos: usd(12) },
    ]);
    const run = await runAudit(ctx, {}, { rules: ['rate_variance', 'not_in_contract'] });
    expect(run.rules.rate_variance?.candidates).toBe(1);
    expect(run.rules.not_in_contract?.candidates).toBe(1);
    expect((await openFindings(ctx, 'not_in_contract'))[0]?.subject_key).toBe(`${first}:2`);

    // a run scoped to another invoice leaves the first invoice's findings open
    const second = await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-SECOND',
      period_start: '2026-12-01',
      charges: [{ product_code: '1FB', amount_nanos: usd(42.5) }],
    });
    const scoped = await runAudit(
      ctx,
      { invoiceId: second },
      { rules: ['rate_variance', 'not_in_contract'] },
    );
    expect(scoped.autoClosed).toBe(0);
    expect(await openFindings(ctx, 'rate_variance')).toHaveLength(1);
    expect(await openFindings(ctx, 'not_in_contract')).toHaveLength(1);

    await putRuleSetting(ctx, 'not_in_contract', { params: { minAmount: '20' } });
    expect(await auditRule(ctx, 'not_in_contract')).toEqual([]);

    // within a run the second rule gets the first one's pass; a rule asking again starts a new one
    const env = {
      db: ctx.db,
      engine: ctx.engine,
      tenantId: ctx.tenantId,
      today: '2026-11-27',
      scope: { invoiceIds: null, accountIds: null, vendorIds: null },
      settings: () => {
        throw new Error('not used');
      },
    };
    const pass = sharedPricingPass(env, 'rate_variance');
    expect(sharedPricingPass(env, 'not_in_contract')).toBe(pass);
    const again = sharedPricingPass(env, 'rate_variance');
    expect(again).not.toBe(pass);
    expect((await again).variances).toHaveLength((await pass).variances.length);
  });
});
