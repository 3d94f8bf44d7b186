import { type Ctx, createService, listServices } from '@temops/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBill, seedInventoryRefs } from '../../core/test/inventory-fixtures.ts';
import { addUser, auditHead, type Client, type Harness, harness, login, testEngine } from './helpers.ts';

const T = '/api/t/svc';

describe(`services API on ${testEngine}`, () => {
  let h: Harness;
  let sys: Ctx;
  let refs: Awaited<ReturnType<typeof seedInventoryRefs>>;
  let analyst: Client;
  let viewer: Client;

  beforeAll(async () => {
    h = await harness();
    sys = await h.tenant('svc');
    refs = await seedInventoryRefs(sys);
    await addUser(sys, 'ana@svc.test', 'analyst');
    await addUser(sys, 'vi@svc.test', 'viewer');
    analyst = await login(h.app, 'ana@svc.test');
    viewer = await login(h.app, 'vi@svc.test');
  });
  afterAll(() => h?.drop());

  it('creates, reads, changes and moves a service through the lifecycle', async () => {
    const created = await analyst.post(`${T}/services`, {
      serviceType: 'wireless',
      identifier: '312-555-0100',
      vendorId: refs.vendor,
      billingAccountId: refs.account,
      expectedMonthly: '39.99',
      tags: ['Fleet'],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      identifier: '+13125550100',
      expectedMonthly: '39.99',
      currency: 'USD',
      vendorCode: 'ACME',
      billingAccountNumber: 'A-100',
      tags: ['fleet'],
    });
    const id = created.body.id;
    const dup = await analyst.post(`${T}/services`, {
      serviceType: 'wireless',
      identifier: '(312) 555 0100',
      vendorId: refs.vendor,
    });
    expect(dup.status).toBe(409);
    const bad = await analyst.post(`${T}/services`, {
      serviceType: 'wireless',
      identifier: 'x',
      vendorId: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      'identifier',
      'vendorId',
    ]);

    const patched = await analyst.patch(`${T}/services/${id}`, {
      ownerId: refs.person,
      description: 'CEO phone',
    });
    expect(patched.body).toMatchObject({ ownerName: 'Ana Diaz', description: 'CEO phone' });
    const noState = await analyst.patch(`${T}/services/${id}`, { state: 'disconnected' });
    expect(noState.status).toBe(400);

    const moved = await analyst.post(`${T}/services/${id}/transitions`, {
      to: 'disconnect_requested',
      effectiveOn: '2026-12-01',
      note: 'leaver',
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ state: 'disconnect_requested', disconnectRequestedOn: '2026-12-01' });
    expect(moved.body.transitions.at(-1)).toMatchObject({
      to: 'disconnect_requested',
      actorName: 'ana@svc.test',
    });
    const refused = await analyst.post(`${T}/services/${id}/transitions`, {
      to: 'suspended',
      effectiveOn: '2026-12-02',
    });
    expect(refused.status).toBe(409);

    const history = await viewer.get(`${T}/services/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'transition',
      'update',
      'create',
    ]);
    expect((await viewer.get(`${T}/services/${id}`)).body.transitions).toHaveLength(2);
    expect((await viewer.del(`${T}/services/${id}`)).status).toBe(403);
    expect((await analyst.del(`${T}/services/${id}`)).status).toBe(409);
  });

  it('lists with filters, sort and paging, and reports charges by month', async () => {
    for (const n of ['3125550201', '3125550202', '3125550203'])
      await createService(sys, {
        serviceType: 'wireless',
        identifier: n,
        vendorId: refs.vendor,
        costCenterId: refs.costCenter,
      });
    await insertBill(sys, {
      vendorId: refs.vendor,
      accountId: refs.account,
      number: 'INV-9',
      periodStart: '2026-10-01',
      charges: [
        { serviceId: '+13125550201', amount: '20.10' },
        { serviceId: '+13125550201', amount: '5' },
      ],
    });
    const page = await viewer.get(
      `${T}/services?costCenterId=${refs.costCenter}&sort=identifier&dir=desc&pageSize=2`,
    );
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((s: { identifier: string }) => s.identifier)).toEqual([
      '+13125550203',
      '+13125550202',
    ]);
    const missing = await viewer.get(`${T}/services?missing=costCenter`);
    expect(missing.body.items.map((s: { identifier: string }) => s.identifier)).toEqual(['+13125550100']);
    expect((await viewer.get(`${T}/services?missing=nothing`)).status).toBe(400);
    expect((await viewer.get(`${T}/services?pageSize=501`)).status).toBe(400);
    const id = page.body.items.length && (await viewer.get(`${T}/services?q=0201`)).body.items[0].id;
    const charges = await viewer.get(`${T}/services/${id}/charges`);
    expect(charges.body.monthly).toEqual([{ month: '2026-10', amount: '25.10', currency: 'USD' }]);
  });

  it('bulk-updates and reviews, refusing more than 10,000 ids', async () => {
    const ids = (await listServices(sys, { pageSize: 500 })).items.map((s) => s.id);
    const head = await auditHead(h.store);
    const r = await analyst.post(`${T}/services/bulk-update`, {
      ids,
      set: { locationId: refs.location, addTags: ['q4'] },
    });
    expect(r.body).toEqual({ updated: ids.length });
    expect(await auditHead(h.store)).toBe(head + ids.length);
    const rev = await analyst.post(`${T}/services/review`, {
      ids: ids.slice(0, 2),
      evidence: 'checked with finance',
    });
    expect(rev.body).toEqual({ reviewed: 2 });
    const tooMany = await analyst.post(`${T}/services/review`, {
      ids: Array.from({ length: 10_001 }, (_, i) => `id-${i}`),
      evidence: 'x',
    });
    expect(tooMany.status).toBe(400);
    expect((await viewer.post(`${T}/services/review`, { ids, evidence: 'x' })).status).toBe(403);
  });

  it('imports a CSV with a dry-run diff, then applies it; exports round-trip unchanged', async () => {
    const file =
      'type,identifier,vendor,cost_center,expected_monthly,currency\nwireless,312 555 0201,ACME,,12,USD\nwireless,3125550299,ACME,CC1,5,USD\n';
    const dry = await analyst.csv(`${T}/services/import?file=lines.csv&dryRun=true`, file);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.lines.flatMap((l: { errors: string[] }) => l.errors)).toEqual([]);
    expect(dry.body).toMatchObject({ applied: false, creates: 1, updates: 1, errors: 0 });
    expect(dry.body.lines[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'cost_center', before: 'CC1', after: null },
        { field: 'expected_monthly', before: null, after: '12.00' },
      ]),
    );
    const applied = await analyst.csv(`${T}/services/import?file=lines.csv&dryRun=false`, file);
    expect(applied.body).toMatchObject({ applied: true, creates: 1, updates: 1 });
    const bad = await analyst.csv(
      `${T}/services/import?file=bad.csv&dryRun=false`,
      'type,identifier,vendor\nwireless,1,NOPE\n',
    );
    expect(bad.body).toMatchObject({ applied: false, errors: 1 });
    expect(bad.body.lines[0].errors[0]).toMatch(/^bad\.csv line 2: /);
    const mapped = await analyst.csv(
      `${T}/services/import?dryRun=true&mapping=${encodeURIComponent(JSON.stringify({ type: 'T', identifier: 'N', vendor: 'V' }))}`,
      'T,N,V\nwireless,3125550299,ACME\n',
    );
    expect(mapped.body).toMatchObject({ unchanged: 1, columns: { type: 'T' } });

    const csv = await viewer.get(`${T}/services/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('services.csv');
    const back = await analyst.csv(`${T}/services/import?file=services.csv&dryRun=true`, csv.text);
    expect(back.body).toMatchObject({ errors: 0, creates: 0, updates: 0, unchanged: 5 });
    const filtered = await viewer.get(`${T}/services/export?costCenterId=${refs.costCenter}`);
    expect(filtered.text.trim().split('\r\n')).toHaveLength(1 + 3);

    const xlsx = await h.app.request(`${T}/services/export?format=xlsx`, { headers: viewer.headers('GET') });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(6);
    const xlsxBack = await h.app.request(`${T}/services/import?file=s.xlsx&dryRun=true`, {
      method: 'POST',
      headers: analyst.headers('POST', { 'content-type': 'application/octet-stream' }),
      body: bytes,
    });
    expect(await xlsxBack.json()).toMatchObject({ format: 'xlsx', errors: 0, unchanged: 5 });
  });

  it('manages service types and per-user saved views', async () => {
    const t = await analyst.post(`${T}/service-types`, {
      code: 'pager',
      name: 'Pager',
      identifierKind: 'text',
      attributes: [{ key: 'capcode', label: 'Cap code', type: 'text' }],
    });
    expect(t.status, t.text).toBe(201);
    const list = await viewer.get(`${T}/service-types`);
    expect(list.body.map((x: { code: string }) => x.code)).toEqual(
      expect.arrayContaining(['wireless', 'saas', 'pager']),
    );
    const renamed = await analyst.patch(`${T}/service-types/${t.body.id}`, { name: 'Pagers' });
    expect(renamed.body.name).toBe('Pagers');
    const kind = await analyst.post(`${T}/service-types`, {
      code: 'wireless',
      name: 'W',
      identifierKind: 'text',
      attributes: [],
    });
    expect(kind.status).toBe(400);
    await createService(sys, { serviceType: 'pager', identifier: 'P-1', vendorId: refs.vendor });
    expect((await analyst.del(`${T}/service-types/${t.body.id}`)).status).toBe(409);

    const saved = await viewer.post(`${T}/saved-views`, {
      page: 'services',
      name: 'Mine',
      state: { filters: { state: 'active' } },
    });
    expect(saved.status, saved.text).toBe(200);
    await viewer.post(`${T}/saved-views`, {
      page: 'services',
      name: 'Mine',
      state: { filters: { state: 'ordered' } },
    });
    const views = await viewer.get(`${T}/saved-views?page=services`);
    expect(views.body).toEqual([
      expect.objectContaining({ name: 'Mine', state: { filters: { state: 'ordered' } } }),
    ]);
    expect((await analyst.get(`${T}/saved-views?page=services`)).body).toEqual([]);
    expect((await analyst.del(`${T}/saved-views/${saved.body.id}`)).status).toBe(404);
    expect((await viewer.del(`${T}/saved-views/${saved.body.id}`)).status).toBe(204);
  });

  it('hides other tenants’ services', async () => {
    const other = await h.tenant('svc-other');
    const theirRefs = await seedInventoryRefs(other, 'O');
    const theirs = await createService(other, {
      serviceType: 'device',
      identifier: 'D-1',
      vendorId: theirRefs.vendor,
    });
    expect((await analyst.get(`${T}/services/${theirs.id}`)).status).toBe(404);
    expect(
      (await analyst.post(`${T}/services/bulk-update`, { ids: [theirs.id], set: { ownerId: null } })).status,
    ).toBe(404);
    // not a member there: the tenant does not exist as far as this user can tell
    expect((await analyst.get(`/api/t/svc-other/services`)).status).toBe(404);
  });
});
