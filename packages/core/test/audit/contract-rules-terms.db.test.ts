import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/modules/audit/run.service.ts';
import { contractCommitment } from '../../src/modules/contracts/commitment.service.ts';
import {
  addContract,
  addInvoice,
  addRateItem,
  addService,
  auditRule,
  putRuleSetting,
  vendorWithAccount,
} from '../audit-fixtures.ts';
import { usd } from '../data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../test-store.ts';

// Today is 2026-11-27 (test-store testClock).

let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await freshStore();
});
afterAll(async () => {
  await store.drop();
});

async function world() {
  const ctx = await tenantCtx(store, `contract-terms-${++n}`);
  return { ctx, ...(await vendorWithAccount(ctx)) };
}

describe(`contract_expiry (${testEngine})`, () => {
  it('reports a notice deadline within 90 days, not one just beyond', async () => {
    const { ctx, vendorId } = await world();
    // 2027-02-28 − 60 days = 2026-12-30: 33 days away
    const soon = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'SOON',
      term_end: '2027-02-28',
    });
    // deadline 2027-02-25, exactly 90 days away
    const edge = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'EDGE',
      term_end: '2027-03-27',
      notice_days: 30,
    });
    // deadline 2027-02-26: 91 days away
    await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'LATER',
      term_end: '2027-03-28',
      notice_days: 30,
    });
    await addContract(ctx, { vendor_id: vendorId, contract_number: 'FAR', term_end: '2028-12-31' });
    await addContract(ctx, { vendor_id: vendorId, contract_number: 'EVERGREEN', term_end: null });
    await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'RENEWS',
      term_end: '2027-01-31',
      auto_renew: 1,
      renewal_months: 12,
    });
    await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'GONE',
      term_end: '2027-01-31',
      status: 'terminated',
    });
    const found = await auditRule(ctx, 'contract_expiry');
    expect(found.map((f) => f.subject_key).sort()).toEqual(
      [`${soon}:2027-02-28`, `${edge}:2027-03-27`].sort(),
    );
    const f = found.find((x) => x.contract_id === soon);
    expect(f?.vendor_id).toBe(vendorId);
    expect(f?.invoice_id).toBeNull();
    expect([f?.billed_nanos, f?.expected_nanos, f?.variance_nanos]).toEqual([0n, 0n, 0n]);
    expect(f?.severity).toBe('low');
    expect(f?.evidence).toMatchObject({
      state: 'notice_due',
      contract: { number: 'SOON' },
      termEnd: '2027-02-28',
      noticeDeadline: '2026-12-30',
      daysToNoticeDeadline: 33,
      daysToTermEnd: 93,
    });
  });

  it('reports a passed notice deadline before the end, and an ended term still pricing services', async () => {
    const { ctx, vendorId } = await world();
    const passed = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'PASSED',
      term_end: '2026-12-15',
    });
    const ended = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'ENDED',
      term_end: '2026-10-17',
    });
    const item = await addRateItem(ctx, { contract_id: ended, code: 'X', mrc_nanos: usd(10) });
    await addService(ctx, { vendor_id: vendorId, identifier: 'L-1', rate_item_id: item });
    await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'L-2',
      rate_item_id: item,
      state: 'disconnected',
    });
    const unused = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'UNUSED',
      term_end: '2026-10-17',
    });
    const off = await addRateItem(ctx, { contract_id: unused, code: 'Y', mrc_nanos: usd(10) });
    await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'L-3',
      rate_item_id: off,
      state: 'disconnected',
    });
    const found = await auditRule(ctx, 'contract_expiry');
    expect(found.map((f) => f.contract_id).sort()).toEqual([passed, ended].sort());
    expect(found.find((f) => f.contract_id === passed)?.evidence).toMatchObject({
      state: 'notice_passed',
      noticeDeadline: '2026-10-16',
    });
    expect(found.find((f) => f.contract_id === ended)?.evidence).toMatchObject({
      state: 'expired_in_use',
      servicesOnRateItems: 1,
    });
  });

  it('closes the finding when the term is extended, honours vendor days and keeps to the scope', async () => {
    const { ctx, vendorId } = await world();
    const id = await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'SOON',
      term_end: '2027-02-28',
    });
    expect(await auditRule(ctx, 'contract_expiry')).toHaveLength(1);

    const other = await vendorWithAccount(ctx, 'OTHER', 'O-1');
    const run = await runAudit(ctx, { vendorId: other.vendorId }, { rules: ['contract_expiry'] });
    expect(run.autoClosed).toBe(0);

    await putRuleSetting(ctx, 'contract_expiry', { vendorId, params: { days: '30' } });
    expect(await auditRule(ctx, 'contract_expiry', { vendorId })).toEqual([]);
    await ctx.db.deleteFrom('audit_rule_settings').where('tenant_id', '=', ctx.tenantId).execute();

    expect(await auditRule(ctx, 'contract_expiry')).toHaveLength(1);
    await ctx.db.updateTable('contracts').set({ term_end: '2027-03-20' }).where('id', '=', id).execute();
    const found = await auditRule(ctx, 'contract_expiry');
    expect(found.map((f) => f.subject_key)).toEqual([`${id}:2027-03-20`]);
  });
});

describe(`commitment_shortfall (${testEngine})`, () => {
  /** An annual 120,000 commitment for 2026 on the account; spend billed monthly. */
  async function committed(monthly: number[]) {
    const w = await world();
    const contractId = await addContract(w.ctx, {
      vendor_id: w.vendorId,
      contract_number: 'COMMIT',
      term_start: '2026-01-01',
      term_end: '2027-12-31',
      commitment_kind: 'spend',
      commitment_period: 'annual',
      commitment_nanos: usd(120_000),
      accountIds: [w.accountId],
    });
    for (const [m, amount] of monthly.entries()) {
      const day = `2026-${String(m + 1).padStart(2, '0')}-01`;
      await addInvoice(w.ctx, {
        vendor_id: w.vendorId,
        billing_account_id: w.accountId,
        invoice_number: `INV-${m + 1}`,
        invoice_date: day,
        period_start: day,
        charges: [{ amount_nanos: usd(amount) }],
      });
    }
    return { ...w, contractId };
  }

  it('reports spend projected below the commitment, with the figures of the contract page', async () => {
    // 50,000 in 331 of 365 days: projected 50,000 × 365 / 331 = 55,135.95 (truncated to the cent)
    const { ctx, vendorId, contractId } = await committed([
      5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000,
    ]);
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: (await vendorWithAccount(ctx, 'ELSE', 'E-1')).accountId,
      invoice_number: 'NOT-LINKED',
      invoice_date: '2026-06-01',
      charges: [{ amount_nanos: usd(90_000) }],
    });
    const found = await auditRule(ctx, 'commitment_shortfall');
    expect(found.map((f) => f.subject_key)).toEqual([`${contractId}:2026-12-31`]);
    const [f] = found;
    expect(f?.billed_nanos).toBe(usd(55_135.95));
    expect(f?.expected_nanos).toBe(usd(120_000));
    expect(f?.variance_nanos).toBe(usd(64_864.05));
    expect(f?.vendor_id).toBe(vendorId);
    expect(f?.contract_id).toBe(contractId);
    expect(f?.severity).toBe('medium');
    expect(f?.evidence).toMatchObject({
      commitment: { period: 'annual', amount: '120000.00' },
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      elapsedDays: 331,
      periodDays: 365,
      spendToDate: '50000.00',
      projected: '55135.95',
      shortfall: '64864.05',
    });
    const page = await contractCommitment(ctx, contractId);
    expect(page.summary?.projected).toBe('55135.95');
    expect(page.summary?.shortfall).toBe('64864.05');
  });

  it('leaves alone a commitment on track, superseded bills aside, and volume commitments', async () => {
    const { ctx, vendorId, accountId } = await committed([
      11_000, 11_000, 11_000, 11_000, 11_000, 11_000, 11_000, 11_000, 11_000, 11_000,
    ]);
    await addContract(ctx, {
      vendor_id: vendorId,
      contract_number: 'VOLUME',
      commitment_kind: 'volume',
      commitment_period: 'annual',
      commitment_volume: 500,
      accountIds: [accountId],
    });
    expect(await auditRule(ctx, 'commitment_shortfall')).toEqual([]);
    // a superseded bill does not count: with October's replaced by nothing, the projection falls short
    await ctx.db
      .updateTable('invoices')
      .set({ status: 'superseded' })
      .where('tenant_id', '=', ctx.tenantId)
      .where('invoice_number', 'in', ['INV-10', 'INV-9'])
      .execute();
    const found = await auditRule(ctx, 'commitment_shortfall');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toMatchObject({ spendToDate: '88000.00' });
  });

  it('honours a vendor switch-off', async () => {
    const { ctx, vendorId } = await committed([1000]);
    expect(await auditRule(ctx, 'commitment_shortfall')).toHaveLength(1);
    await putRuleSetting(ctx, 'commitment_shortfall', { vendorId, enabled: false });
    expect(await auditRule(ctx, 'commitment_shortfall')).toEqual([]);
  });
});
