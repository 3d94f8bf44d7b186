import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../src/modules/access/permissions.ts';
import { listAuditEvents } from '../src/modules/audit-log/list.ts';
import {
  dataQualityReport,
  dataQualityTrend,
  listRuleItems,
  snapshotEveryTenant,
  takeDataQualitySnapshot,
} from '../src/modules/data-quality/index.ts';
import { scoreCounts } from '../src/modules/data-quality/scores.ts';
import type { Ctx } from '../src/shared/context.ts';
import { AppError } from '../src/shared/errors.ts';
import {
  insertAccount,
  insertCostCenter,
  insertInvoice,
  insertLocation,
  insertPerson,
  insertRateItem,
  insertService,
  insertVendor,
  usd,
} from './data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

// The test clock says 2026-11-27.
const TODAY = '2026-11-27';
const YESTERDAY = '2026-11-26';
const TOMORROW = '2026-11-28';

let store: TestStore;
let n = 0;
const newTenant = () => tenantCtx(store, `dq-${++n}`);

async function rule(ctx: Ctx, id: string) {
  const r = (await dataQualityReport(ctx)).rules.find((x) => x.id === id)!;
  return { failing: r.failing, population: r.population };
}

/** Identifiers the drill-down lists for a rule (all pages). */
async function failingIdentifiers(ctx: Ctx, id: string) {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await listRuleItems(ctx, id, { page, pageSize: 2 });
    out.push(...res.items.map((i) => ('identifier' in i ? i.identifier : '')));
    if (page * 2 >= res.total) return out.sort();
  }
}

async function expectForbidden(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('forbidden');
}

describe(`data-quality rules on ${testEngine}`, () => {
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => store.drop());

  it('scores an empty tenant 100 % with empty populations', async () => {
    const ctx = await newTenant();
    const report = await dataQualityReport(ctx);
    expect(report.day).toBe(TODAY);
    expect(report.overall).toBe(100);
    expect(report.overallBp).toBe(10000);
    expect(report.domains.map((d) => [d.domain, d.scoreBp])).toEqual([
      ['ownership', 10000],
      ['assignment', 10000],
      ['contracts', 10000],
      ['currency_of_data', 10000],
      ['identity', 10000],
    ]);
    expect(report.rules.map((r) => r.id)).toHaveLength(10);
    expect(report.rules.every((r) => r.population === 0 && r.failing === 0 && r.score === 100)).toBe(true);
  });

  it('no_owner: active and suspended services without an owner fail; other states are not counted', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const owner = await insertPerson(ctx, 'Ada');
    await insertService(ctx, { vendorId: v, identifier: 'A-NONE' });
    await insertService(ctx, { vendorId: v, identifier: 'A-OWNED', ownerId: owner });
    await insertService(ctx, { vendorId: v, identifier: 'S-NONE', state: 'suspended' });
    await insertService(ctx, { vendorId: v, identifier: 'D-NONE', state: 'disconnected' });
    await insertService(ctx, { vendorId: v, identifier: 'O-NONE', state: 'ordered' });
    expect(await rule(ctx, 'no_owner')).toEqual({ failing: 2, population: 3 });
    expect(await failingIdentifiers(ctx, 'no_owner')).toEqual(['A-NONE', 'S-NONE']);
  });

  it('owner_left: a leaver date of today or earlier fails, tomorrow does not; disconnected services are not counted', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const leftYesterday = await insertPerson(ctx, 'Bo', YESTERDAY);
    const leavesToday = await insertPerson(ctx, 'Cy', TODAY);
    const leavesTomorrow = await insertPerson(ctx, 'Di', TOMORROW);
    const stays = await insertPerson(ctx, 'Ed');
    await insertService(ctx, { vendorId: v, identifier: 'L1', ownerId: leftYesterday });
    await insertService(ctx, { vendorId: v, identifier: 'L2', ownerId: leavesToday });
    await insertService(ctx, { vendorId: v, identifier: 'L3', ownerId: leavesTomorrow });
    await insertService(ctx, { vendorId: v, identifier: 'L4', ownerId: stays });
    await insertService(ctx, { vendorId: v, identifier: 'L5', ownerId: leftYesterday, state: 'ordered' });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'L6',
      ownerId: leftYesterday,
      state: 'disconnected',
    });
    await insertService(ctx, { vendorId: v, identifier: 'L7' });
    expect(await rule(ctx, 'owner_left')).toEqual({ failing: 3, population: 5 });
    expect(await failingIdentifiers(ctx, 'owner_left')).toEqual(['L1', 'L2', 'L5']);
    const [item] = (await listRuleItems(ctx, 'owner_left')).items;
    expect(item).toMatchObject({ identifier: 'L1', ownerName: 'Bo', leaverDate: YESTERDAY, vendorCode: 'V' });
  });

  it('no_cost_center, no_location and no_contract_item count active services missing the assignment', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const cc = await insertCostCenter(ctx, 'CC1');
    const loc = await insertLocation(ctx, 'HQ');
    const item = await insertRateItem(ctx, v, { number: 'K1', termEnd: null });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'FULL',
      costCenterId: cc,
      locationId: loc,
      rateItemId: item,
    });
    await insertService(ctx, { vendorId: v, identifier: 'NO-CC', locationId: loc, rateItemId: item });
    await insertService(ctx, { vendorId: v, identifier: 'NO-LOC', costCenterId: cc, rateItemId: item });
    await insertService(ctx, { vendorId: v, identifier: 'NO-ITEM', costCenterId: cc, locationId: loc });
    await insertService(ctx, { vendorId: v, identifier: 'GONE', state: 'disconnected' });
    expect(await rule(ctx, 'no_cost_center')).toEqual({ failing: 1, population: 4 });
    expect(await rule(ctx, 'no_location')).toEqual({ failing: 1, population: 4 });
    expect(await rule(ctx, 'no_contract_item')).toEqual({ failing: 1, population: 4 });
    expect(await failingIdentifiers(ctx, 'no_cost_center')).toEqual(['NO-CC']);
    expect(await failingIdentifiers(ctx, 'no_location')).toEqual(['NO-LOC']);
    expect(await failingIdentifiers(ctx, 'no_contract_item')).toEqual(['NO-ITEM']);
  });

  it('location_closed: a site closed today or earlier fails; a closing date tomorrow does not', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const closedYesterday = await insertLocation(ctx, 'OLD', YESTERDAY);
    const closedToday = await insertLocation(ctx, 'SHUT', TODAY);
    const closingTomorrow = await insertLocation(ctx, 'SOON', TOMORROW);
    const open = await insertLocation(ctx, 'HQ');
    await insertService(ctx, { vendorId: v, identifier: 'C1', locationId: closedYesterday });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'C2',
      locationId: closedToday,
      state: 'disconnect_requested',
    });
    await insertService(ctx, { vendorId: v, identifier: 'C3', locationId: closingTomorrow });
    await insertService(ctx, { vendorId: v, identifier: 'C4', locationId: open });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'C5',
      locationId: closedYesterday,
      state: 'disconnected',
    });
    await insertService(ctx, { vendorId: v, identifier: 'C6' });
    expect(await rule(ctx, 'location_closed')).toEqual({ failing: 2, population: 4 });
    expect(await failingIdentifiers(ctx, 'location_closed')).toEqual(['C1', 'C2']);
    const items = (await listRuleItems(ctx, 'location_closed')).items;
    expect(items[0]).toMatchObject({
      locationCode: 'OLD',
      locationStatus: 'closed',
      locationClosedOn: YESTERDAY,
    });
  });

  it('not_reviewed: never reviewed, or more than 90 days ago, fails; exactly 90 days ago does not', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    await insertService(ctx, { vendorId: v, identifier: 'R-NEVER' });
    await insertService(ctx, { vendorId: v, identifier: 'R-91', lastReviewedOn: '2026-08-28' });
    await insertService(ctx, { vendorId: v, identifier: 'R-90', lastReviewedOn: '2026-08-29' });
    await insertService(ctx, { vendorId: v, identifier: 'R-TODAY', lastReviewedOn: TODAY });
    await insertService(ctx, { vendorId: v, identifier: 'R-GONE', state: 'disconnected' });
    expect(await rule(ctx, 'not_reviewed')).toEqual({ failing: 2, population: 4 });
    expect(await failingIdentifiers(ctx, 'not_reviewed')).toEqual(['R-91', 'R-NEVER']);
  });

  it('duplicate_identifier: every live member of a group fails, across vendors; disconnected ones do not count', async () => {
    const ctx = await newTenant();
    const a = await insertVendor(ctx, 'A');
    const b = await insertVendor(ctx, 'B');
    await insertService(ctx, { vendorId: a, identifier: '+13125550100' });
    await insertService(ctx, { vendorId: b, identifier: '+13125550100', state: 'ordered' });
    await insertService(ctx, { vendorId: a, identifier: '+13125550199' });
    await insertService(ctx, { vendorId: b, identifier: '+13125550199', state: 'disconnected' });
    await insertService(ctx, { vendorId: a, identifier: 'UNIQUE' });
    expect(await rule(ctx, 'duplicate_identifier')).toEqual({ failing: 2, population: 4 });
    expect(await failingIdentifiers(ctx, 'duplicate_identifier')).toEqual(['+13125550100', '+13125550100']);
  });

  it('contract_expired: lapsed without renewal or terminated fails; renewing or ending today does not', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const lapsed = await insertRateItem(ctx, v, { number: 'LAPSED', termEnd: YESTERDAY });
    const endsToday = await insertRateItem(ctx, v, { number: 'TODAY', termEnd: TODAY });
    const renews = await insertRateItem(ctx, v, {
      number: 'RENEWS',
      termEnd: YESTERDAY,
      autoRenew: true,
      renewalMonths: 12,
    });
    const renewsNoLength = await insertRateItem(ctx, v, {
      number: 'NOLEN',
      termEnd: YESTERDAY,
      autoRenew: true,
    });
    const terminated = await insertRateItem(ctx, v, {
      number: 'TERM',
      termEnd: '2030-01-01',
      status: 'terminated',
    });
    const open = await insertRateItem(ctx, v, { number: 'OPEN', termEnd: null });
    await insertService(ctx, { vendorId: v, identifier: 'K-LAPSED', rateItemId: lapsed });
    await insertService(ctx, { vendorId: v, identifier: 'K-TODAY', rateItemId: endsToday });
    await insertService(ctx, { vendorId: v, identifier: 'K-RENEWS', rateItemId: renews });
    await insertService(ctx, { vendorId: v, identifier: 'K-NOLEN', rateItemId: renewsNoLength });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'K-TERM',
      rateItemId: terminated,
      state: 'suspended',
    });
    await insertService(ctx, { vendorId: v, identifier: 'K-OPEN', rateItemId: open });
    await insertService(ctx, {
      vendorId: v,
      identifier: 'K-GONE',
      rateItemId: lapsed,
      state: 'disconnected',
    });
    await insertService(ctx, { vendorId: v, identifier: 'K-NONE' });
    expect(await rule(ctx, 'contract_expired')).toEqual({ failing: 3, population: 6 });
    expect(await failingIdentifiers(ctx, 'contract_expired')).toEqual(['K-LAPSED', 'K-NOLEN', 'K-TERM']);
    const item = (await listRuleItems(ctx, 'contract_expired')).items.find(
      (i) => 'contractNumber' in i && i.contractNumber === 'LAPSED',
    );
    expect(item).toMatchObject({ rateItemName: 'Plan LAPSED', contractTermEnd: YESTERDAY });
  });

  it('discovered_pending: billed identifiers not in inventory, not aliased and not decided', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const w = await insertVendor(ctx, 'W');
    const acct = await insertAccount(ctx, v, 'BAN-1');
    const wAcct = await insertAccount(ctx, w, 'BAN-W');
    const known = await insertService(ctx, { vendorId: v, identifier: 'KNOWN' });
    await insertService(ctx, { vendorId: v, identifier: 'OLD', state: 'disconnected' });
    const line = (serviceId: string | null) => ({ serviceId, amountNanos: usd(10) });
    await insertInvoice(ctx, {
      vendorId: v,
      accountId: acct,
      number: 'I1',
      date: '2026-10-01',
      lines: [
        line('KNOWN'),
        line('OLD'),
        line('ALIASED'),
        line('IGNORED'),
        line('NEW'),
        line('NEW'),
        line(null),
      ],
    });
    // the same identifier from another vendor is another line in another inventory
    await insertInvoice(ctx, {
      vendorId: w,
      accountId: wAcct,
      number: 'W1',
      date: '2026-10-01',
      lines: [line('KNOWN')],
    });
    await insertInvoice(ctx, {
      vendorId: v,
      accountId: acct,
      number: 'I0',
      date: '2026-09-01',
      status: 'superseded',
      lines: [line('REPLACED')],
    });
    await ctx.db
      .insertInto('service_aliases')
      .values({
        tenant_id: ctx.tenantId,
        vendor_id: v,
        identifier: 'ALIASED',
        service_id: known,
        created_at: TODAY,
      })
      .execute();
    await ctx.db
      .insertInto('discovery_decisions')
      .values({
        tenant_id: ctx.tenantId,
        vendor_id: v,
        identifier: 'IGNORED',
        decision: 'ignored',
        service_id: null,
        note: null,
        actor: 'system:test',
        created_at: TODAY,
      })
      .execute();
    expect(await rule(ctx, 'discovered_pending')).toEqual({ failing: 2, population: 6 });
    const res = await listRuleItems(ctx, 'discovered_pending');
    expect(res.kind).toBe('discovered');
    expect(res.items.map((i) => [i.vendorId, i.identifier])).toEqual(
      expect.arrayContaining([
        [v, 'NEW'],
        [w, 'KNOWN'],
      ]),
    );
    expect(res.total).toBe(2);
  });

  it('computes domain and overall scores from the counts, exactly', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    const owner = await insertPerson(ctx, 'Ada');
    await insertService(ctx, { vendorId: v, identifier: 'X1', ownerId: owner, lastReviewedOn: TODAY });
    await insertService(ctx, { vendorId: v, identifier: 'X2', ownerId: owner, lastReviewedOn: TODAY });
    await insertService(ctx, { vendorId: v, identifier: 'X3', lastReviewedOn: TODAY });
    const report = await dataQualityReport(ctx);
    // no_owner 1 of 3 fails (6667 bp), owner_left 0 of 2: ownership = (2/3 + 1)/2 = 8333 bp
    expect(report.rules.find((r) => r.id === 'no_owner')).toMatchObject({
      failing: 1,
      population: 3,
      scoreBp: 6667,
    });
    expect(report.domains.find((d) => d.domain === 'ownership')?.scoreBp).toBe(8333);
    // every service lacks cost center, location and rate item: assignment = (0 + 0 + 1)/3, contracts = (0 + 1)/2
    expect(report.domains.find((d) => d.domain === 'assignment')?.scoreBp).toBe(3333);
    expect(report.domains.find((d) => d.domain === 'contracts')?.scoreBp).toBe(5000);
    // (5/6 + 1/3 + 1/2 + 1 + 1) / 5 = 11/15 → 7333.33 → 7333
    expect(report.overallBp).toBe(7333);
    expect(report.overall).toBe(73.33);
    const again = scoreCounts(report.rules);
    expect(again.overallBp).toBe(report.overallBp);
  });

  it('keeps one snapshot per day: re-running replaces the numbers and is audited each time', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    await insertService(ctx, { vendorId: v, identifier: 'S1' });
    const first = await takeDataQualitySnapshot(ctx);
    await insertService(ctx, { vendorId: v, identifier: 'S2', ownerId: await insertPerson(ctx, 'Ann') });
    const second = await takeDataQualitySnapshot(ctx);
    expect(second.overallBp).not.toBe(first.overallBp);
    const counts = await ctx.db
      .selectFrom('dq_rule_counts')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect(counts).toHaveLength(10);
    expect(counts.find((c) => c.rule === 'no_owner')).toMatchObject({
      day: TODAY,
      failing: 1,
      population: 2,
    });
    const scores = await ctx.db
      .selectFrom('dq_scores')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect(scores).toHaveLength(6);
    expect(scores.find((s) => s.domain === 'overall')?.score_bp).toBe(second.overallBp);
    const events = (await listAuditEvents(ctx, { entity: 'data_quality' })).items;
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.action === 'snapshot' && e.entityId === TODAY)).toBe(true);
  });

  it('reads the trend oldest first, within the window asked for', async () => {
    const ctx = await newTenant();
    const v = await insertVendor(ctx, 'V');
    await insertService(ctx, { vendorId: v, identifier: 'T1' });
    const day = 86_400_000;
    const clock = { now: () => new Date(Date.parse('2026-11-25T12:00:00Z')) };
    await takeDataQualitySnapshot({ ...ctx, clock });
    await insertService(ctx, { vendorId: v, identifier: 'T2', ownerId: await insertPerson(ctx, 'Al') });
    await takeDataQualitySnapshot({ ...ctx, clock: { now: () => new Date(clock.now().getTime() + day) } });
    await takeDataQualitySnapshot(ctx);
    const trend = await dataQualityTrend(ctx, { days: 90 });
    expect(trend.points.map((p) => p.day)).toEqual(['2026-11-25', '2026-11-26', TODAY]);
    expect(trend.points[0]!.ownership).toBeLessThan(trend.points[1]!.ownership!);
    expect(trend.points.every((p) => p.overall !== null && p.identity === 100)).toBe(true);
    expect((await dataQualityTrend(ctx, { days: 2 })).points.map((p) => p.day)).toEqual([
      '2026-11-26',
      TODAY,
    ]);
    const other = await newTenant();
    expect((await dataQualityTrend(other)).points).toEqual([]);
  });

  it('snapshots every tenant as the system', async () => {
    const ctx = await newTenant();
    const results = await snapshotEveryTenant(store, ctx.clock);
    expect(results.length).toBeGreaterThanOrEqual(n);
    expect(results.every((r) => r.error === null)).toBe(true);
    const rows = await ctx.db
      .selectFrom('dq_scores')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    expect(rows.find((r) => r.domain === 'overall')?.score_bp).toBe(10000);
  });

  it('keeps tenants apart and checks permissions', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const v = await insertVendor(a, 'V');
    await insertService(a, { vendorId: v, identifier: 'MINE' });
    expect((await rule(b, 'no_owner')).population).toBe(0);
    expect((await listRuleItems(b, 'no_owner')).items).toEqual([]);
    const viewer: Actor = { kind: 'user', id: 'u1', userId: 'u1', role: 'viewer' };
    const asViewer = { ...a, actor: viewer };
    expect((await dataQualityReport(asViewer)).rules.find((r) => r.id === 'no_owner')?.failing).toBe(1);
    await expectForbidden(takeDataQualitySnapshot(asViewer));
    const err = await listRuleItems({ ...a, actor: systemActor() }, 'no_such_rule').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('not_found');
  });
});
