import type { Ctx } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedInvoice } from '../../core/test/exceptions-fixtures.ts';
import { startDqScheduler } from '../src/dq-scheduler.ts';
import {
  addUser,
  type Client,
  type Harness,
  harness,
  login,
  type Res,
  type TestUser,
  testEngine,
} from './helpers.ts';

const T = '/api/t/xapi';
const DAY = 86_400_000;

describe(`exceptions API on ${testEngine}`, () => {
  let h: Harness;
  let ctx: Ctx;
  let admin: Client;
  let analyst: Client;
  let viewer: Client;
  let otherAdmin: Client;
  let ana: TestUser;
  let stranger: TestUser;
  let first: Awaited<ReturnType<typeof auditedInvoice>>;
  let second: Awaited<ReturnType<typeof auditedInvoice>>;
  /** ids by service identifier */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await harness();
    ctx = await h.tenant('xapi');
    const other = await h.tenant('xapi-other');
    await addUser(ctx, 'admin@xapi.test', 'admin');
    ana = await addUser(ctx, 'ana@xapi.test', 'analyst');
    await addUser(ctx, 'viewer@xapi.test', 'viewer');
    stranger = await addUser(other, 'admin@other.test', 'admin');
    first = await auditedInvoice(ctx, 'INV-100', 'TELCO');
    second = await auditedInvoice(ctx, 'INV-200', 'CELL');
    await auditedInvoice(other, 'INV-900', 'ELSE');
    const rows = await ctx.db
      .selectFrom('findings')
      .selectAll()
      .where('tenant_id', '=', ctx.tenantId)
      .execute();
    for (const r of rows) ids[r.service_identifier!] = r.id;
    admin = await login(h.app, 'admin@xapi.test');
    analyst = await login(h.app, 'ana@xapi.test');
    viewer = await login(h.app, 'viewer@xapi.test');
    otherAdmin = await login(h.app, 'admin@other.test');
  });
  afterAll(() => h?.drop());

  const list = async (c: Client, query: string) => {
    const res = await c.get(`${T}/exceptions?${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as { items: { serviceIdentifier: string }[]; total: number; totalVariance: string };
  };
  const idents = async (query: string, c: Client = viewer) =>
    (await list(c, query)).items.map((i) => i.serviceIdentifier);

  it('lists the active queue, largest variance first, with totals, filters and sorts', async () => {
    const all = await list(viewer, '');
    expect(all.total).toBe(6);
    expect(all.totalVariance).toBe('95.00');
    expect(all.items[0]).toMatchObject({
      rule: 'not_in_inventory',
      ruleName: 'Charge not in inventory',
      severity: 'high',
      blocking: false,
      state: 'open',
      variance: '30.00',
      billed: '30.00',
      expected: '0.00',
      currency: 'USD',
      queue: 'audit',
      owner: null,
      dueOn: '2026-12-02',
      ageDays: 0,
      overdue: false,
      escalationLevel: 0,
    });
    // Equal variances fall back to the id order, so compare those as sets.
    expect((await idents('sort=variance&dir=asc&pageSize=2')).sort()).toEqual(['CELL-OLD', 'TELCO-OLD']);
    expect((await list(viewer, 'pageSize=2&page=3')).items).toHaveLength(2);
    expect(await idents('severity=critical&sort=opened')).toHaveLength(2);
    expect(await idents(`vendorId=${first.vendorId}&sort=variance`)).toEqual([
      'TELCO-A',
      'TELCO-B',
      'TELCO-OLD',
    ]);
    expect(await idents(`accountId=${second.accountId}&rule=billed_after_disconnect`)).toEqual(['CELL-OLD']);
    const bySeverity = await idents(
      `invoiceId=${second.invoiceId}&severity=high,critical&sort=severity&dir=asc`,
    );
    expect([bySeverity.length, bySeverity[2]]).toEqual([3, 'CELL-OLD']);
    const byDue = await idents('q=inv-200&sort=due&dir=asc');
    expect([byDue.length, byDue[0]]).toEqual([3, 'CELL-OLD']);
    expect(await idents('q=telco-b')).toEqual(['TELCO-B']);
    expect(await idents('queue=audit')).toHaveLength(6);
    expect(await idents('queue=review')).toEqual([]);
    expect(await idents('state=closed')).toEqual([]);
    for (const bad of ['sort=size', 'state=gone', 'severity=urgent', 'pageSize=501']) {
      const res = await viewer.get(`${T}/exceptions?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('shows one exception with evidence, history, chart and the moves the caller may make', async () => {
    const res = await viewer.get(`${T}/exceptions/${ids['TELCO-OLD']}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      rule: 'billed_after_disconnect',
      severity: 'critical',
      blocking: true,
      invoiceNumber: 'INV-100',
      accountNumber: 'A-TELCO',
      vendor: 'TELCO Inc',
      serviceId: first.disconnected,
      evidence: { inventory: { disconnectedOn: '2026-09-15' } },
      comments: [],
      attachments: [],
      history: [{ action: 'open', after: { state: 'open' } }],
      allowedTransitions: [],
    });
    expect(res.body.chart).toHaveLength(12);
    expect(res.body.chart.at(-2)).toEqual({ period: '2026-10', billed: '7.50' });
    expect((await analyst.get(`${T}/exceptions/${ids['TELCO-OLD']}`)).body.allowedTransitions).toContain(
      'disputed',
    );
    expect((await viewer.get(`${T}/exceptions/nope`)).status).toBe(404);
  });

  it('moves, assigns and discusses an exception, and serves its attachments', async () => {
    const id = ids['TELCO-B']!;
    const url = `${T}/exceptions/${id}`;
    const noReason = await analyst.post(`${url}/transition`, { to: 'in_progress' });
    expect(noReason.status).toBe(400);
    expect((await analyst.post(`${url}/transition`, { to: 'in_progress', reason: ' ' })).status).toBe(400);
    const moved = await analyst.post(`${url}/transition`, {
      to: 'in_progress',
      reason: 'Checking the order',
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ state: 'in_progress', history: [{}, { action: 'transition' }] });
    const refused = await analyst.post(`${url}/transition`, { to: 'auto_closed', reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect((await viewer.post(`${url}/transition`, { to: 'open', reason: 'x' })).status).toBe(403);

    const outsider = await admin.post(`${url}/assign`, { ownerUserId: stranger.id });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toMatch(/not a member/);
    const assigned = await admin.post(`${url}/assign`, {
      ownerUserId: ana.id,
      queue: 'review',
      dueOn: '2026-12-24',
    });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body).toMatchObject({ owner: 'ana', queue: 'review', dueOn: '2026-12-24' });
    expect(await idents('owner=me', analyst)).toEqual(['TELCO-B']);
    expect(await idents('owner=me', admin)).toEqual([]);
    expect(await idents(`owner=${ana.id}&state=in_progress`)).toEqual(['TELCO-B']);
    expect(await idents('owner=unassigned')).toHaveLength(5);

    const comment = await analyst.post(`${url}/comments`, { body: 'Asked the carrier' });
    expect(comment.status, comment.text).toBe(201);
    expect(comment.body).toMatchObject({ author: 'ana@xapi.test', body: 'Asked the carrier' });
    expect((await analyst.post(`${url}/comments`, { body: '' })).status).toBe(400);

    const form = new FormData();
    form.append('file', new File(['carrier reply: credit approved'], 'reply.txt', { type: 'text/plain' }));
    const up = await h.app.request(`${url}/attachments`, {
      method: 'POST',
      headers: analyst.headers('POST'),
      body: form,
    });
    expect(up.status, await up.clone().text()).toBe(201);
    const attachment = await up.json();
    expect(attachment).toMatchObject({
      fileName: 'reply.txt',
      contentType: 'text/plain',
      size: 30,
      uploadedBy: 'ana@xapi.test',
    });
    const down = await viewer.get(`${url}/attachments/${attachment.id}`);
    expect(down.status).toBe(200);
    expect(down.text).toBe('carrier reply: credit approved');
    expect(down.headers.get('content-disposition')).toMatch(/^attachment; filename="reply.txt"/);
    const noFile = await analyst.request('POST', `${url}/attachments`, {
      raw: 'x',
      contentType: 'text/plain',
    });
    expect(noFile.status).toBe(400);
    const huge = await analyst.request('POST', `${url}/attachments`, {
      raw: 'x'.repeat(26 * 1024 * 1024),
      contentType: 'multipart/form-data; boundary=b',
    });
    expect(huge.status).toBe(413);

    const detail = (await viewer.get(url)).body;
    expect(detail.comments).toEqual([expect.objectContaining({ body: 'Asked the carrier' })]);
    expect(detail.attachments).toEqual([expect.objectContaining({ id: attachment.id })]);
    expect(detail.history.map((e: { action: string }) => e.action)).toEqual([
      'open',
      'transition',
      'assign',
      'comment',
      'attach',
    ]);
  });

  it('works in bulk, escalates overdue exceptions, and reports each id it could not change', async () => {
    const res = await analyst.post(`${T}/exceptions/bulk`, {
      ids: [ids['CELL-A'], ids['CELL-B'], 'missing'],
      action: 'transition',
      to: 'disputed',
      reason: 'Claim filed',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      updated: 2,
      failed: [{ id: 'missing', message: 'Exception missing not found' }],
    });
    expect(
      (await analyst.post(`${T}/exceptions/bulk`, { ids: [ids['CELL-A']], action: 'assign' })).status,
    ).toBe(400);
    expect(
      (await viewer.post(`${T}/exceptions/bulk`, { ids: [ids['CELL-A']], action: 'assign', queue: 'q' }))
        .status,
    ).toBe(403);

    h.clock.advance(6 * DAY); // 2026-12-03: all but TELCO-B (due 12-24) are past due
    // Sessions last 12 hours: sign in again on the new day.
    admin = await login(h.app, 'admin@xapi.test');
    analyst = await login(h.app, 'ana@xapi.test');
    viewer = await login(h.app, 'viewer@xapi.test');
    otherAdmin = await login(h.app, 'admin@other.test');
    expect((await idents('overdue=true')).sort()).toEqual([
      'CELL-A',
      'CELL-B',
      'CELL-OLD',
      'TELCO-A',
      'TELCO-OLD',
    ]);
    const escalate = await analyst.post(`${T}/exceptions/escalate`);
    expect(escalate.status, escalate.text).toBe(200);
    expect(escalate.body.escalated).toBe(5);
    expect((await analyst.post(`${T}/exceptions/escalate`)).body.escalated).toBe(0);
    // Every exception here opened the same day, so the age sort alone could put the not-overdue one first.
    const aged = await list(viewer, 'overdue=true&sort=age&pageSize=1');
    expect(aged.items[0]).toMatchObject({ ageDays: 6, overdue: true, escalationLevel: 1 });
  });

  it("answers 404 to another tenant's exceptions on every route", async () => {
    const id = ids['TELCO-A']!;
    const O = '/api/t/xapi-other/exceptions';
    const attempts: [string, Res][] = [
      ['detail', await otherAdmin.get(`${O}/${id}`)],
      ['transition', await otherAdmin.post(`${O}/${id}/transition`, { to: 'waived', reason: 'x' })],
      ['assign', await otherAdmin.post(`${O}/${id}/assign`, { ownerUserId: null })],
      ['comment', await otherAdmin.post(`${O}/${id}/comments`, { body: 'x' })],
      ['attachment', await otherAdmin.get(`${O}/${id}/attachments/any`)],
    ];
    for (const [what, res] of attempts) {
      expect(res.status, `${what}: ${res.text}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const bulk = await otherAdmin.post(`${O}/bulk`, { ids: [id], action: 'assign', queue: 'mine' });
    expect(bulk.body).toEqual({ updated: 0, failed: [{ id, message: `Exception ${id} not found` }] });
    expect((await otherAdmin.get(`${T}/exceptions`)).status).toBe(404);
    const theirs = await otherAdmin.get(`${O}?state=all`);
    expect(theirs.body.items.map((i: { invoiceNumber: string }) => i.invoiceNumber)).toEqual([
      'INV-900',
      'INV-900',
      'INV-900',
    ]);
    expect((await viewer.get(`${T}/exceptions/${id}`)).body.queue).toBe('audit');
  });
});

describe(`invoice approval and audit settings API on ${testEngine}`, () => {
  let h: Harness;
  let ctx: Ctx;
  let admin: Client;
  let approver: Client;
  let analyst: Client;
  let world: Awaited<ReturnType<typeof auditedInvoice>>;
  const T2 = '/api/t/aapi';

  beforeAll(async () => {
    h = await harness();
    ctx = await h.tenant('aapi');
    await addUser(ctx, 'admin@aapi.test', 'admin');
    await addUser(ctx, 'approver@aapi.test', 'approver');
    await addUser(ctx, 'analyst@aapi.test', 'analyst');
    world = await auditedInvoice(ctx, 'INV-1', 'TELCO');
    admin = await login(h.app, 'admin@aapi.test');
    approver = await login(h.app, 'approver@aapi.test');
    analyst = await login(h.app, 'analyst@aapi.test');
  });
  afterAll(() => h?.drop());

  it('refuses full approval with code blocked, approves partially, holds, and shows it on the invoice', async () => {
    const url = `${T2}/invoices/${world.invoiceId}`;
    const blocked = await approver.post(`${url}/approve`, { mode: 'full' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({ code: 'blocked', details: { blockingExceptions: 1 } });
    expect((await analyst.post(`${url}/approve`, { mode: 'partial' })).status).toBe(403);
    expect((await approver.post(`${url}/approve`, { mode: 'half' })).status).toBe(400);
    const partial = await approver.post(`${url}/approve`, { mode: 'partial', note: 'pay the rest' });
    expect(partial.status, partial.text).toBe(200);
    expect(partial.body).toEqual({
      id: world.invoiceId,
      status: 'approved_partial',
      approved: '0.00',
      blockingExceptions: 1,
    });
    expect((await approver.get(url)).body).toMatchObject({
      status: 'approved_partial',
      openExceptions: 3,
      blockingExceptions: 1,
      approved: '0.00',
    });
    expect((await approver.post(`${url}/hold`, {})).status).toBe(400);
    const held = await approver.post(`${url}/hold`, { reason: 'Carrier dispute' });
    expect(held.body).toEqual({ id: world.invoiceId, status: 'on_hold' });
    expect((await approver.get(url)).body).toMatchObject({ status: 'on_hold', approved: null });
  });

  it('lists rules, changes tenant and vendor overrides, and removes a vendor override', async () => {
    const rules = await analyst.get(`${T2}/audit/rules`);
    expect(rules.status).toBe(200);
    expect(rules.body.find((r: { code: string }) => r.code === 'billed_after_disconnect')).toMatchObject({
      defaults: { severity: 'critical', blocking: true },
      tenant: null,
      vendors: [],
    });
    const url = `${T2}/audit/rules/not_in_inventory`;
    expect((await analyst.request('PUT', url, { json: { enabled: false } })).status).toBe(403);
    const bad = await admin.request('PUT', url, { json: { params: { minAmount: 'lots' } } });
    expect(bad.status).toBe(400);
    const tenant = await admin.request('PUT', url, {
      json: { severity: 'low', params: { minAmount: '15' } },
    });
    expect(tenant.status, tenant.text).toBe(200);
    expect(tenant.body.effective).toEqual({
      enabled: true,
      severity: 'low',
      blocking: false,
      params: { minAmount: '15' },
    });
    const vendor = await admin.request('PUT', url, { json: { vendorId: world.vendorId, enabled: false } });
    expect(vendor.body.vendors).toEqual([
      {
        vendorId: world.vendorId,
        vendor: 'TELCO Inc',
        enabled: false,
        severity: null,
        blocking: null,
        params: {},
      },
    ]);
    const removed = await admin.del(`${url}/vendors/${world.vendorId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.vendors).toEqual([]);
    expect((await admin.del(`${url}/vendors/${world.vendorId}`)).status).toBe(404);
    expect((await admin.request('PUT', `${T2}/audit/rules/nope`, { json: {} })).status).toBe(404);
  });

  it('runs the audit on request and lists the runs', async () => {
    h.clock.advance(60_000);
    const run = await analyst.post(`${T2}/audit/runs`, {
      invoiceId: world.invoiceId,
      rules: ['not_in_inventory'],
    });
    expect(run.status, run.text).toBe(201);
    expect(run.body).toMatchObject({
      trigger: 'manual',
      status: 'completed',
      invoicesChecked: 1,
      scope: { invoiceId: world.invoiceId },
      actor: 'analyst@aapi.test',
      rules: { not_in_inventory: { candidates: expect.any(Number) } },
    });
    expect((await analyst.post(`${T2}/audit/runs`, { period: '26-10' })).status).toBe(400);
    const runs = await analyst.get(`${T2}/audit/runs?pageSize=50`);
    expect(runs.body.total).toBe(2);
    expect(runs.body.items[0].id).toBe(run.body.id);
    expect((await analyst.get(`${T2}/audit/runs/${run.body.id}`)).body).toEqual(run.body);
    expect((await analyst.get(`${T2}/audit/runs/nope`)).status).toBe(404);
    // The tenant threshold of 15 set above closed TELCO-B; TELCO-A is still active.
    expect(run.body).toMatchObject({ stillOpen: 1, autoClosed: 1 });
    const found = await analyst.get(`${T2}/exceptions?runId=${run.body.id}`);
    expect(found.body.items.map((i: { serviceIdentifier: string }) => i.serviceIdentifier)).toEqual([
      'TELCO-A',
    ]);
  });

  it('keeps routing rules and SLA policies', async () => {
    const base = `${T2}/audit/routing-rules`;
    expect((await admin.post(base, { name: 'nowhere' })).status).toBe(400);
    expect((await admin.post(base, { name: 'x', queue: 'q', rule: 'nope' })).status).toBe(400);
    const created = await admin.post(base, { name: 'big ones', minVariance: '100', queue: 'large' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      name: 'big ones',
      position: 1,
      enabled: true,
      minVariance: '100.00',
      queue: 'large',
    });
    const second = await admin.post(base, { name: 'telco', vendorId: world.vendorId, queue: 'telco' });
    expect(second.body.position).toBe(2);
    const put = await admin.request('PUT', `${base}/${created.body.id}`, {
      json: { name: 'bigger', minVariance: '500', queue: 'large', enabled: false },
    });
    expect(put.body).toMatchObject({ name: 'bigger', position: 1, enabled: false, minVariance: '500.00' });
    expect((await analyst.get(base)).body.map((r: { name: string }) => r.name)).toEqual(['bigger', 'telco']);
    const del = await admin.del(`${base}/${second.body.id}`);
    expect(del.body).toMatchObject({ id: second.body.id, name: 'telco' });
    expect((await admin.del(`${base}/${second.body.id}`)).status).toBe(404);

    expect((await analyst.get(`${T2}/audit/sla`)).body).toEqual([
      { severity: 'low', days: 20, escalateToUserId: null },
      { severity: 'medium', days: 10, escalateToUserId: null },
      { severity: 'high', days: 5, escalateToUserId: null },
      { severity: 'critical', days: 2, escalateToUserId: null },
    ]);
    const me = (await admin.get('/api/auth/me')).body.user.id;
    const sla = await admin.request('PUT', `${T2}/audit/sla`, {
      json: { policies: [{ severity: 'high', days: 3, escalateToUserId: me }] },
    });
    expect(sla.status, sla.text).toBe(200);
    expect(sla.body[2]).toEqual({ severity: 'high', days: 3, escalateToUserId: me });
    const bad = await admin.request('PUT', `${T2}/audit/sla`, {
      json: { policies: [{ severity: 'high', days: 0, escalateToUserId: null }] },
    });
    expect(bad.status).toBe(400);
  });
});

describe(`daily escalation on ${testEngine}`, () => {
  let h: Harness;
  afterAll(() => h?.drop());

  it('escalates overdue exceptions of every tenant on the scheduler’s run', async () => {
    h = await harness();
    const ctx = await h.tenant('sched-x');
    await auditedInvoice(ctx, 'INV-S', 'SCHED');
    h.clock.advance(3 * DAY); // the critical finding (due 11-29) is overdue
    const logged: string[] = [];
    const scheduler = startDqScheduler(h.store, h.clock, {
      intervalMs: 60 * 60 * 1000,
      log: (l) => logged.push(l),
    });
    const escalated = () =>
      h.store.db
        .selectFrom('findings')
        .select(['rule', 'escalation_level'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('escalation_level', '>', 0)
        .execute();
    for (let i = 0; i < 1000 && (await escalated()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    await scheduler.stop();
    expect(await escalated()).toEqual([{ rule: 'billed_after_disconnect', escalation_level: 1 }]);
    expect(logged).toEqual([]);
  });
});
