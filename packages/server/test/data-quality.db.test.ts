import type { Ctx } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertAccount,
  insertInvoice,
  insertPerson,
  insertService,
  insertVendor,
  usd,
} from '../../core/test/data-quality-fixtures.ts';
import {
  addUser,
  type Client,
  documentedRoutes,
  type Harness,
  harness,
  login,
  send,
  testEngine,
} from './helpers.ts';

const SLUG = 'dq-api';
const T = `/api/t/${SLUG}`;

describe(`data-quality and discovery API on ${testEngine}`, () => {
  let h: Harness;
  let sys: Ctx;
  let analyst: Client;
  let viewer: Client;
  let vendorId: string;
  let serviceId: string;

  beforeAll(async () => {
    h = await harness();
    sys = await h.tenant(SLUG);
    await addUser(sys, 'analyst@dq.test', 'analyst');
    await addUser(sys, 'viewer@dq.test', 'viewer');
    analyst = await login(h.app, 'analyst@dq.test');
    viewer = await login(h.app, 'viewer@dq.test');
    vendorId = await insertVendor(sys, 'CELL', 'wireless');
    const ban = await insertAccount(sys, vendorId, 'BAN-1');
    serviceId = await insertService(sys, { vendorId, identifier: '+13125550100' });
    await insertService(sys, {
      vendorId,
      identifier: '+13125550199',
      ownerId: await insertPerson(sys, 'Ada'),
    });
    await insertInvoice(sys, {
      vendorId,
      accountId: ban,
      number: 'INV-1',
      date: '2026-11-01',
      lines: ['+13125550100', '+13125550101', '+13125550102', '+13125550103'].map((s) => ({
        serviceId: s,
        amountNanos: usd(30),
        serviceType: 'phone',
      })),
    });
  });
  afterAll(() => h?.drop());

  it('documents every route in the OpenAPI document', async () => {
    const routes = documentedRoutes((await send(h.app, 'GET', '/api/openapi.json')).body);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/t/{tenant}/data-quality',
        'GET /api/t/{tenant}/data-quality/trend',
        'POST /api/t/{tenant}/data-quality/snapshots',
        'GET /api/t/{tenant}/data-quality/rules/{rule}/items',
        'GET /api/t/{tenant}/discovered',
        'POST /api/t/{tenant}/discovered/accept',
        'POST /api/t/{tenant}/discovered/merge',
        'POST /api/t/{tenant}/discovered/ignore',
        'POST /api/t/{tenant}/discovered/undo',
      ]),
    );
  });

  it('reports live scores to any member, and drills down into a rule', async () => {
    const res = await viewer.get(`${T}/data-quality`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.day).toBe('2026-11-27');
    const noOwner = res.body.rules.find((r: { id: string }) => r.id === 'no_owner');
    expect(noOwner).toMatchObject({
      domain: 'ownership',
      failing: 1,
      population: 2,
      score: 50,
      scoreBp: 5000,
    });
    expect(res.body.rules.find((r: { id: string }) => r.id === 'discovered_pending')).toMatchObject({
      failing: 3,
      population: 4,
    });
    const items = await viewer.get(`${T}/data-quality/rules/no_owner/items?pageSize=10`);
    expect(items.status).toBe(200);
    expect(items.body).toMatchObject({ rule: 'no_owner', kind: 'services', total: 1 });
    expect(items.body.items[0]).toMatchObject({
      id: serviceId,
      identifier: '+13125550100',
      vendorCode: 'CELL',
    });
    const pending = await viewer.get(`${T}/data-quality/rules/discovered_pending/items`);
    expect(pending.body).toMatchObject({ kind: 'discovered', total: 3 });
    expect((await viewer.get(`${T}/data-quality/rules/nope/items`)).status).toBe(404);
    expect((await viewer.get(`${T}/data-quality/rules/no_owner/items?pageSize=0`)).status).toBe(400);
  });

  it('takes a snapshot for service.write only, and shows it in the trend', async () => {
    const denied = await viewer.post(`${T}/data-quality/snapshots`);
    expect(denied.status).toBe(403);
    const taken = await analyst.post(`${T}/data-quality/snapshots`);
    expect(taken.status, taken.text).toBe(201);
    const trend = await viewer.get(`${T}/data-quality/trend?days=30`);
    expect(trend.status).toBe(200);
    expect(trend.body.points).toEqual([
      expect.objectContaining({ day: '2026-11-27', overall: taken.body.overall }),
    ]);
  });

  it('lists, accepts, ignores, merges and undoes discovered identifiers', async () => {
    const list = await viewer.get(`${T}/discovered?pageSize=10`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { identifier: string }) => i.identifier)).toEqual([
      '+13125550101',
      '+13125550102',
      '+13125550103',
    ]);
    expect(list.body.items[0]).toMatchObject({
      accountNumber: 'BAN-1',
      lastMonthAmount: '30.00',
      invoiceCount: 1,
    });

    const key = (identifier: string) => ({ vendorId, identifier });
    expect((await viewer.post(`${T}/discovered/ignore`, { items: [key('+13125550101')] })).status).toBe(403);
    expect((await analyst.post(`${T}/discovered/ignore`, { items: [] })).status).toBe(400);

    const accepted = await analyst.post(`${T}/discovered/accept`, { items: [key('+13125550101')] });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.accepted).toBe(1);
    const created = await sys.db
      .selectFrom('services')
      .selectAll()
      .where('id', '=', accepted.body.services[0].serviceId)
      .executeTakeFirstOrThrow();
    expect(created).toMatchObject({ tenant_id: sys.tenantId, identifier: '+13125550101', state: 'active' });

    const ignored = await analyst.post(`${T}/discovered/ignore`, {
      items: [{ ...key('+13125550102'), note: 'fee line' }],
    });
    expect(ignored.body).toEqual({ ignored: 1 });
    const merged = await analyst.post(`${T}/discovered/merge`, {
      items: [{ ...key('+13125550103'), serviceId }],
    });
    expect(merged.body).toEqual({ merged: 1 });
    expect((await viewer.get(`${T}/discovered`)).body.total).toBe(0);

    const again = await analyst.post(`${T}/discovered/ignore`, { items: [key('+13125550102')] });
    expect(again.status).toBe(409);
    const undone = await analyst.post(`${T}/discovered/undo`, key('+13125550103'));
    expect(undone.body).toEqual({ undone: 'merged' });
    expect(
      (await viewer.get(`${T}/discovered`)).body.items.map((i: { identifier: string }) => i.identifier),
    ).toEqual(['+13125550103']);
  });
});
