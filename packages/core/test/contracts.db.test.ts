import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bufferSource } from '@temops/formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../src/modules/audit-log/list.ts';
import { verifyAuditChain } from '../src/modules/audit-log/verify.ts';
import { billingAccountEntity } from '../src/modules/billing-accounts/billing-account.entity.ts';
import {
  addDocument,
  contractAlerts,
  contractCommitment,
  createContract,
  createRateItem,
  deleteContract,
  deleteDocument,
  deleteRateItem,
  getContract,
  importContracts,
  listContracts,
  listDocuments,
  listRateItems,
  localDocumentStore,
  openDocument,
  searchRateItems,
  setContractAccounts,
  updateContract,
  updateRateItem,
} from '../src/modules/contracts/index.ts';
import { localFileStore } from '../src/modules/imports/file-store.ts';
import { createEntity } from '../src/modules/reference/reference.service.ts';
import { vendorEntity } from '../src/modules/vendors/vendor.entity.ts';
import { fixedClock } from '../src/shared/clock.ts';
import type { Ctx } from '../src/shared/context.ts';
import { AppError } from '../src/shared/errors.ts';
import { newId } from '../src/shared/ids.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

/** The error an async call fails with (or null). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err as AppError,
  );

interface World {
  ctx: Ctx;
  vendor: string;
  other: string;
  accounts: string[];
  otherAccount: string;
}

async function world(store: TestStore, slug: string): Promise<World> {
  const base = await tenantCtx(store, slug);
  const ctx = { ...base, clock: fixedClock('2026-11-27T09:00:00Z') };
  const vendor = (await createEntity(ctx, vendorEntity, { code: 'ATT', name: 'AT&T' })).id;
  const other = (await createEntity(ctx, vendorEntity, { code: 'VZ', name: 'Verizon' })).id;
  const accounts: string[] = [];
  for (const n of ['100', '200'])
    accounts.push((await createEntity(ctx, billingAccountEntity, { vendorId: vendor, accountNumber: n })).id);
  const otherAccount = (
    await createEntity(ctx, billingAccountEntity, { vendorId: other, accountNumber: '900' })
  ).id;
  return { ctx, vendor, other, accounts, otherAccount };
}

const contractInput = (w: World, over: Record<string, unknown> = {}) => ({
  vendorId: w.vendor,
  contractNumber: 'MSA-1',
  name: 'Master services',
  termStart: '2026-01-01',
  termEnd: '2028-12-31',
  noticeDays: 90,
  currency: 'USD',
  ...over,
});

/** An invoice with charges, written straight to the tables the bill import fills. */
async function seedInvoice(
  ctx: Ctx,
  w: World,
  inv: { account: string; date: string | null; periodStart?: string; currency?: string; status?: string },
  charges: { amount: bigint; kind?: string; infoOnly?: boolean; serviceId?: string }[],
) {
  const id = newId();
  await ctx.db
    .insertInto('import_batches')
    .values({
      id,
      tenant_id: ctx.tenantId,
      file_sha256: id,
      file_name: 'seed.csv',
      format: 'csv',
      status: 'imported',
      error_code: null,
      error_message: null,
      error_line: null,
      warnings_json: '[]',
      summary_json: '{}',
      invoice_count: 1,
      charge_count: charges.length,
      actor: 'system:test',
      created_at: '2026-01-01T00:00:00Z',
    })
    .execute();
  await ctx.db
    .insertInto('invoices')
    .values({
      id,
      tenant_id: ctx.tenantId,
      vendor_id: w.vendor,
      billing_account_id: inv.account,
      invoice_number: id.slice(0, 8),
      invoice_date: inv.date,
      due_date: null,
      period_start: inv.periodStart ?? null,
      period_end: null,
      currency: inv.currency ?? 'USD',
      is_credit: 0,
      status: inv.status ?? 'received',
      current_charges_nanos: 0n,
      info_only_nanos: 0n,
      stated_current_nanos: null,
      stated_total_due_nanos: null,
      previous_balance_nanos: null,
      payments_nanos: null,
      adjustments_nanos: null,
      control_difference_nanos: null,
      charge_count: charges.length,
      service_count: 0,
      content_hash: id,
      supersedes_id: null,
      batch_id: id,
      source_ref: null,
      warnings_json: '[]',
      created_at: '2026-01-01T00:00:00Z',
    })
    .execute();
  await ctx.db
    .insertInto('charges')
    .values(
      charges.map((c, i) => ({
        invoice_id: id,
        line_no: i + 1,
        tenant_id: ctx.tenantId,
        service_id: c.serviceId ?? null,
        service_id_raw: c.serviceId ?? null,
        service_type: null,
        kind: c.kind ?? 'recurring',
        description: null,
        product_code: null,
        quantity: null,
        unit: null,
        unit_rate: null,
        amount_nanos: c.amount,
        period_start: null,
        period_end: null,
        info_only: c.infoOnly ? 1 : 0,
        source_line: null,
        source_segment: null,
        source_ref: null,
        attributes_json: null,
      })),
    )
    .execute();
}

const units = (n: number) => BigInt(n) * 1_000_000_000n;

describe(`contracts on ${testEngine}`, () => {
  let store: TestStore;
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-docs-'));
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, updates and deletes contracts, each change audited', async () => {
    const w = await world(store, 'crud');
    const c = await createContract(w.ctx, {
      ...contractInput(w),
      autoRenew: true,
      renewalMonths: 12,
      commitmentKind: 'spend',
      commitmentPeriod: 'annual',
      commitmentAmount: '120000.5',
    });
    expect(c).toMatchObject({
      contractNumber: 'MSA-1',
      vendor: 'AT&T',
      autoRenew: true,
      commitmentAmount: '120000.50',
      status: 'active',
      effectiveStatus: 'active',
      currentTermEnd: '2028-12-31',
      noticeDeadline: '2028-10-02',
    });
    const stored = await w.ctx.db
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(stored.commitment_nanos).toBe(120_000_500_000_000n);

    const same = await failure(createContract(w.ctx, contractInput(w)));
    expect(same).toMatchObject({
      code: 'conflict',
      message: 'Contract MSA-1 already exists for this vendor',
    });
    // the same number at another vendor is another contract
    await createContract(w.ctx, contractInput(w, { vendorId: w.other }));

    const { item, changed } = await updateContract(w.ctx, c.id, { name: 'MSA 2026', noticeDays: 60 });
    expect(changed).toBe(true);
    expect(item).toMatchObject({ name: 'MSA 2026', noticeDays: 60, commitmentAmount: '120000.50' });
    expect((await updateContract(w.ctx, c.id, { name: 'MSA 2026' })).changed).toBe(false);

    const events = await listAuditEvents(w.ctx, { entity: 'contract', entityId: c.id });
    expect(events.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'update']);

    await deleteContract(w.ctx, c.id);
    expect(await failure(getContract(w.ctx, c.id))).toMatchObject({ code: 'not_found' });
    const after = await listAuditEvents(w.ctx, { entity: 'contract', entityId: c.id });
    expect(after.items.map((e: { action: string }) => e.action)).toContain('delete');
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('validates terms and commitments with one message per field', async () => {
    const w = await world(store, 'valid');
    const cases: [Record<string, unknown>, string][] = [
      [{ termEnd: '2025-12-31' }, 'termEnd'],
      [{ termEnd: '2026-02-30' }, 'termEnd'],
      [{ autoRenew: true }, 'renewalMonths'],
      [{ commitmentKind: 'spend', commitmentPeriod: 'annual' }, 'commitmentAmount'],
      [{ commitmentKind: 'volume', commitmentPeriod: 'monthly' }, 'commitmentVolume'],
      [{ commitmentKind: 'spend', commitmentAmount: '10' }, 'commitmentPeriod'],
      [
        { commitmentKind: 'spend', commitmentPeriod: 'term', commitmentAmount: '1', termEnd: null },
        'commitmentPeriod',
      ],
      [{ currency: 'dollars' }, 'currency'],
      [{ status: 'expired' }, 'status'],
      [{ vendorId: 'nope' }, 'vendorId'],
    ];
    for (const [over, field] of cases) {
      const err = await failure(createContract(w.ctx, contractInput(w, over)));
      expect(err, JSON.stringify(over)).toBeInstanceOf(AppError);
      expect(err!.code).toBe('validation_failed');
      expect(JSON.stringify(err!.details), JSON.stringify(over)).toContain(`"path":"${field}"`);
    }
    expect((await listContracts(w.ctx, {})).total).toBe(0);
  });

  it('links billing accounts of the same vendor only', async () => {
    const w = await world(store, 'links');
    const c = await createContract(w.ctx, contractInput(w));
    const set = await setContractAccounts(w.ctx, c.id, [w.accounts[1], w.accounts[0], w.accounts[0]]);
    expect(set.accounts.map((a) => a.accountNumber)).toEqual(['100', '200']);
    expect((await setContractAccounts(w.ctx, c.id, [w.accounts[0], w.accounts[1]])).changed).toBe(false);
    const wrong = await failure(setContractAccounts(w.ctx, c.id, [w.otherAccount]));
    expect(wrong).toMatchObject({ code: 'validation_failed' });
    expect(wrong!.message).toContain('not billing accounts of AT&T');
    expect((await getContract(w.ctx, c.id)).accounts.map((a) => a.accountNumber)).toEqual(['100', '200']);
    const moved = await failure(updateContract(w.ctx, c.id, { vendorId: w.other }));
    expect(moved).toMatchObject({ code: 'conflict' });
  });

  it('keeps rate items with exact prices, and refuses to delete what services use', async () => {
    const w = await world(store, 'items');
    const c = await createContract(w.ctx, contractInput(w));
    const item = await createRateItem(w.ctx, c.id, {
      name: 'Business line',
      code: '1FB',
      chargeKind: 'recurring',
      mrc: '42.123456789',
      unitRate: '0.000000015',
      nrc: '',
      discountPct: '12.5',
      effectiveFrom: '2026-01-01',
    });
    expect(item).toMatchObject({
      currency: 'USD',
      mrc: '42.123456789',
      unitRate: '0.000000015',
      nrc: null,
      discountPct: '12.5',
      descriptionPattern: null,
    });
    const row = await w.ctx.db
      .selectFrom('rate_items')
      .selectAll()
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mrc_nanos: 42_123_456_789n, unit_rate_nanos: 15n, discount_ppm: 125_000 });

    for (const bad of [
      { name: 'x' },
      { name: 'x', code: 'C', discountPct: '100.5' },
      { name: 'x', code: 'C', discountPct: '1.00001' },
      { name: 'x', code: 'C', mrc: '1.0000000001' },
      { name: 'x', code: 'C', chargeKind: 'monthly' },
      { name: 'x', code: 'C', effectiveFrom: '2026-02-01', effectiveTo: '2026-01-01' },
    ])
      expect(await failure(createRateItem(w.ctx, c.id, bad)), JSON.stringify(bad)).toMatchObject({
        code: 'validation_failed',
      });

    const { item: updated } = await updateRateItem(w.ctx, item.id, { mrc: '40', discountPct: null });
    expect(updated).toMatchObject({ mrc: '40.00', discountPct: null, code: '1FB' });
    const pattern = await createRateItem(w.ctx, c.id, {
      name: 'Unlimited',
      descriptionPattern: '*UNLIMITED*',
    });
    expect((await listRateItems(w.ctx, c.id)).map((i) => i.name)).toEqual(['Business line', 'Unlimited']);

    const found = await searchRateItems(w.ctx, { q: '1fb' });
    expect(found).toMatchObject({
      total: 1,
      items: [
        {
          id: item.id,
          name: 'Business line',
          code: '1FB',
          contractId: c.id,
          contractNumber: 'MSA-1',
          vendorId: w.vendor,
          mrc: '40.00',
          currency: 'USD',
        },
      ],
    });
    expect((await searchRateItems(w.ctx, { vendorId: w.other })).total).toBe(0);
    expect(
      (await searchRateItems(w.ctx, { contractId: c.id, pageSize: 1, page: 2 })).items.map((i) => i.id),
    ).toEqual([pattern.id]);

    // a service priced by the rate item holds the contract in place
    const now = '2026-11-27T09:00:00.000Z';
    await w.ctx.db
      .insertInto('services')
      .values({
        id: newId(),
        tenant_id: w.ctx.tenantId,
        service_type: 'line',
        identifier: '5551234567',
        description: null,
        vendor_id: w.vendor,
        billing_account_id: null,
        owner_id: null,
        cost_center_id: null,
        location_id: null,
        rate_item_id: item.id,
        expected_monthly_nanos: null,
        currency: null,
        state: 'active',
        ordered_on: null,
        activated_on: null,
        suspended_on: null,
        disconnect_requested_on: null,
        disconnected_on: null,
        tags_json: '[]',
        attributes_json: '{}',
        last_reviewed_on: null,
        review_evidence: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const refused = await failure(deleteContract(w.ctx, c.id));
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused!.message).toBe(
      'Contract MSA-1 is still used by 1 service(s) through its rate items; reassign them first',
    );
    expect(await failure(deleteRateItem(w.ctx, item.id))).toMatchObject({ code: 'conflict' });
    await deleteRateItem(w.ctx, pattern.id);
    await w.ctx.db
      .updateTable('services')
      .set({ rate_item_id: null })
      .where('tenant_id', '=', w.ctx.tenantId)
      .execute();
    await deleteContract(w.ctx, c.id);
    expect(
      await w.ctx.db.selectFrom('rate_items').select('id').where('contract_id', '=', c.id).execute(),
    ).toEqual([]);
  });

  it('lists with filters, derived status, expiry windows, sorting and paging', async () => {
    const w = await world(store, 'lists');
    const mk = (n: string, over: Record<string, unknown>) =>
      createContract(
        w.ctx,
        contractInput(w, { contractNumber: n, name: `Contract ${n}`, noticeDays: 0, ...over }),
      );
    await mk('A-expired', { termEnd: '2026-11-26' });
    await mk('B-soon', { termEnd: '2027-01-10' });
    await mk('C-later', { termEnd: '2027-06-30' });
    await mk('D-evergreen', { termEnd: null });
    await mk('E-draft', { termEnd: '2027-01-11', status: 'draft' });
    await mk('F-renews', {
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
      autoRenew: true,
      renewalMonths: 12,
      noticeDays: 30,
      vendorId: w.other,
    });
    const numbers = async (p: Parameters<typeof listContracts>[1]) =>
      (await listContracts(w.ctx, p)).items.map((c) => c.contractNumber);
    expect(await numbers({})).toEqual([
      'A-expired',
      'B-soon',
      'C-later',
      'D-evergreen',
      'E-draft',
      'F-renews',
    ]);
    expect(await numbers({ status: 'expired' })).toEqual(['A-expired']);
    expect(await numbers({ status: 'active' })).toEqual(['B-soon', 'C-later', 'D-evergreen', 'F-renews']);
    // F renews 2026-12-31 with 30 days' notice: the deadline (2026-12-01) is what falls due
    expect(await numbers({ expiringWithin: 60 })).toEqual(['B-soon', 'F-renews']);
    expect(await numbers({ expiringWithin: 3 })).toEqual([]);
    expect(await numbers({ vendorId: w.other })).toEqual(['F-renews']);
    expect(await numbers({ q: 'soon' })).toEqual(['B-soon']);
    expect(await numbers({ sort: 'termEnd', dir: 'desc' })).toEqual([
      'D-evergreen',
      'C-later',
      'E-draft',
      'B-soon',
      'F-renews',
      'A-expired',
    ]);
    const page = await listContracts(w.ctx, { pageSize: 2, page: 3 });
    expect(page).toMatchObject({ total: 6, page: 3, pageSize: 2 });
    expect(page.items.map((c) => c.contractNumber)).toEqual(['E-draft', 'F-renews']);
    expect(await failure(listContracts(w.ctx, { sort: 'secret' }))).toMatchObject({
      code: 'validation_failed',
    });
    const soon = (await listContracts(w.ctx, { q: 'B-soon' })).items[0]!;
    expect(soon.alerts).toEqual([{ kind: 'expiry', date: '2027-01-10', daysLeft: 44, threshold: 45 }]);
  });

  it('raises alerts at 120, 90 and 45 days before expiry and notice deadlines', async () => {
    const w = await world(store, 'alerts');
    const today = '2026-11-27';
    const inDays = (d: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    for (const d of [121, 120, 90, 46, 45, 0, -1])
      await createContract(
        w.ctx,
        contractInput(w, { contractNumber: `E${d}`, termEnd: inDays(d), noticeDays: 0 }),
      );
    // notice deadline 45 days away, term end 105 days away
    await createContract(
      w.ctx,
      contractInput(w, { contractNumber: 'N45', termEnd: inDays(105), noticeDays: 60 }),
    );
    await createContract(
      w.ctx,
      contractInput(w, {
        contractNumber: 'R',
        termStart: '2025-01-01',
        termEnd: '2025-12-31',
        autoRenew: true,
        renewalMonths: 12,
        noticeDays: 30,
      }),
    );
    await createContract(
      w.ctx,
      contractInput(w, { contractNumber: 'D', termEnd: inDays(10), status: 'draft' }),
    );
    const alerts = await contractAlerts(w.ctx);
    const view = alerts.map((a) => `${a.contractNumber}:${a.kind}:${a.daysLeft}:${a.threshold}`);
    expect(view).toEqual([
      'E0:expiry:0:45',
      'R:notice:4:45',
      'E45:expiry:45:45',
      'N45:notice:45:45',
      'E46:expiry:46:90',
      'E90:expiry:90:90',
      'N45:expiry:105:120',
      'E120:expiry:120:120',
    ]);
    expect(alerts[0]).toMatchObject({ vendor: 'AT&T', date: today });
    expect((await contractAlerts(w.ctx, { withinDays: 45 })).map((a) => a.contractNumber)).toEqual([
      'E0',
      'R',
      'E45',
      'N45',
    ]);
    const expired = (await listContracts(w.ctx, { q: 'E-1' })).items[0]!;
    expect(expired).toMatchObject({ effectiveStatus: 'expired', alerts: [] });
  });

  it('tracks spend commitments on the linked accounts with exact projection', async () => {
    const w = await world(store, 'commit');
    const c = await createContract(
      w.ctx,
      contractInput(w, {
        termStart: '2026-01-01',
        termEnd: '2028-12-31',
        commitmentKind: 'spend',
        commitmentPeriod: 'annual',
        commitmentAmount: '12000',
      }),
    );
    await setContractAccounts(w.ctx, c.id, [w.accounts[0]]);
    const [a100, a200] = w.accounts as [string, string];
    await seedInvoice(w.ctx, w, { account: a100, date: '2026-01-15' }, [
      { amount: units(1000) },
      { amount: units(100), kind: 'tax' },
      { amount: units(50), infoOnly: true },
      { amount: -units(200), kind: 'credit_adjustment' },
    ]);
    await seedInvoice(w.ctx, w, { account: a100, date: null, periodStart: '2026-03-01' }, [
      { amount: units(3300), kind: 'usage' },
    ]);
    // none of these count: an unlinked account, last year, another currency, a superseded copy
    await seedInvoice(w.ctx, w, { account: a200, date: '2026-02-01' }, [{ amount: units(999) }]);
    await seedInvoice(w.ctx, w, { account: a100, date: '2025-12-31' }, [{ amount: units(999) }]);
    await seedInvoice(w.ctx, w, { account: a100, date: '2026-02-01', currency: 'EUR' }, [
      { amount: units(999) },
    ]);
    await seedInvoice(w.ctx, w, { account: a100, date: '2026-02-01', status: 'superseded' }, [
      { amount: units(999) },
    ]);

    const { summary, series } = await contractCommitment(w.ctx, c.id);
    // 2026-01-01 .. 2026-11-27 is 331 of 365 days; 4100 × 365 / 331 = 4521.148036253… → truncated to the cent
    expect(summary).toEqual({
      kind: 'spend',
      period: 'annual',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      elapsedDays: 331,
      periodDays: 365,
      currency: 'USD',
      committed: '12000.00',
      spendToDate: '4100.00',
      projected: '4521.14',
      shortfall: '7478.86',
      committedVolume: null,
      servicesBilled: 0,
      volumeShortfall: null,
    });
    expect(series).toHaveLength(12);
    expect(series[0]).toEqual({ month: '2026-01', spend: '800.00', cumulative: '800.00' });
    expect(series[2]).toEqual({ month: '2026-03', spend: '3300.00', cumulative: '4100.00' });
    expect(series[10]).toEqual({ month: '2026-11', spend: '0.00', cumulative: '4100.00' });
    expect(series[11]).toEqual({ month: '2026-12', spend: '0.00', cumulative: null });
    expect((await getContract(w.ctx, c.id)).commitment).toEqual(summary);

    // reaching the commitment leaves no shortfall
    await seedInvoice(w.ctx, w, { account: a100, date: '2026-11-01' }, [{ amount: units(20000) }]);
    expect((await contractCommitment(w.ctx, c.id)).summary).toMatchObject({
      spendToDate: '24100.00',
      shortfall: '0.00',
    });
  });

  it('counts distinct billed services for volume commitments', async () => {
    const w = await world(store, 'volume');
    const c = await createContract(
      w.ctx,
      contractInput(w, { commitmentKind: 'volume', commitmentPeriod: 'monthly', commitmentVolume: 5 }),
    );
    await setContractAccounts(w.ctx, c.id, w.accounts);
    await seedInvoice(w.ctx, w, { account: w.accounts[0]!, date: '2026-11-05' }, [
      { amount: units(10), serviceId: 'S1' },
      { amount: units(10), serviceId: 'S2' },
      { amount: units(1), serviceId: 'S2', kind: 'tax' },
    ]);
    await seedInvoice(w.ctx, w, { account: w.accounts[1]!, date: '2026-11-20' }, [
      { amount: units(10), serviceId: 'S3' },
    ]);
    await seedInvoice(w.ctx, w, { account: w.accounts[1]!, date: '2026-10-31' }, [
      { amount: units(10), serviceId: 'S4' },
    ]);
    const { summary } = await contractCommitment(w.ctx, c.id);
    expect(summary).toMatchObject({
      kind: 'volume',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      committedVolume: 5,
      servicesBilled: 3,
      volumeShortfall: 2,
      committed: null,
      shortfall: null,
    });
    expect(
      (
        await contractCommitment(
          w.ctx,
          (
            await createContract(w.ctx, contractInput(w, { contractNumber: 'none' }))
          ).id,
        )
      ).summary,
    ).toBeNull();
  });

  it('keeps documents once per content, serves them back and forgets rows on delete', async () => {
    const w = await world(store, 'docs');
    const docs = localDocumentStore(localFileStore(dir));
    const a = await createContract(w.ctx, contractInput(w));
    const b = await createContract(w.ctx, contractInput(w, { contractNumber: 'MSA-2' }));
    const pdf = '%PDF-1.4 signed contract';
    const first = await addDocument(w.ctx, docs, a.id, {
      source: bufferSource('../../etc/MSA signed.pdf', pdf),
      contentType: 'application/pdf; charset=binary',
    });
    const second = await addDocument(w.ctx, docs, b.id, {
      source: bufferSource('copy.pdf', pdf),
      contentType: '<script>',
    });
    expect(first).toMatchObject({
      fileName: 'MSA signed.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      storage: 'local',
    });
    expect(second).toMatchObject({ contentType: 'application/octet-stream' });
    expect(second.sha256).toBe(first.sha256);
    const blobs = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
      (d) => d.isFile() && d.name === first.sha256,
    );
    expect(blobs).toHaveLength(1);

    expect((await listDocuments(w.ctx, a.id)).map((d) => d.fileName)).toEqual(['MSA signed.pdf']);
    const opened = await openDocument(w.ctx, docs, a.id, first.id);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(pdf);
    // a document is reached only through its own contract
    expect(await failure(openDocument(w.ctx, docs, b.id, first.id))).toMatchObject({ code: 'not_found' });

    expect(
      await failure(addDocument(w.ctx, docs, a.id, { source: bufferSource('empty.pdf', '') })),
    ).toMatchObject({
      code: 'validation_failed',
    });
    expect(
      await failure(
        addDocument(w.ctx, docs, a.id, { source: bufferSource('big.pdf', 'x'.repeat(100)), limit: 10 }),
      ),
    ).toMatchObject({ code: 'payload_too_large' });
    expect(
      await failure(addDocument(w.ctx, docs, 'nope', { source: bufferSource('x.pdf', 'x') })),
    ).toMatchObject({
      code: 'not_found',
    });

    await deleteDocument(w.ctx, a.id, first.id);
    expect(await listDocuments(w.ctx, a.id)).toEqual([]);
    // the blob stays: the other contract still has it
    const kept = await openDocument(w.ctx, docs, b.id, second.id);
    for await (const _chunk of kept.body);
    expect(kept.document.sha256).toBe(first.sha256);
  });

  it('keeps tenants apart', async () => {
    const a = await world(store, 'iso-a');
    const b = await world(store, 'iso-b');
    const c = await createContract(a.ctx, contractInput(a));
    const item = await createRateItem(a.ctx, c.id, { name: 'Line', code: '1FB' });
    for (const call of [
      () => getContract(b.ctx, c.id),
      () => updateContract(b.ctx, c.id, { name: 'hijacked' }),
      () => deleteContract(b.ctx, c.id),
      () => setContractAccounts(b.ctx, c.id, []),
      () => listRateItems(b.ctx, c.id),
      () => createRateItem(b.ctx, c.id, { name: 'x', code: 'x' }),
      () => updateRateItem(b.ctx, item.id, { name: 'hijacked' }),
      () => deleteRateItem(b.ctx, item.id),
      () => contractCommitment(b.ctx, c.id),
      () => listDocuments(b.ctx, c.id),
    ])
      expect(await failure(call())).toMatchObject({ code: 'not_found' });
    // a contract may not name another tenant's vendor, nor link its accounts
    expect(await failure(createContract(b.ctx, contractInput(a)))).toMatchObject({
      code: 'validation_failed',
    });
    const own = await createContract(b.ctx, contractInput(b));
    expect(await failure(setContractAccounts(b.ctx, own.id, a.accounts))).toMatchObject({
      code: 'validation_failed',
    });
    expect((await listContracts(b.ctx, {})).items.map((x) => x.id)).toEqual([own.id]);
    expect((await searchRateItems(b.ctx, {})).total).toBe(0);
    expect(await contractAlerts(b.ctx)).toEqual([]);
    expect((await getContract(a.ctx, c.id)).name).toBe('Master services');
  });

  describe('CSV import', () => {
    const header =
      'vendor_code,contract_number,contract_name,term_start,term_end,auto_renew,renewal_months,notice_days,currency,commitment_kind,commitment_period,commitment_amount,billing_accounts,rate_item_name,code,description_pattern,charge_kind,unit,unit_rate,mrc,nrc,discount_pct,effective_from,effective_to';
    const csv = (...lines: string[]) => `${header}\n${lines.join('\n')}\n`;
    const msa = 'ATT,MSA-9,Master,2026-01-01,2027-12-31,yes,12,60,USD,spend,annual,50000,100;200';
    const lines = [
      `${msa},Business line,1FB,,recurring,line,,25.00,,10,2026-01-01,`,
      `${msa},Business line,1FB,,recurring,line,,23.50,,10,2027-01-01,`,
      `${msa},Unlimited,,*UNLIMITED*,usage,GB,0.01,,,,,`,
    ];

    it('previews, applies, then finds nothing left to change', async () => {
      const w = await world(store, 'csv');
      const dry = await importContracts(w.ctx, { file: 'c.csv', content: csv(...lines), dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, applied: false, creates: 3, updates: 0, errors: 0 });
      expect(dry.lines.map((l) => [l.line, l.action, l.contract, l.rateItem])).toEqual([
        [2, 'create', 'create', 'create'],
        [3, 'create', 'unchanged', 'create'],
        [4, 'create', 'unchanged', 'create'],
      ]);
      expect((await listContracts(w.ctx, {})).total).toBe(0);
      expect(
        await w.ctx.db
          .selectFrom('audit_events')
          .select('seq')
          .where('entity', '=', 'contract')
          .where('tenant_id', '=', w.ctx.tenantId)
          .execute(),
      ).toEqual([]);

      const real = await importContracts(w.ctx, { file: 'c.csv', content: csv(...lines), dryRun: false });
      expect(real).toMatchObject({ applied: true, creates: 3, errors: 0 });
      const [c] = (await listContracts(w.ctx, {})).items;
      const detail = await getContract(w.ctx, c!.id);
      expect(detail).toMatchObject({
        contractNumber: 'MSA-9',
        autoRenew: true,
        renewalMonths: 12,
        noticeDays: 60,
        commitmentAmount: '50000.00',
      });
      expect(detail.accounts.map((a) => a.accountNumber)).toEqual(['100', '200']);
      expect(
        detail.rateItems.map((i) => [i.name, i.mrc, i.unitRate, i.discountPct, i.effectiveFrom]),
      ).toEqual([
        ['Business line', '25.00', null, '10', '2026-01-01'],
        ['Business line', '23.50', null, '10', '2027-01-01'],
        ['Unlimited', null, '0.01', null, null],
      ]);

      const again = await importContracts(w.ctx, { file: 'c.csv', content: csv(...lines), dryRun: false });
      expect(again).toMatchObject({ creates: 0, updates: 0, unchanged: 3, errors: 0 });
      const changed = await importContracts(w.ctx, {
        file: 'c.csv',
        content: csv(lines[0]!.replace('25.00', '26.00')),
        dryRun: false,
      });
      expect(changed.lines[0]).toMatchObject({ action: 'update', contract: 'unchanged', rateItem: 'update' });
    });

    it('applies nothing when any line is wrong, naming the file and line', async () => {
      const w = await world(store, 'csv-bad');
      const bad = [
        lines[0]!,
        `NOPE,X-1,Other,2026-01-01,,no,,0,USD,none,,,,Item,C1,,,,,1,,,,`,
        `${msa},Bad,B1,,recurring,,,abc,,,,`,
        `${msa.replace('Master', 'Changed')},Other,O1,,,,,1,,,,`,
        `ATT,MSA-10,Ten,2026-01-01,,no,,0,USD,none,,,999,Item,C1,,,,,1,,,,`,
        lines[0]!,
      ];
      const report = await importContracts(w.ctx, { file: 'bad.csv', content: csv(...bad), dryRun: false });
      expect(report).toMatchObject({ applied: false, errors: 5, creates: 1 });
      expect(report.lines.flatMap((l) => l.errors)).toEqual([
        'bad.csv line 3: vendor_code: no vendor NOPE',
        expect.stringMatching(/^bad\.csv line 4: mrc: not an amount/),
        'bad.csv line 5: the contract columns differ from line 2 for contract MSA-9',
        'bad.csv line 6: billing_accounts: 999 not billing account(s) of vendor ATT',
        'bad.csv line 7: the same rate item is already on line 2',
      ]);
      expect((await listContracts(w.ctx, {})).total).toBe(0);
      expect(
        await w.ctx.db
          .selectFrom('rate_items')
          .select('id')
          .where('tenant_id', '=', w.ctx.tenantId)
          .execute(),
      ).toEqual([]);
    });

    it('refuses a malformed file outright', async () => {
      const w = await world(store, 'csv-shape');
      const err = (content: string) =>
        failure(importContracts(w.ctx, { file: 'x.csv', content, dryRun: true }));
      expect(await err('vendor_code,contract_number,colour\nATT,1,red\n')).toMatchObject({
        message: expect.stringMatching(/^x\.csv line 1: unknown column\(s\) colour/),
      });
      expect(await err('contract_number\n1\n')).toMatchObject({
        message: 'x.csv line 1: missing key column(s) vendor_code',
      });
      expect(await err('vendor_code,contract_number\n"ATT,1\n')).toMatchObject({
        message: expect.stringMatching(/^x\.csv line \d+: not a valid CSV file/),
      });
      expect(await err('')).toMatchObject({ message: 'x.csv: the file is empty' });
    });
  });
});
