import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../src/modules/access/permissions.ts';
import { listAuditEvents } from '../src/modules/audit-log/list.ts';
import {
  bulkUpdateServices,
  createService,
  createServiceType,
  deleteService,
  exportServices,
  getService,
  importServices,
  listServices,
  reviewServices,
  serviceCharges,
  serviceHistory,
  transitionService,
  updateService,
} from '../src/modules/inventory/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { insertBill, seedInventoryRefs } from './inventory-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

const analyst: Actor = { kind: 'user', id: 'u-analyst', userId: 'u-analyst', role: 'analyst' };

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe(`inventory of services on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Awaited<ReturnType<typeof tenantCtx>>;
  let refs: Awaited<ReturnType<typeof seedInventoryRefs>>;

  beforeAll(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store, 'inv');
    refs = await seedInventoryRefs(ctx);
  });
  afterAll(() => store.drop());

  it('creates a service with a normalised identifier, labels and the account currency', async () => {
    const s = await createService(ctx, {
      serviceType: 'wireless',
      identifier: '(312) 555-0100',
      vendorId: refs.vendor,
      billingAccountId: refs.account,
      ownerId: refs.person,
      costCenterId: refs.costCenter,
      rateItemId: refs.rateItem,
      expectedMonthly: '40.5',
      tags: ['Sales', 'sales', ' Fleet '],
    });
    expect(s).toMatchObject({
      identifier: '+13125550100',
      state: 'active',
      activatedOn: '2026-11-27',
      currency: 'USD',
      expectedMonthly: '40.50',
      tags: ['fleet', 'sales'],
      vendorCode: 'ACME',
      billingAccountNumber: 'A-100',
      ownerName: 'Ana Diaz',
      costCenterCode: 'CC1',
      rateItemName: 'Unlimited plan',
      contractNumber: 'K-1',
      contractId: refs.contract,
    });
    const same = await failure(
      createService(ctx, { serviceType: 'wireless', identifier: '+1 312 555 0100', vendorId: refs.vendor }),
    );
    expect(same.code).toBe('conflict');
    const wrongVendor = await failure(
      createService(ctx, {
        serviceType: 'wireless',
        identifier: '312 555 0199',
        vendorId: refs.other,
        billingAccountId: refs.account,
        rateItemId: refs.rateItem,
      }),
    );
    expect(wrongVendor.message).toContain('billingAccountId: the account belongs to another vendor');
    expect(wrongVendor.message).toContain("rateItemId: the rate item is in another vendor's contract");
    const notPhone = await failure(
      createService(ctx, { serviceType: 'wireless', identifier: 'abc', vendorId: refs.vendor }),
    );
    expect(notPhone.message).toMatch(/identifier: abc is not a phone number/);
  });

  it('validates custom attributes against the type definitions', async () => {
    await createServiceType(ctx, {
      code: 'iot_sim',
      name: 'IoT SIM',
      identifierKind: 'text',
      attributes: [
        { key: 'iccid', label: 'ICCID', type: 'text' },
        { key: 'apn', label: 'APN', type: 'enum', values: ['private', 'public'] },
        { key: 'data_mb', label: 'Data (MB)', type: 'number' },
      ],
    });
    const s = await createService(ctx, {
      serviceType: 'iot_sim',
      identifier: ' SIM-1 ',
      vendorId: refs.vendor,
      attributes: { iccid: '8901', apn: 'private', data_mb: 500 },
    });
    expect(s).toMatchObject({
      identifier: 'SIM-1',
      attributes: { iccid: '8901', apn: 'private', data_mb: '500' },
    });
    const bad = await failure(
      updateService(ctx, s.id, { attributes: { apn: 'open', data_mb: 'lots', colour: 'red' } }),
    );
    expect(bad.message).toContain('attribute apn: must be one of private, public');
    expect(bad.message).toContain('attribute data_mb: not a number');
    expect(bad.message).toContain('attribute colour: type iot_sim has no such attribute');
  });

  it('moves services along the lifecycle, refusing moves the rules forbid, recording who and when', async () => {
    const s = await createService(ctx, {
      serviceType: 'data_circuit',
      identifier: ' 12.hcgs 123456 ',
      vendorId: refs.vendor,
      state: 'ordered',
      orderedOn: '2026-10-01',
    });
    expect(s.identifier).toBe('12.HCGS123456');
    const me = { ...ctx, actor: analyst };
    await transitionService(me, s.id, { to: 'active', effectiveOn: '2026-10-15' });
    await transitionService(me, s.id, { to: 'suspended', effectiveOn: '2026-11-01', note: 'site closed' });
    const back = await transitionService(me, s.id, { to: 'active', effectiveOn: '2026-11-10' });
    // the first activation date is kept; the suspension date is cleared when it ends
    expect(back).toMatchObject({ state: 'active', activatedOn: '2026-10-15', suspendedOn: null });
    expect(back.transitions.map((t) => [t.from, t.to, t.effectiveOn, t.actor])).toEqual([
      [null, 'ordered', '2026-10-01', 'system:test'],
      ['ordered', 'active', '2026-10-15', 'user:u-analyst'],
      ['active', 'suspended', '2026-11-01', 'user:u-analyst'],
      ['suspended', 'active', '2026-11-10', 'user:u-analyst'],
    ]);
    expect(back.transitions[2]!.note).toBe('site closed');
    const early = await failure(
      transitionService(me, s.id, { to: 'disconnected', effectiveOn: '2026-10-01' }),
    );
    expect(early.message).toMatch(/before the service became active/);
    await transitionService(me, s.id, { to: 'disconnect_requested', effectiveOn: '2026-11-20' });
    const done = await transitionService(me, s.id, { to: 'disconnected', effectiveOn: '2026-11-30' });
    expect(done).toMatchObject({ disconnectRequestedOn: '2026-11-20', disconnectedOn: '2026-11-30' });
    const final = await failure(transitionService(me, s.id, { to: 'active', effectiveOn: '2026-12-01' }));
    expect(final.code).toBe('conflict');
    expect(final.message).toBe('state: a service cannot go from disconnected to active');
    const events = await listAuditEvents(ctx, { entity: 'service', entityId: s.id });
    expect(events.items.filter((e) => e.action === 'transition').map((e) => e.actor)).toEqual(
      Array(5).fill('user:u-analyst'),
    );
    expect((await serviceHistory(ctx, s.id)).total).toBe(6);
  });

  it('deletes only services still on order and never billed', async () => {
    const ordered = await createService(ctx, {
      serviceType: 'saas',
      identifier: ' m365-e3 ',
      vendorId: refs.other,
      state: 'ordered',
    });
    expect(ordered.identifier).toBe('M365-E3');
    const active = await createService(ctx, { serviceType: 'saas', identifier: 'E5', vendorId: refs.other });
    expect((await failure(deleteService(ctx, active.id))).code).toBe('conflict');
    const billed = await createService(ctx, {
      serviceType: 'wireline',
      identifier: '2125550111',
      vendorId: refs.vendor,
      state: 'ordered',
    });
    await insertBill(ctx, {
      vendorId: refs.vendor,
      accountId: refs.account,
      number: 'DEL-1',
      periodStart: '2026-10-01',
      charges: [{ serviceId: '+12125550111', amount: '10' }],
    });
    expect((await failure(deleteService(ctx, billed.id))).message).toMatch(/has been billed/);
    await deleteService(ctx, ordered.id);
    expect((await failure(getService(ctx, ordered.id))).code).toBe('not_found');
  });

  it('sums the charges billed under the identifier by month', async () => {
    const s = await createService(ctx, {
      serviceType: 'wireless',
      identifier: '3125550177',
      vendorId: refs.vendor,
      billingAccountId: refs.account,
    });
    for (const [n, month, amounts] of [
      ['CH-1', '2026-08-01', ['40', '2.5']],
      ['CH-2', '2026-09-01', ['40']],
    ] as const)
      await insertBill(ctx, {
        vendorId: refs.vendor,
        accountId: refs.account,
        number: n,
        periodStart: month,
        charges: amounts.map((amount) => ({ serviceId: '+13125550177', amount })),
      });
    // the same number at another vendor is another service's charge
    await insertBill(ctx, {
      vendorId: refs.other,
      accountId: refs.otherAccount,
      number: 'CH-X',
      periodStart: '2026-09-01',
      charges: [{ serviceId: '+13125550177', amount: '99' }],
    });
    const charges = await serviceCharges(ctx, s.id);
    expect(charges.monthly).toEqual([
      { month: '2026-08', amount: '42.50', currency: 'USD' },
      { month: '2026-09', amount: '40.00', currency: 'USD' },
    ]);
    expect(charges.latest).toHaveLength(3);
    expect(charges.latest[0]).toMatchObject({ invoiceNumber: 'CH-2', amount: '40.00' });
  });

  it('bulk-updates and reviews with one audit event per changed service', async () => {
    const a = await createService(ctx, {
      serviceType: 'device',
      identifier: 'IMEI-1',
      vendorId: refs.vendor,
      tags: ['old'],
    });
    const b = await createService(ctx, {
      serviceType: 'device',
      identifier: 'IMEI-2',
      vendorId: refs.vendor,
      ownerId: refs.person2,
      tags: ['keep'],
    });
    const c = await createService(ctx, { serviceType: 'device', identifier: 'IMEI-3', vendorId: refs.other });
    const r = await bulkUpdateServices(ctx, {
      ids: [a.id, b.id],
      set: { ownerId: refs.person2, locationId: refs.location, addTags: ['Mobile'], removeTags: ['old'] },
    });
    expect(r).toEqual({ updated: 2 });
    expect(await getService(ctx, a.id)).toMatchObject({
      ownerId: refs.person2,
      tags: ['mobile'],
      locationCode: 'HQ',
    });
    expect((await getService(ctx, b.id)).tags).toEqual(['keep', 'mobile']);
    const again = await bulkUpdateServices(ctx, { ids: [a.id, b.id], set: { ownerId: refs.person2 } });
    expect(again).toEqual({ updated: 0 });
    const events = async (id: string, action: string) =>
      (await listAuditEvents(ctx, { entity: 'service', entityId: id })).items.filter(
        (e) => e.action === action,
      );
    expect(await events(a.id, 'bulk_update')).toHaveLength(1);
    expect((await events(b.id, 'bulk_update'))[0]!.before).toEqual({ locationId: null, tags: ['keep'] });
    // the account belongs to the other vendor's service: nothing is written
    const mixed = await failure(
      bulkUpdateServices(ctx, { ids: [a.id, c.id], set: { billingAccountId: refs.account } }),
    );
    expect(mixed.message).toMatch(/IMEI-3 is billed by another vendor/);
    expect((await getService(ctx, a.id)).billingAccountId).toBeNull();

    expect(await reviewServices(ctx, { ids: [a.id, c.id], evidence: 'confirmed with Bo' })).toEqual({
      reviewed: 2,
    });
    expect(await getService(ctx, c.id)).toMatchObject({
      lastReviewedOn: '2026-11-27',
      reviewEvidence: 'confirmed with Bo',
    });
    expect(await events(c.id, 'review')).toHaveLength(1);
    expect((await failure(reviewServices(ctx, { ids: [a.id, 'nope'], evidence: 'x' }))).code).toBe(
      'not_found',
    );
  });

  it('lists with filters, missing references, tags, search and sorting', async () => {
    const all = await listServices(ctx, { pageSize: 500 });
    expect(all.total).toBe(all.items.length);
    const noOwner = await listServices(ctx, { missing: 'owner', pageSize: 500 });
    expect(noOwner.total).toBeGreaterThan(0);
    expect(noOwner.items.every((s) => s.ownerId === null)).toBe(true);
    expect(noOwner.total).toBe(all.items.filter((s) => s.ownerId === null).length);
    const mobile = await listServices(ctx, { tag: 'Mobile' });
    expect(mobile.items.map((s) => s.identifier).sort()).toEqual(['IMEI-1', 'IMEI-2']);
    const byOwnerName = await listServices(ctx, { q: 'bo chen' });
    expect(byOwnerName.items.map((s) => s.identifier).sort()).toEqual(['IMEI-1', 'IMEI-2']);
    // a search counts its matches in the page query; a page past the end still has the total
    expect(byOwnerName.total).toBe(2);
    const firstOfTwo = await listServices(ctx, { q: 'bo chen', pageSize: 1, sort: 'identifier' });
    expect(firstOfTwo).toMatchObject({ total: 2, items: [{ identifier: 'IMEI-1' }] });
    expect(await listServices(ctx, { q: 'bo chen', page: 3, pageSize: 1 })).toMatchObject({
      total: 2,
      items: [],
    });
    const byDigits = await listServices(ctx, { q: '312-555-0100' });
    expect(byDigits.items.map((s) => s.identifier)).toEqual(['+13125550100']);
    const other = await listServices(ctx, { vendorId: refs.other, state: 'active', type: 'device' });
    expect(other.items.map((s) => s.identifier)).toEqual(['IMEI-3']);
    const desc = await listServices(ctx, { sort: 'identifier', dir: 'desc', pageSize: 500 });
    const ids = desc.items.map((s) => s.identifier);
    expect(ids).toEqual([...ids].sort().reverse());
    const byVendor = await listServices(ctx, { sort: 'vendor', pageSize: 500 });
    expect(byVendor.items.map((s) => s.vendorCode)).toEqual(
      [...byVendor.items.map((s) => s.vendorCode)].sort(),
    );
    const page2 = await listServices(ctx, { sort: 'identifier', pageSize: 2, page: 2 });
    expect(page2.items.map((s) => s.identifier)).toEqual(
      (await listServices(ctx, { sort: 'identifier', pageSize: 500 })).items
        .slice(2, 4)
        .map((s) => s.identifier),
    );
    expect((await failure(listServices(ctx, { sort: 'password' }))).code).toBe('validation_failed');
  });
});

describe(`inventory import and export on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Awaited<ReturnType<typeof tenantCtx>>;
  let refs: Awaited<ReturnType<typeof seedInventoryRefs>>;
  const total = async () => (await listServices(ctx, { pageSize: 1 })).total;

  beforeAll(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store, 'imp');
    refs = await seedInventoryRefs(ctx);
  });
  afterAll(() => store.drop());

  const HEADER =
    'type,identifier,vendor,billing_account,owner,cost_center,contract,rate_item,expected_monthly,state,tags';

  it('previews without writing, then creates, then finds every line unchanged', async () => {
    const file = csv(
      HEADER,
      'wireless,(312) 555-0100,ACME,A-100,E1,CC1,K-1,UNL,40,active,sales',
      'wireless,312.555.0101,acme,,E2,,,,,ordered,',
      'data_circuit,ab 123,BETA,B-200,,,,,100.5,active,wan;core',
    );
    const before = await total();
    const dry = await importServices(ctx, { file: 'lines.csv', content: file, dryRun: true });
    expect(dry).toMatchObject({ applied: false, creates: 3, updates: 0, errors: 0 });
    expect(await total()).toBe(before);
    const run = await importServices(ctx, { file: 'lines.csv', content: file, dryRun: false });
    expect(run).toMatchObject({ applied: true, creates: 3, errors: 0 });
    expect(run.lines.map((l) => l.key)).toEqual(['ACME +13125550100', 'acme +13125550101', 'BETA AB123']);
    const [s] = (await listServices(ctx, { q: '3125550100' })).items;
    expect(s).toMatchObject({
      ownerName: 'Ana Diaz',
      rateItemName: 'Unlimited plan',
      expectedMonthly: '40.00',
      currency: 'USD',
      tags: ['sales'],
    });
    const circuit = (await listServices(ctx, { q: 'AB123' })).items[0]!;
    expect(circuit).toMatchObject({ currency: 'EUR', tags: ['core', 'wan'] });
    const again = await importServices(ctx, { file: 'lines.csv', content: file, dryRun: false });
    expect(again).toMatchObject({ creates: 0, updates: 0, unchanged: 3 });
  });

  it('matches the same number written three ways to one service; another vendor is another service', async () => {
    const before = await total();
    const r = await importServices(ctx, {
      file: 'three.csv',
      content: csv('type,identifier,vendor,description', 'wireless,+1 312 555 0100,ACME,first'),
      dryRun: false,
    });
    expect(r).toMatchObject({ updates: 1, creates: 0 });
    expect(r.lines[0]!.changes).toEqual([{ field: 'description', before: null, after: 'first' }]);
    const r2 = await importServices(ctx, {
      file: 'three.csv',
      content: csv(
        'Service Type,Phone Number,Carrier',
        'wireless,13125550100,ACME',
        'wireless,3125550100,BETA',
      ),
      dryRun: false,
    });
    expect(r2.lines.map((l) => l.action)).toEqual(['unchanged', 'create']);
    expect(await total()).toBe(before + 1);
    const dup = await importServices(ctx, {
      file: 'dup.csv',
      content: csv('type,identifier,vendor', 'wireless,312-555-0188,ACME', 'wireless,(312) 555 0188,ACME'),
      dryRun: false,
    });
    expect(dup.lines[1]!.errors).toEqual(['dup.csv line 3: the same service as line 2']);
  });

  it('writes nothing when one line is bad, naming the file and line', async () => {
    const before = await total();
    const head = await store.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow();
    const r = await importServices(ctx, {
      file: 'bad.csv',
      content: csv(
        'type,identifier,vendor,owner,expected_monthly,currency',
        'wireless,3125550300,ACME,E1,10,USD',
        'wireless,+1 312 555 0100,ACME,E1,20,USD',
        'wireless,3125550301,ACME,E404,1,USD',
      ),
      dryRun: false,
    });
    expect(r).toMatchObject({ applied: false, creates: 1, updates: 1, errors: 1 });
    expect(r.lines[2]!.errors).toEqual(['bad.csv line 4: owner: no person with employee id E404']);
    expect(await total()).toBe(before);
    expect((await listServices(ctx, { q: '3125550100', vendorId: refs.vendor })).items[0]!.ownerId).toBe(
      refs.person,
    );
    const after = await store.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow();
    expect(Number(after.seq)).toBe(Number(head.seq));
    const missing = await failure(
      importServices(ctx, { file: 'nokey.csv', content: csv('identifier,vendor', 'x,ACME'), dryRun: true }),
    );
    expect(missing.message).toBe('nokey.csv line 1: missing column(s) type');
    // what a person needs to finish the mapping: every header, and what was already matched
    expect(missing.details).toMatchObject({
      headers: ['identifier', 'vendor'],
      columns: { identifier: 'identifier', vendor: 'vendor' },
    });
  });

  it('takes a column mapping and applies state changes through the lifecycle rules', async () => {
    const mapping = {
      type: 'Kind',
      identifier: 'Number',
      vendor: 'Supplier',
      state: 'Status',
      activated_on: 'Live',
    };
    const r = await importServices(ctx, {
      file: 'map.csv',
      content: csv(
        'Kind,Number,Supplier,Status,Live,Notes',
        'wireless,312.555.0101,ACME,active,2026-11-28,x',
      ),
      dryRun: false,
      mapping,
    });
    expect(r).toMatchObject({ updates: 1, ignoredColumns: ['Notes'], columns: { state: 'Status' } });
    expect(r.lines[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'state', before: 'ordered', after: 'active' },
        { field: 'activated_on', before: null, after: '2026-11-28' },
      ]),
    );
    const [s] = (await listServices(ctx, { q: '3125550101' })).items;
    const detail = await getService(ctx, s!.id);
    expect(detail.transitions.at(-1)).toMatchObject({
      from: 'ordered',
      to: 'active',
      effectiveOn: '2026-11-28',
    });
    const refused = await importServices(ctx, {
      file: 'map.csv',
      content: csv('Kind,Number,Supplier,Status', 'wireless,312.555.0101,ACME,ordered'),
      dryRun: false,
      mapping: { type: 'Kind', identifier: 'Number', vendor: 'Supplier', state: 'Status' },
    });
    expect(refused.lines[0]!.errors).toEqual([
      'map.csv line 2: state: a service cannot go from active to ordered',
    ]);
  });

  it('exports what the filters select and imports the export back unchanged (CSV and XLSX)', async () => {
    await bulkUpdateServices(ctx, {
      ids: (await listServices(ctx, { pageSize: 500 })).items.map((s) => s.id),
      set: { locationId: refs.location, addTags: ['audit 2026'] },
    });
    const all = await exportServices(ctx, {}, 'csv');
    expect(all.rows).toBe(await total());
    const text = all.body.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'type,identifier,vendor,billing_account,description,owner,cost_center,location,contract,rate_item,expected_monthly,currency,state,ordered_on,activated_on,suspended_on,disconnect_requested_on,disconnected_on,tags,last_reviewed_on,review_evidence',
    );
    const back = await importServices(ctx, { file: 'export.csv', content: all.body, dryRun: true });
    expect(back).toMatchObject({ errors: 0, creates: 0, updates: 0, unchanged: all.rows });
    const beta = await exportServices(ctx, { vendorId: refs.other }, 'xlsx');
    expect(beta.rows).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(beta.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(2).value).toBe('+13125550100');
    const xlsxBack = await importServices(ctx, { file: 'export.xlsx', content: beta.body, dryRun: true });
    expect(xlsxBack).toMatchObject({ format: 'xlsx', errors: 0, unchanged: 2 });
  });

  it('imports an XLSX file with its own headers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lines');
    ws.addRow(['Service Type', 'Circuit ID', 'Vendor Code', 'Cost Center', 'Activation Date']);
    ws.addRow(['data_circuit', 'zz 900', 'BETA', 'CC1', new Date('2026-03-04T00:00:00Z')]);
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await importServices(ctx, { file: 'sites.xlsx', content, dryRun: false });
    expect(r).toMatchObject({ applied: true, creates: 1, errors: 0 });
    const [s] = (await listServices(ctx, { q: 'ZZ900' })).items;
    expect(s).toMatchObject({ costCenterCode: 'CC1', activatedOn: '2026-03-04', vendorCode: 'BETA' });
  });

  it('keeps tenants apart: no references to, or sight of, another tenant', async () => {
    const other = await tenantCtx(store, 'imp-other');
    const theirs = await seedInventoryRefs(other, 'X');
    const theirService = await createService(other, {
      serviceType: 'wireless',
      identifier: '3125550999',
      vendorId: theirs.vendor,
    });
    expect((await listServices(ctx, { q: '3125550999' })).total).toBe(0);
    expect((await failure(getService(ctx, theirService.id))).code).toBe('not_found');
    const ownerElsewhere = await failure(
      createService(ctx, {
        serviceType: 'wireless',
        identifier: '3125550998',
        vendorId: refs.vendor,
        ownerId: theirs.person,
        costCenterId: theirs.costCenter,
      }),
    );
    expect(ownerElsewhere.message).toBe('ownerId: no such person; costCenterId: no such cost center');
    const vendorElsewhere = await failure(
      createService(ctx, { serviceType: 'wireless', identifier: '3125550997', vendorId: theirs.vendor }),
    );
    expect(vendorElsewhere.message).toBe('vendorId: no such vendor');
    const viaFile = await importServices(ctx, {
      file: 'x.csv',
      content: csv('type,identifier,vendor,owner', 'wireless,3125550996,ACMEX,E1X'),
      dryRun: true,
    });
    expect(viaFile.lines[0]!.errors).toEqual(['x.csv line 2: vendor: no vendor ACMEX']);
    expect(
      (await failure(bulkUpdateServices(ctx, { ids: [theirService.id], set: { ownerId: null } }))).code,
    ).toBe('not_found');
  });

  it('refuses callers without service.write', async () => {
    const viewer = { ...ctx, actor: { ...analyst, role: 'viewer' as const } };
    const err = await failure(importServices(viewer, { file: 'a.csv', content: csv(HEADER), dryRun: true }));
    expect(err.code).toBe('forbidden');
    expect((await listServices({ ...ctx, actor: systemActor('x') }, {})).total).toBeGreaterThan(0);
  });
});
