import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvoice, auditRule, putRuleSetting, vendorWithAccount } from '../audit-fixtures.ts';
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

const cents = (c: number) => BigInt(c) * 10_000_000n;

async function world() {
  const ctx = await tenantCtx(store, `invoice-rules-${++n}`);
  return { ctx, ...(await vendorWithAccount(ctx)) };
}

const line = (amount: bigint, more: Record<string, unknown> = {}) => ({
  service_id: '+15550000001',
  amount_nanos: amount,
  ...more,
});

describe(`control_total (${testEngine})`, () => {
  it('flags stated current charges that differ from the sum of the payable lines', async () => {
    const { ctx, vendorId, accountId } = await world();
    const off = await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'OFF',
      period_start: '2026-10-01',
      stated_current_nanos: usd(100),
      charges: [line(usd(60)), line(usd(39)), line(usd(7), { info_only: 1 })],
    });
    const [f, ...rest] = await auditRule(ctx, 'control_total');
    expect(rest).toHaveLength(0);
    expect(f?.subject_key).toBe(off);
    expect(f?.invoice_id).toBe(off);
    expect(f?.billed_nanos).toBe(usd(100));
    expect(f?.expected_nanos).toBe(usd(99));
    expect(f?.variance_nanos).toBe(usd(1));
    expect(f?.period).toBe('2026-10');
    expect(f?.severity).toBe('high');
    expect(f?.blocking).toBe(1);
    expect(f?.evidence).toMatchObject({ statedCurrentCharges: '100.00', sumOfCharges: '99.00' });
  });

  it('ignores a difference within tolerance, an unstated total and a superseded invoice', async () => {
    const { ctx, vendorId, accountId } = await world();
    const base = { vendor_id: vendorId, billing_account_id: accountId, period_start: '2026-10-01' };
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'CENT',
      stated_current_nanos: usd(99) + cents(1),
      charges: [line(usd(99))],
    });
    await addInvoice(ctx, { ...base, invoice_number: 'NONE', charges: [line(usd(99))] });
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'OLD',
      status: 'superseded',
      stated_current_nanos: usd(500),
      charges: [line(usd(99))],
    });
    expect(await auditRule(ctx, 'control_total')).toHaveLength(0);
  });

  it('uses a vendor-level tolerance', async () => {
    const { ctx, vendorId, accountId } = await world();
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'OFF',
      stated_current_nanos: usd(103),
      charges: [line(usd(100))],
    });
    await putRuleSetting(ctx, 'control_total', { vendorId, params: { tolerance: '5' } });
    expect(await auditRule(ctx, 'control_total')).toHaveLength(0);
  });
});

describe(`balance_rollforward (${testEngine})`, () => {
  it("compares the previous balance with the prior invoice's total due, even outside the scope", async () => {
    const { ctx, vendorId, accountId } = await world();
    const base = { vendor_id: vendorId, billing_account_id: accountId };
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'SEP',
      period_start: '2026-09-01',
      stated_total_due_nanos: usd(80),
      charges: [line(usd(80))],
    });
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'OCT',
      period_start: '2026-10-01',
      stated_total_due_nanos: usd(120),
      charges: [line(usd(120))],
    });
    const nov = await addInvoice(ctx, {
      ...base,
      invoice_number: 'NOV',
      period_start: '2026-11-01',
      previous_balance_nanos: usd(150),
      charges: [line(usd(100))],
    });
    const [f, ...rest] = await auditRule(ctx, 'balance_rollforward', { invoiceId: nov });
    expect(rest).toHaveLength(0);
    expect(f?.subject_key).toBe(nov);
    expect(f?.billed_nanos).toBe(usd(150));
    expect(f?.expected_nanos).toBe(usd(120));
    expect(f?.variance_nanos).toBe(usd(30));
    expect(f?.evidence).toMatchObject({
      statedPreviousBalance: '150.00',
      previousInvoice: { number: 'OCT', period: '2026-10', totalDue: '120.00' },
    });
  });

  it('skips a superseded prior invoice, and a match within tolerance', async () => {
    const { ctx, vendorId, accountId } = await world();
    const base = { vendor_id: vendorId, billing_account_id: accountId };
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'OCT',
      period_start: '2026-10-01',
      status: 'superseded',
      stated_total_due_nanos: usd(999),
      charges: [line(usd(120))],
    });
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'OCT-R',
      period_start: '2026-10-01',
      stated_total_due_nanos: usd(120),
      charges: [line(usd(120))],
    });
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'NOV',
      period_start: '2026-11-01',
      previous_balance_nanos: usd(120) + cents(1),
      charges: [line(usd(100))],
    });
    // a first invoice stating a balance has nothing to roll forward from
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: await insertAccount(ctx, vendorId, 'A-200'),
      invoice_number: 'FIRST',
      period_start: '2026-11-01',
      previous_balance_nanos: usd(50),
      charges: [line(usd(100))],
    });
    expect(await auditRule(ctx, 'balance_rollforward')).toHaveLength(0);
  });
});

describe(`duplicate_invoice (${testEngine})`, () => {
  it('flags the later copies of an invoice number or of the same content', async () => {
    const { ctx, vendorId, accountId } = await world();
    const base = { vendor_id: vendorId, billing_account_id: accountId, period_start: '2026-10-01' };
    const first = await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-7',
      created_at: '2026-11-01T10:00:00Z',
      charges: [line(usd(70))],
    });
    const second = await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-7',
      created_at: '2026-11-02T10:00:00Z',
      charges: [line(usd(71))],
    });
    const third = await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-7B',
      content_hash: 'same-file',
      created_at: '2026-11-03T10:00:00Z',
      charges: [line(usd(70))],
    });
    const fourth = await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-7C',
      content_hash: 'same-file',
      created_at: '2026-11-04T10:00:00Z',
      charges: [line(usd(70))],
    });
    const found = await auditRule(ctx, 'duplicate_invoice');
    const byKey = new Map(found.map((f) => [f.subject_key, f]));
    expect([...byKey.keys()].sort()).toEqual([second, fourth].sort());
    expect(byKey.has(first)).toBe(false);
    expect(byKey.has(third)).toBe(false);
    const dup = byKey.get(second);
    expect(dup?.billed_nanos).toBe(usd(71));
    expect(dup?.expected_nanos).toBe(0n);
    expect(dup?.variance_nanos).toBe(usd(71));
    expect(dup?.severity).toBe('critical');
    expect(dup?.evidence).toMatchObject({
      match: ['invoice_number'],
      original: { id: first, number: 'INV-7', currentCharges: '70.00' },
    });
    expect(byKey.get(fourth)?.evidence).toMatchObject({ match: ['content'], original: { number: 'INV-7B' } });
  });

  it('ignores the same number on another account, and a copy whose original was superseded', async () => {
    const { ctx, vendorId, accountId } = await world();
    const other = await insertAccount(ctx, vendorId, 'A-200');
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-1',
      created_at: '2026-11-01T10:00:00Z',
      charges: [line(usd(70))],
    });
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: other,
      invoice_number: 'INV-1',
      created_at: '2026-11-02T10:00:00Z',
      charges: [line(usd(70))],
    });
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-2',
      status: 'superseded',
      created_at: '2026-11-01T10:00:00Z',
      charges: [line(usd(70))],
    });
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-2',
      created_at: '2026-11-02T10:00:00Z',
      charges: [line(usd(75))],
    });
    expect(await auditRule(ctx, 'duplicate_invoice')).toHaveLength(0);
  });

  it('can be switched off for a vendor', async () => {
    const { ctx, vendorId, accountId } = await world();
    for (const day of ['01', '02'])
      await addInvoice(ctx, {
        vendor_id: vendorId,
        billing_account_id: accountId,
        invoice_number: 'INV-1',
        created_at: `2026-11-${day}T10:00:00Z`,
        charges: [line(usd(70))],
      });
    await putRuleSetting(ctx, 'duplicate_invoice', { vendorId, enabled: false });
    expect(await auditRule(ctx, 'duplicate_invoice')).toHaveLength(0);
  });
});

describe(`duplicate_charge (${testEngine})`, () => {
  it('flags the second and later copies of a line on one invoice', async () => {
    const { ctx, vendorId, accountId } = await world();
    const plan = {
      description: 'Unlimited plan',
      product_code: 'UNL',
      quantity: '1',
      period_start: '2026-10-01',
    };
    const id = await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-1',
      period_start: '2026-10-01',
      charges: [
        line(usd(40), plan),
        line(usd(5), { kind: 'usage', description: 'Data' }),
        line(usd(40), plan),
        line(usd(40), plan),
      ],
    });
    const found = await auditRule(ctx, 'duplicate_charge');
    expect(found.map((f) => f.subject_key)).toEqual([`${id}:3`, `${id}:4`]);
    const [f] = found;
    expect(f?.line_no).toBe(3);
    expect(f?.service_identifier).toBe('+15550000001');
    expect(f?.billed_nanos).toBe(usd(40));
    expect(f?.expected_nanos).toBe(0n);
    expect(f?.variance_nanos).toBe(usd(40));
    expect(f?.evidence).toMatchObject({
      firstLine: 1,
      copy: 2,
      charge: { amount: '40.00', productCode: 'UNL' },
    });
    expect(found[1]?.evidence).toMatchObject({ firstLine: 1, copy: 3 });
  });

  it('ignores lines that differ in one field, credits, information-only lines and other invoices', async () => {
    const { ctx, vendorId, accountId } = await world();
    const base = { vendor_id: vendorId, billing_account_id: accountId };
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-1',
      charges: [
        line(usd(40), { quantity: '1' }),
        line(usd(40), { quantity: '2' }),
        line(usd(40), { service_id: '+15550000002' }),
        line(-usd(10), { kind: 'credit_adjustment', description: 'Credit' }),
        line(-usd(10), { kind: 'credit_adjustment', description: 'Credit' }),
        line(usd(3), { kind: 'usage', description: 'Roaming', info_only: 1 }),
        line(usd(3), { kind: 'usage', description: 'Roaming' }),
      ],
    });
    await addInvoice(ctx, { ...base, invoice_number: 'INV-2', charges: [line(usd(40), { quantity: '1' })] });
    await addInvoice(ctx, {
      ...base,
      invoice_number: 'INV-3',
      status: 'superseded',
      charges: [line(usd(40)), line(usd(40))],
    });
    expect(await auditRule(ctx, 'duplicate_charge')).toHaveLength(0);
  });
});
