import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/access/permissions.ts';
import { listAuditEvents } from '../src/modules/audit-log/list.ts';
import { dataQualityReport } from '../src/modules/data-quality/index.ts';
import {
  acceptDiscovered,
  ignoreDiscovered,
  listDiscovered,
  MAX_DISCOVERY_BATCH,
  mergeDiscovered,
  undoDiscoveryDecision,
} from '../src/modules/discovery/index.ts';
import type { Ctx } from '../src/shared/context.ts';
import { AppError } from '../src/shared/errors.ts';
import { insertAccount, insertInvoice, insertService, insertVendor, usd } from './data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

let store: TestStore;
let n = 0;

interface World {
  ctx: Ctx;
  wireless: string;
  telecom: string;
  oldBan: string;
  newBan: string;
  known: string;
}

/**
 * A wireless vendor billing three numbers (one of them in inventory) over three invoices on two
 * accounts, and a telecom vendor billing one circuit.
 */
async function world(): Promise<World> {
  const ctx = await tenantCtx(store, `disc-${++n}`);
  const wireless = await insertVendor(ctx, 'CELL', 'wireless');
  const telecom = await insertVendor(ctx, 'TEL', 'telecom');
  const oldBan = await insertAccount(ctx, wireless, 'BAN-OLD');
  const newBan = await insertAccount(ctx, wireless, 'BAN-NEW');
  const telBan = await insertAccount(ctx, telecom, 'BAN-TEL');
  const known = await insertService(ctx, { vendorId: wireless, identifier: '+13125550100' });
  const phone = (serviceId: string, units: number, description = 'Unlimited plan') => ({
    serviceId,
    amountNanos: usd(units),
    serviceType: 'phone',
    description,
  });
  await insertInvoice(ctx, {
    vendorId: wireless,
    accountId: oldBan,
    number: 'C-09',
    date: '2026-09-05',
    lines: [phone('+13125550100', 40), phone('+13125550101', 40)],
  });
  await insertInvoice(ctx, {
    vendorId: wireless,
    accountId: oldBan,
    number: 'C-10',
    date: '2026-10-05',
    lines: [phone('+13125550101', 40), phone('+13125550102', 25)],
  });
  // The latest bill moves +…0101 to a new account and adds a one-time charge in the same month.
  await insertInvoice(ctx, {
    vendorId: wireless,
    accountId: newBan,
    number: 'C-10B',
    date: '2026-10-20',
    lines: [phone('+13125550101', 40.5), { ...phone('+13125550101', 9.99, 'SIM swap'), kind: 'one_time' }],
  });
  await insertInvoice(ctx, {
    vendorId: telecom,
    accountId: telBan,
    number: 'T-10',
    date: '2026-10-01',
    lines: [{ serviceId: 'DHEC/123456', amountNanos: usd(800), serviceType: 'circuit' }],
  });
  return { ctx, wireless, telecom, oldBan, newBan, known };
}

const identifiers = async (ctx: Ctx, p: Parameters<typeof listDiscovered>[1] = {}) =>
  (await listDiscovered(ctx, p)).items.map((i) => i.identifier).sort();

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const pendingCount = async (ctx: Ctx) =>
  (await dataQualityReport(ctx)).rules.find((r) => r.id === 'discovered_pending')!.failing;

describe(`discovery on ${testEngine}`, () => {
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => store.drop());

  it('lists identifiers billed but not in inventory, with account, dates, amounts and last charges', async () => {
    const w = await world();
    const page = await listDiscovered(w.ctx, {});
    expect(page.total).toBe(3);
    // most recently billed first
    expect(page.items.map((i) => i.identifier)).toEqual(['+13125550101', '+13125550102', 'DHEC/123456']);
    const moved = page.items[0]!;
    expect(moved).toMatchObject({
      vendorId: w.wireless,
      vendorCode: 'CELL',
      serviceTypeGuess: 'wireless',
      billingAccountId: w.newBan,
      accountNumber: 'BAN-NEW',
      firstSeen: '2026-09-05',
      lastSeen: '2026-10-20',
      invoiceCount: 3,
      currency: 'USD',
      lastMonth: '2026-10',
      // both October invoices: 40 + 40.50 + 9.99
      lastMonthAmount: '90.49',
    });
    expect(moved.lastCharges.map((c) => [c.invoiceNumber, c.amount])).toEqual([
      ['C-10B', '40.50'],
      ['C-10B', '9.99'],
      ['C-10', '40.00'],
      ['C-09', '40.00'],
    ]);
    expect(page.items[2]).toMatchObject({
      vendorCode: 'TEL',
      serviceTypeGuess: 'data_circuit',
      invoiceCount: 1,
    });
  });

  it('filters by text and vendor, and pages', async () => {
    const w = await world();
    expect(await identifiers(w.ctx, { q: 'dhec' })).toEqual(['DHEC/123456']);
    expect(await identifiers(w.ctx, { q: '%' })).toEqual([]);
    expect(await identifiers(w.ctx, { vendorId: w.wireless })).toEqual(['+13125550101', '+13125550102']);
    const second = await listDiscovered(w.ctx, { page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((i) => i.identifier)).toEqual(['DHEC/123456']);
  });

  it('accepts into inventory on the latest billing account, audited, and the identifier leaves the list', async () => {
    const w = await world();
    const before = await pendingCount(w.ctx);
    const res = await acceptDiscovered(w.ctx, [
      { vendorId: w.wireless, identifier: '+13125550101' },
      { vendorId: w.telecom, identifier: 'DHEC/123456', serviceType: 'data_circuit', description: 'HQ MPLS' },
    ]);
    expect(res.accepted).toBe(2);
    const services = await w.ctx.db
      .selectFrom('services')
      .selectAll()
      .where('tenant_id', '=', w.ctx.tenantId)
      .where(
        'id',
        'in',
        res.services.map((s) => s.serviceId),
      )
      .execute();
    const phone = services.find((s) => s.vendor_id === w.wireless)!;
    expect(phone).toMatchObject({
      service_type: 'wireless',
      state: 'active',
      billing_account_id: w.newBan,
      identifier: '+13125550101',
    });
    expect(services.find((s) => s.vendor_id === w.telecom)).toMatchObject({
      service_type: 'data_circuit',
      description: 'HQ MPLS',
    });
    expect(await identifiers(w.ctx)).toEqual(['+13125550102']);
    expect(await pendingCount(w.ctx)).toBe(before - 2);
    const decisions = await w.ctx.db
      .selectFrom('discovery_decisions')
      .selectAll()
      .where('tenant_id', '=', w.ctx.tenantId)
      .execute();
    expect(decisions.map((d) => d.decision)).toEqual(['accepted', 'accepted']);
    const events = (await listAuditEvents(w.ctx, { entity: 'discovered_service' })).items;
    expect(events.map((e) => e.action)).toEqual(['accepted', 'accepted']);
    expect((await listAuditEvents(w.ctx, { entity: 'service' })).total).toBe(2);
  });

  it('merges into an existing service as an alias, which counts as in inventory', async () => {
    const w = await world();
    await mergeDiscovered(w.ctx, { vendorId: w.wireless, identifier: '+13125550102', serviceId: w.known });
    const alias = await w.ctx.db
      .selectFrom('service_aliases')
      .selectAll()
      .where('tenant_id', '=', w.ctx.tenantId)
      .executeTakeFirstOrThrow();
    expect(alias).toMatchObject({ vendor_id: w.wireless, identifier: '+13125550102', service_id: w.known });
    expect(await identifiers(w.ctx)).toEqual(['+13125550101', 'DHEC/123456']);
    expect(await pendingCount(w.ctx)).toBe(2);
    const [event] = (await listAuditEvents(w.ctx, { entity: 'discovered_service' })).items;
    expect(event).toMatchObject({ action: 'merged', after: { serviceId: w.known } });

    // An alias alone (without a decision) also takes the identifier out of discovery.
    await w.ctx.db
      .insertInto('service_aliases')
      .values({
        tenant_id: w.ctx.tenantId,
        vendor_id: w.telecom,
        identifier: 'DHEC/123456',
        service_id: w.known,
        created_at: '2026-11-27',
      })
      .execute();
    expect(await identifiers(w.ctx)).toEqual(['+13125550101']);
  });

  it('refuses a merge into a service that does not exist or belongs to another tenant', async () => {
    const w = await world();
    const other = await world();
    const missing = await failure(
      mergeDiscovered(w.ctx, { vendorId: w.wireless, identifier: '+13125550102', serviceId: other.known }),
    );
    expect(missing.code).toBe('not_found');
    expect(await identifiers(w.ctx)).toHaveLength(3);
  });

  it('ignores with a note; undo makes the identifier pending again, and takes a merge’s alias back', async () => {
    const w = await world();
    await ignoreDiscovered(w.ctx, [
      { vendorId: w.telecom, identifier: 'DHEC/123456', note: 'account-level fee' },
    ]);
    expect(await identifiers(w.ctx)).toEqual(['+13125550101', '+13125550102']);
    const decision = await w.ctx.db
      .selectFrom('discovery_decisions')
      .selectAll()
      .where('tenant_id', '=', w.ctx.tenantId)
      .executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decision: 'ignored', note: 'account-level fee', actor: 'system:test' });

    expect(await undoDiscoveryDecision(w.ctx, { vendorId: w.telecom, identifier: 'DHEC/123456' })).toEqual({
      undone: 'ignored',
    });
    await mergeDiscovered(w.ctx, [{ vendorId: w.wireless, identifier: '+13125550102', serviceId: w.known }]);
    await undoDiscoveryDecision(w.ctx, { vendorId: w.wireless, identifier: '+13125550102' });
    expect(await identifiers(w.ctx)).toHaveLength(3);
    expect(
      await w.ctx.db
        .selectFrom('service_aliases')
        .selectAll()
        .where('tenant_id', '=', w.ctx.tenantId)
        .execute(),
    ).toEqual([]);
    const actions = (await listAuditEvents(w.ctx, { entity: 'discovered_service' })).items.map(
      (e) => e.action,
    );
    expect(actions).toEqual(['undo', 'merged', 'undo', 'ignored']);

    await acceptDiscovered(w.ctx, [{ vendorId: w.wireless, identifier: '+13125550102' }]);
    const err = await failure(
      undoDiscoveryDecision(w.ctx, { vendorId: w.wireless, identifier: '+13125550102' }),
    );
    expect(err.code).toBe('conflict');
    expect(
      (await failure(undoDiscoveryDecision(w.ctx, { vendorId: w.telecom, identifier: 'NOPE' }))).code,
    ).toBe('not_found');
  });

  it('is all or nothing: one identifier that is not pending refuses the whole batch', async () => {
    const w = await world();
    const before = await w.ctx.db.selectFrom('audit_events').select('seq').execute();
    const err = await failure(
      ignoreDiscovered(w.ctx, [
        { vendorId: w.wireless, identifier: '+13125550101' },
        { vendorId: w.wireless, identifier: '+13125550100' }, // already in inventory
      ]),
    );
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('+13125550100');
    const acceptErr = await failure(
      acceptDiscovered(w.ctx, [
        { vendorId: w.wireless, identifier: '+13125550101' },
        { vendorId: w.wireless, identifier: 'NEVER-BILLED' },
      ]),
    );
    expect(acceptErr.code).toBe('conflict');
    expect(await identifiers(w.ctx)).toHaveLength(3);
    expect(await w.ctx.db.selectFrom('audit_events').select('seq').execute()).toHaveLength(before.length);
    const twice = await failure(
      ignoreDiscovered(w.ctx, [
        { vendorId: w.wireless, identifier: '+13125550101' },
        { vendorId: w.wireless, identifier: '+13125550101' },
      ]),
    );
    expect(twice.code).toBe('validation_failed');
    const tooMany = Array.from({ length: MAX_DISCOVERY_BATCH + 1 }, (_, i) => ({
      vendorId: w.wireless,
      identifier: `X${i}`,
    }));
    expect((await failure(ignoreDiscovered(w.ctx, tooMany))).code).toBe('validation_failed');
  });

  it('keeps tenants apart and checks permissions', async () => {
    const a = await world();
    const b = await tenantCtx(store, `disc-${++n}`);
    expect((await listDiscovered(b, {})).total).toBe(0);
    const err = await failure(ignoreDiscovered(b, [{ vendorId: a.wireless, identifier: '+13125550101' }]));
    expect(err.code).toBe('conflict');
    expect(await identifiers(a.ctx)).toHaveLength(3);

    const viewer: Actor = { kind: 'user', id: 'u1', userId: 'u1', role: 'viewer' };
    const asViewer = { ...a.ctx, actor: viewer };
    expect((await listDiscovered(asViewer, {})).total).toBe(3);
    const denied = await failure(
      ignoreDiscovered(asViewer, [{ vendorId: a.wireless, identifier: '+13125550101' }]),
    );
    expect(denied.code).toBe('forbidden');
  });
});
