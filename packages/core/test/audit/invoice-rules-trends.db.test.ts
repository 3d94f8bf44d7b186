import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/shared/context.ts';
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

async function world() {
  const ctx = await tenantCtx(store, `invoice-trends-${++n}`);
  return { ctx, ...(await vendorWithAccount(ctx)) };
}

/** Runs one rule and returns its open findings, ordered by subject key. */

const A = '+15550000001';
const B = '+15550000002';
const C = '+15550000003';
const line = (service: string | null, amount: bigint, more: Record<string, unknown> = {}) => ({
  service_id: service,
  amount_nanos: amount,
  ...more,
});

/** One invoice per month on the account: `monthly(ctx, ids, { '2026-10': [...charges] })`. */
async function monthly(
  ctx: Ctx,
  ids: { vendorId: string; accountId: string },
  months: Record<string, ReturnType<typeof line>[]>,
  extra: Record<string, Record<string, unknown>> = {},
) {
  const out: Record<string, string> = {};
  for (const [month, charges] of Object.entries(months))
    out[month] = await addInvoice(ctx, {
      vendor_id: ids.vendorId,
      billing_account_id: ids.accountId,
      invoice_number: `INV-${month}`,
      period_start: `${month}-01`,
      charges,
      ...extra[month],
    });
  return out;
}

describe(`variance_account (${testEngine})`, () => {
  it('flags a change beyond both thresholds against the previous invoice, even outside the scope', async () => {
    const w = await world();
    const inv = await monthly(w.ctx, w, {
      '2026-09': [line(A, usd(1000))],
      '2026-10': [line(A, usd(1000))],
      '2026-11': [line(A, usd(1400)), line(B, usd(100))],
    });
    const [f, ...rest] = await auditRule(w.ctx, 'variance_account', { invoiceId: inv['2026-11'] });
    expect(rest).toHaveLength(0);
    expect(f?.subject_key).toBe(inv['2026-11']);
    expect(f?.billed_nanos).toBe(usd(1500));
    expect(f?.expected_nanos).toBe(usd(1000));
    expect(f?.variance_nanos).toBe(usd(500));
    expect(f?.period).toBe('2026-11');
    expect(f?.evidence).toMatchObject({
      previousInvoice: { number: 'INV-2026-10', period: '2026-10', currentCharges: '1000.00' },
      changePercent: '50',
    });
  });

  it('ignores changes beyond only one threshold, and superseded and credit invoices', async () => {
    const w = await world();
    await monthly(
      w.ctx,
      w,
      {
        '2026-07': [line(A, usd(200))],
        '2026-08': [line(A, usd(290))], // +45 % but only +90.00
        '2026-09': [line(A, usd(340))], // +50.00 and 17 %
        '2026-10': [line(A, usd(5000))], // superseded: never compared
        '2026-11': [line(A, usd(350))],
      },
      { '2026-10': { status: 'superseded' } },
    );
    await addInvoice(w.ctx, {
      vendor_id: w.vendorId,
      billing_account_id: w.accountId,
      invoice_number: 'CN-1',
      period_start: '2026-10-15',
      is_credit: 1,
      charges: [line(A, -usd(300), { kind: 'credit_adjustment' })],
    });
    expect(await auditRule(w.ctx, 'variance_account')).toHaveLength(0);
  });

  it('uses tenant-level thresholds', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-10': [line(A, usd(1000))], '2026-11': [line(A, usd(850))] });
    expect(await auditRule(w.ctx, 'variance_account')).toHaveLength(0);
    await putRuleSetting(w.ctx, 'variance_account', { params: { percent: '10', amount: '100' } });
    const [f] = await auditRule(w.ctx, 'variance_account');
    expect(f?.variance_nanos).toBe(-usd(150));
  });
});

describe(`variance_service (${testEngine})`, () => {
  it('flags a service whose non-tax charges changed beyond both thresholds', async () => {
    const w = await world();
    const inv = await monthly(w.ctx, w, {
      '2026-10': [line(A, usd(40)), line(A, usd(4), { kind: 'tax' }), line(B, usd(40))],
      '2026-11': [
        line(B, usd(40)),
        line(A, usd(70)),
        line(A, usd(30), { kind: 'usage' }),
        line(A, usd(90), { kind: 'tax' }),
      ],
    });
    const [f, ...rest] = await auditRule(w.ctx, 'variance_service', { invoiceId: inv['2026-11'] });
    expect(rest).toHaveLength(0);
    expect(f?.subject_key).toBe(`${inv['2026-11']}:${A}`);
    expect(f?.service_identifier).toBe(A);
    expect(f?.line_no).toBe(2);
    expect(f?.billed_nanos).toBe(usd(100));
    expect(f?.expected_nanos).toBe(usd(40));
    expect(f?.variance_nanos).toBe(usd(60));
    expect(f?.evidence).toMatchObject({ previousInvoice: { number: 'INV-2026-10', charges: '40.00' } });
  });

  it('ignores a change of exactly the percentage, new services and information-only lines', async () => {
    const w = await world();
    await monthly(w.ctx, w, {
      '2026-10': [line(A, usd(60)), line(B, usd(40))],
      '2026-11': [
        line(A, usd(90)), // +50 %: not more than 50 %
        line(B, usd(40)),
        line(B, usd(500), { info_only: 1 }),
        line(C, usd(400)), // only on this invoice
      ],
    });
    expect(await auditRule(w.ctx, 'variance_service')).toHaveLength(0);
  });

  it('uses a vendor-level amount threshold', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-10': [line(A, usd(40))], '2026-11': [line(A, usd(100))] });
    await putRuleSetting(w.ctx, 'variance_service', { vendorId: w.vendorId, params: { amount: '75' } });
    expect(await auditRule(w.ctx, 'variance_service')).toHaveLength(0);
  });
});

describe(`late_fee (${testEngine})`, () => {
  it('flags a late fee and says whether the previous bill was paid in full', async () => {
    const w = await world();
    const inv = await monthly(
      w.ctx,
      w,
      {
        '2026-10': [line(A, usd(100))],
        '2026-11': [
          line(A, usd(100)),
          line(null, usd(15), { kind: 'late_fee', description: 'Late payment' }),
        ],
      },
      {
        '2026-10': { stated_total_due_nanos: usd(100), due_date: '2026-10-20' },
        '2026-11': { payments_nanos: usd(60) },
      },
    );
    const [f, ...rest] = await auditRule(w.ctx, 'late_fee');
    expect(rest).toHaveLength(0);
    expect(f?.subject_key).toBe(`${inv['2026-11']}:2`);
    expect(f?.line_no).toBe(2);
    expect(f?.billed_nanos).toBe(usd(15));
    expect(f?.expected_nanos).toBe(0n);
    expect(f?.variance_nanos).toBe(usd(15));
    expect(f?.summary).toMatch(/not paid in full/);
    expect(f?.evidence).toMatchObject({
      previousInvoice: { number: 'INV-2026-10', totalDue: '100.00', dueDate: '2026-10-20' },
      paymentsSincePreviousInvoice: '60.00',
      previousPaidInFull: false,
    });
  });

  it('ignores information-only and reversed late fees, and fees on superseded invoices', async () => {
    const w = await world();
    await monthly(
      w.ctx,
      w,
      {
        '2026-10': [line(null, usd(15), { kind: 'late_fee' })],
        '2026-11': [
          line(null, usd(15), { kind: 'late_fee', info_only: 1 }),
          line(null, -usd(15), { kind: 'late_fee', description: 'Late fee waived' }),
        ],
      },
      { '2026-10': { status: 'superseded' } },
    );
    expect(await auditRule(w.ctx, 'late_fee')).toHaveLength(0);
  });

  it('can be switched off for a vendor', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-11': [line(null, usd(15), { kind: 'late_fee' })] });
    await putRuleSetting(w.ctx, 'late_fee', { vendorId: w.vendorId, enabled: false });
    expect(await auditRule(w.ctx, 'late_fee')).toHaveLength(0);
  });
});

describe(`tax_out_of_range (${testEngine})`, () => {
  it('flags taxes and surcharges above the maximum or below the minimum of the base', async () => {
    const w = await world();
    const other = await insertAccount(w.ctx, w.vendorId, 'A-200');
    const high = await monthly(w.ctx, w, {
      '2026-11': [
        line(A, usd(80)),
        line(A, usd(20), { kind: 'usage' }),
        line(null, usd(30), { kind: 'tax' }),
        line(null, usd(10), { kind: 'surcharge_fee' }),
        line(null, usd(50), { kind: 'late_fee' }),
      ],
    });
    const low = await monthly(
      w.ctx,
      { vendorId: w.vendorId, accountId: other },
      { '2026-11': [line(A, usd(100)), line(null, usd(1), { kind: 'tax' })] },
    );
    const found = await auditRule(w.ctx, 'tax_out_of_range');
    const byKey = new Map(found.map((f) => [f.subject_key, f]));
    expect(byKey.size).toBe(2);
    const above = byKey.get(high['2026-11']!);
    expect(above?.billed_nanos).toBe(usd(40));
    expect(above?.expected_nanos).toBe(usd(35));
    expect(above?.variance_nanos).toBe(usd(5));
    expect(above?.evidence).toMatchObject({ ratePercent: '40', bound: 'above', taxableBase: '100.00' });
    const below = byKey.get(low['2026-11']!);
    expect(below?.billed_nanos).toBe(usd(1));
    expect(below?.expected_nanos).toBe(usd(2));
    expect(below?.variance_nanos).toBe(-usd(1));
    expect(below?.evidence).toMatchObject({ bound: 'below' });
  });

  it('accepts a rate exactly on a bound and skips invoices without a taxable base', async () => {
    const w = await world();
    const other = await insertAccount(w.ctx, w.vendorId, 'A-200');
    await monthly(w.ctx, w, {
      '2026-11': [
        line(A, usd(100)),
        line(null, usd(35), { kind: 'tax' }),
        line(null, usd(50), { kind: 'tax', info_only: 1 }),
      ],
    });
    await monthly(
      w.ctx,
      { vendorId: w.vendorId, accountId: other },
      {
        '2026-11': [line(null, usd(10), { kind: 'tax' }), line(null, -usd(5), { kind: 'credit_adjustment' })],
      },
    );
    expect(await auditRule(w.ctx, 'tax_out_of_range')).toHaveLength(0);
  });

  it('uses a vendor-level range', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-11': [line(A, usd(100))] });
    await putRuleSetting(w.ctx, 'tax_out_of_range', { vendorId: w.vendorId, params: { minPercent: '0' } });
    expect(await auditRule(w.ctx, 'tax_out_of_range')).toHaveLength(0);
  });
});

describe(`missing_invoice (${testEngine})`, () => {
  it('flags each month after the latest invoice whose expected day plus grace has passed', async () => {
    const w = await world();
    await monthly(w.ctx, w, {
      '2026-08': [line(A, usd(100))],
      '2026-09': [line(A, usd(120))],
    });
    const found = await auditRule(w.ctx, 'missing_invoice', { accountId: w.accountId });
    expect(found.map((f) => f.subject_key)).toEqual([`${w.accountId}:2026-10`, `${w.accountId}:2026-11`]);
    const [f] = found;
    expect(f?.billing_account_id).toBe(w.accountId);
    expect(f?.invoice_id).toBeNull();
    expect(f?.period).toBe('2026-10');
    expect(f?.billed_nanos).toBe(0n);
    expect(f?.expected_nanos).toBe(usd(120));
    expect(f?.variance_nanos).toBe(0n);
    expect(f?.evidence).toMatchObject({ expectedBy: '2026-10-11', latestInvoice: { number: 'INV-2026-09' } });

    // October's bill arrives: its finding closes, November's is still missing
    await monthly(w.ctx, w, { '2026-10': [line(A, usd(130))] });
    const after = await auditRule(w.ctx, 'missing_invoice', { accountId: w.accountId });
    expect(after.map((x) => [x.subject_key, x.expected_nanos])).toEqual([
      [`${w.accountId}:2026-11`, usd(130)],
    ]);
  });

  it('waits for the expected day plus grace, and skips closed, quarterly and never-billed accounts', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-10': [line(A, usd(100))] });
    // November's bill is due on the 20th: with 10 days' grace it is not late on the 27th
    await w.ctx.db
      .updateTable('billing_accounts')
      .set({ expected_invoice_day: 20 })
      .where('id', '=', w.accountId)
      .execute();
    for (const [number, change] of [
      ['A-CLOSED', { status: 'closed' }],
      ['A-QUARTER', { cadence: 'quarterly' }],
    ] as const) {
      const accountId = await insertAccount(w.ctx, w.vendorId, number);
      await w.ctx.db.updateTable('billing_accounts').set(change).where('id', '=', accountId).execute();
      await monthly(w.ctx, { vendorId: w.vendorId, accountId }, { '2026-08': [line(A, usd(100))] });
    }
    await insertAccount(w.ctx, w.vendorId, 'A-NEW');
    const current = await insertAccount(w.ctx, w.vendorId, 'A-CURRENT');
    await monthly(w.ctx, { vendorId: w.vendorId, accountId: current }, { '2026-11': [line(A, usd(100))] });
    expect(await auditRule(w.ctx, 'missing_invoice')).toHaveLength(0);
  });

  it('uses a vendor-level grace period', async () => {
    const w = await world();
    await monthly(w.ctx, w, { '2026-10': [line(A, usd(100))] });
    await putRuleSetting(w.ctx, 'missing_invoice', { vendorId: w.vendorId, params: { graceDays: '30' } });
    expect(await auditRule(w.ctx, 'missing_invoice')).toHaveLength(0);
  });
});
