import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvoice, addService, auditRule, putRuleSetting, vendorWithAccount } from '../audit-fixtures.ts';
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

async function world() {
  const ctx = await tenantCtx(store, `nrc-rules-${++n}`);
  const { vendorId, accountId } = await vendorWithAccount(ctx);
  const bill = (
    number: string,
    periodStart: string,
    charges: Parameters<typeof addInvoice>[1]['charges'],
    more: Partial<Parameters<typeof addInvoice>[1]> = {},
  ) =>
    addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: number,
      period_start: periodStart,
      invoice_date: periodStart,
      charges,
      ...more,
    });
  return { ctx, vendorId, accountId, bill };
}

const nrc = (serviceId: string | null, amount: bigint, more: Record<string, unknown> = {}) => ({
  service_id: serviceId,
  kind: 'one_time',
  description: 'Installation',
  product_code: 'NRC-INST',
  amount_nanos: amount,
  ...more,
});

describe(`nrc_without_order (${testEngine})`, () => {
  it('reports an NRC far from any order or install, and one for a service not in inventory', async () => {
    const { ctx, vendorId, bill } = await world();
    const old = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'CKT-OLD',
      ordered_on: '2026-06-01',
      activated_on: '2026-06-10',
    });
    const edge = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'CKT-EDGE',
      activated_on: '2026-09-01',
    });
    await addService(ctx, { vendor_id: vendorId, identifier: 'CKT-NODATES', activated_on: null });
    const inv = await bill('INV-1', '2026-11-01', [
      nrc('CKT-OLD', usd(500)),
      nrc('CKT-GHOST', usd(250)),
      nrc('CKT-EDGE', usd(100)), // installed 61 days before the charge
      nrc('CKT-NODATES', usd(75)),
    ]);
    const found = await auditRule(ctx, 'nrc_without_order');
    expect(found.map((f) => f.subject_key)).toEqual([1, 2, 3, 4].map((l) => `${inv}:${l}`));
    const [far, ghost, late, none] = found;
    expect(far?.billed_nanos).toBe(usd(500));
    expect(far?.expected_nanos).toBe(0n);
    expect(far?.variance_nanos).toBe(usd(500));
    expect(far?.service_id).toBe(old);
    expect(far?.severity).toBe('medium');
    expect(far?.evidence).toMatchObject({
      reason: 'outside_window',
      charge: { date: '2026-11-01', productCode: 'NRC-INST', amount: '500.00' },
      service: { id: old, orderedOn: '2026-06-01', activatedOn: '2026-06-10' },
      window: { from: '2026-09-02', to: '2026-12-31', days: 60 },
    });
    expect(ghost?.evidence).toMatchObject({ reason: 'no_service', service: null });
    expect(late?.service_id).toBe(edge);
    expect(none?.evidence).toMatchObject({ reason: 'no_order_dates' });
  });

  it('accepts an order or install within the window, before or after the charge, also through an alias', async () => {
    const { ctx, vendorId, bill } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: 'CKT-A', activated_on: '2026-09-03' }); // 59 days before
    await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'CKT-B',
      ordered_on: '2026-01-05', // long before
      activated_on: '2026-12-31', // 60 days after: installed later than billed
    });
    const aliased = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'CKT-C',
      activated_on: '2026-10-20',
    });
    await ctx.db
      .insertInto('service_aliases')
      .values({
        tenant_id: ctx.tenantId,
        vendor_id: vendorId,
        identifier: 'OLD-C',
        service_id: aliased,
        created_at: '2026-10-20T00:00:00Z',
      })
      .execute();
    await bill('INV-1', '2026-11-01', [
      nrc('CKT-A', usd(100)),
      nrc('CKT-B', usd(100)),
      nrc('OLD-C', usd(100)),
      nrc(null, usd(40), { description: 'Account set-up' }),
      nrc('CKT-GHOST', -usd(100), { description: 'Install credit' }),
      { service_id: 'CKT-GHOST', amount_nanos: usd(10) }, // recurring: not an NRC
    ]);
    await bill('INV-0', '2026-10-01', [nrc('CKT-GHOST', usd(100))], { status: 'superseded' });
    expect(await auditRule(ctx, 'nrc_without_order')).toEqual([]);
  });

  it('uses the charge period start as the charge date, and honours the days parameter', async () => {
    const { ctx, vendorId, bill } = await world();
    await addService(ctx, { vendor_id: vendorId, identifier: 'CKT-1', activated_on: '2026-06-10' });
    await bill('INV-1', '2026-11-01', [nrc('CKT-1', usd(100), { period_start: '2026-08-01' })]);
    expect(await auditRule(ctx, 'nrc_without_order')).toEqual([]);
    await ctx.db
      .updateTable('charges')
      .set({ period_start: null })
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect(await auditRule(ctx, 'nrc_without_order')).toHaveLength(1);
    await putRuleSetting(ctx, 'nrc_without_order', { vendorId, params: { days: '150' } });
    expect(await auditRule(ctx, 'nrc_without_order')).toEqual([]);
  });
});

describe(`nrc_billed_twice (${testEngine})`, () => {
  it('reports an NRC the same service was billed on an earlier invoice', async () => {
    const { ctx, vendorId, bill } = await world();
    const svc = await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'CKT-1',
      activated_on: '2026-09-15',
    });
    const first = await bill('INV-9', '2026-09-01', [nrc('CKT-1', usd(500))]);
    const second = await bill('INV-10', '2026-10-01', [
      nrc('CKT-1', usd(450), { product_code: ' nrc-inst', description: 'Install (rebilled)' }),
      nrc('CKT-1', usd(35), { product_code: null, description: 'Activation fee' }),
    ]);
    const third = await bill('INV-11', '2026-11-01', [
      nrc('CKT-1', usd(35), { product_code: null, description: ' ACTIVATION FEE ' }),
    ]);
    const found = await auditRule(ctx, 'nrc_billed_twice');
    expect(found.map((f) => f.subject_key).sort()).toEqual([`${second}:1`, `${third}:1`].sort());
    const rebilled = found.find((f) => f.invoice_id === second);
    expect(rebilled?.billed_nanos).toBe(usd(450));
    expect(rebilled?.expected_nanos).toBe(0n);
    expect(rebilled?.variance_nanos).toBe(usd(450));
    expect(rebilled?.service_id).toBe(svc);
    expect(rebilled?.severity).toBe('high');
    expect(rebilled?.evidence).toMatchObject({
      earlier: { invoiceId: first, invoiceNumber: 'INV-9', lineNo: 1, amount: '500.00' },
      service: { id: svc, identifier: 'CKT-1' },
    });
    const fee = found.find((f) => f.invoice_id === third);
    expect(fee?.evidence).toMatchObject({ earlier: { invoiceNumber: 'INV-10', lineNo: 2 } });
  });

  it('leaves alone other products, other services, repeats within one invoice and superseded bills', async () => {
    const { ctx, bill } = await world();
    await bill('INV-1', '2026-09-01', [nrc('CKT-1', usd(500)), nrc('CKT-1', usd(500))]);
    await bill('INV-1', '2026-09-01', [nrc('CKT-1', usd(500))]); // a reprinted copy: duplicate_invoice's
    await bill('INV-2', '2026-10-01', [
      nrc('CKT-1', usd(500), { product_code: 'NRC-MOVE' }),
      nrc('CKT-2', usd(500)),
      nrc('CKT-3', usd(500)),
    ]);
    await bill('INV-3', '2026-10-15', [nrc('CKT-3', usd(500))], { status: 'superseded' });
    await bill('INV-4', '2026-11-01', [nrc('CKT-4', 0n)]);
    await bill('INV-5', '2026-12-01', [nrc('CKT-4', usd(200))]);
    expect(await auditRule(ctx, 'nrc_billed_twice')).toEqual([]);
  });

  it('reports only repeats on invoices in scope, and honours minAmount', async () => {
    const { ctx, vendorId, bill } = await world();
    const first = await bill('INV-1', '2026-09-01', [nrc('CKT-1', usd(500))]);
    const second = await bill('INV-2', '2026-10-01', [nrc('CKT-1', usd(500))]);
    expect(await auditRule(ctx, 'nrc_billed_twice', { invoiceId: first })).toEqual([]);
    const found = await auditRule(ctx, 'nrc_billed_twice', { invoiceId: second });
    expect(found.map((f) => f.subject_key)).toEqual([`${second}:1`]);
    await putRuleSetting(ctx, 'nrc_billed_twice', { vendorId, params: { minAmount: '600' } });
    expect(await auditRule(ctx, 'nrc_billed_twice')).toEqual([]);
  });
});
