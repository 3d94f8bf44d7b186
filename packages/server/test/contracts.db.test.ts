import { type Ctx, ENTITIES } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  type Client,
  type Harness,
  harness,
  login,
  seedReference,
  snapshot,
  testEngine,
} from './helpers.ts';

describe(`contracts API on ${testEngine}`, () => {
  let h: Harness;
  let ctx: Ctx;
  let admin: Client;
  let viewer: Client;
  let otherAdmin: Client;
  let vendorId: string;
  let accountId: string;
  const T = '/api/t/capi';

  beforeAll(async () => {
    h = await harness();
    ctx = await h.tenant('capi');
    const other = await h.tenant('capi-other');
    await addUser(ctx, 'admin@capi.test', 'admin');
    await addUser(ctx, 'viewer@capi.test', 'viewer');
    await addUser(other, 'admin@other.test', 'admin');
    ({
      refs: { vendor: vendorId, billing_account: accountId },
    } = await seedReference(ctx, 'C', ENTITIES));
    admin = await login(h.app, 'admin@capi.test');
    viewer = await login(h.app, 'viewer@capi.test');
    otherAdmin = await login(h.app, 'admin@other.test');
  });
  afterAll(() => h?.drop());

  const body = (over: Record<string, unknown> = {}) => ({
    vendorId,
    contractNumber: 'MSA-100',
    name: 'Master agreement',
    termStart: '2026-01-01',
    termEnd: '2027-01-31',
    noticeDays: 30,
    currency: 'USD',
    commitmentKind: 'spend',
    commitmentPeriod: 'annual',
    commitmentAmount: '1000.5',
    ...over,
  });

  it('creates, reads, lists, updates and deletes a contract', async () => {
    const created = await admin.post(`${T}/contracts`, body());
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      contractNumber: 'MSA-100',
      commitmentAmount: '1000.50',
      effectiveStatus: 'active',
      noticeDeadline: '2027-01-01',
      alerts: [
        { kind: 'expiry', date: '2027-01-31', daysLeft: 65, threshold: 90 },
        { kind: 'notice', date: '2027-01-01', daysLeft: 35, threshold: 45 },
      ],
    });
    const id = created.body.id as string;

    const dup = await admin.post(`${T}/contracts`, body());
    expect(dup.status).toBe(409);
    const bad = await admin.post(`${T}/contracts`, body({ contractNumber: 'X', termEnd: '2025-01-01' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([
      { path: 'termEnd', message: 'must not be before the term start' },
    ]);

    const linked = await admin.request('PUT', `${T}/contracts/${id}/accounts`, {
      json: { accountIds: [accountId] },
    });
    expect(linked.status, linked.text).toBe(200);
    expect(linked.body.accounts).toEqual([{ id: accountId, accountNumber: 'BAC', name: null }]);

    const list = await viewer.get(`${T}/contracts?status=active&q=msa&sort=termEnd&dir=desc`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, items: [{ id, accountCount: 1, vendor: 'Vendor C' }] });
    expect((await viewer.get(`${T}/contracts?status=nonsense`)).status).toBe(400);

    const patched = await admin.patch(`${T}/contracts/${id}`, { name: 'Renamed', status: 'terminated' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Renamed', effectiveStatus: 'terminated' });

    const detail = await viewer.get(`${T}/contracts/${id}`);
    expect(detail.body).toMatchObject({
      name: 'Renamed',
      accounts: [{ accountNumber: 'BAC' }],
      rateItems: [],
      documents: [],
      commitment: { kind: 'spend', committed: '1000.50', spendToDate: '0.00' },
    });

    expect((await viewer.del(`${T}/contracts/${id}`)).status).toBe(403);
    expect((await admin.del(`${T}/contracts/${id}`)).status).toBe(204);
    expect((await admin.get(`${T}/contracts/${id}`)).status).toBe(404);
  });

  it('manages rate items and finds them for pickers', async () => {
    const c = (await admin.post(`${T}/contracts`, body({ contractNumber: 'RI-1' }))).body;
    const made = await admin.post(`${T}/contracts/${c.id}/rate-items`, {
      name: 'Business line',
      code: '1FB',
      mrc: '25',
      discountPct: '12.5',
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ mrc: '25.00', discountPct: '12.5', currency: 'USD' });
    const invalid = await admin.post(`${T}/contracts/${c.id}/rate-items`, { name: 'No match rule' });
    expect(invalid.status).toBe(400);
    const patched = await admin.patch(`${T}/rate-items/${made.body.id}`, { mrc: '24.99' });
    expect(patched.body.mrc).toBe('24.99');
    expect((await viewer.get(`${T}/contracts/${c.id}/rate-items`)).body).toHaveLength(1);
    const found = await viewer.get(`${T}/rate-items?q=business&vendorId=${vendorId}`);
    expect(found.body).toMatchObject({
      total: 1,
      items: [
        {
          id: made.body.id,
          name: 'Business line',
          code: '1FB',
          contractId: c.id,
          contractNumber: 'RI-1',
          vendorId,
          mrc: '24.99',
          currency: 'USD',
        },
      ],
    });
    expect((await admin.del(`${T}/rate-items/${made.body.id}`)).status).toBe(204);
    expect((await admin.del(`${T}/rate-items/${made.body.id}`)).status).toBe(404);
  });

  it('uploads, lists, downloads and deletes documents', async () => {
    const c = (await admin.post(`${T}/contracts`, body({ contractNumber: 'DOC-1' }))).body;
    const pdf = '%PDF-1.7 contract body';
    const up = await admin.request(
      'POST',
      `${T}/contracts/${c.id}/documents?file=${encodeURIComponent('Contrat signé.pdf')}`,
      {
        raw: pdf,
        contentType: 'application/pdf',
      },
    );
    expect(up.status, up.text).toBe(201);
    expect(up.body).toMatchObject({
      fileName: 'Contrat signé.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const again = await admin.request('POST', `${T}/contracts/${c.id}/documents?file=copy.pdf`, {
      raw: pdf,
      contentType: 'application/pdf',
    });
    expect(again.body.sha256).toBe(up.body.sha256);

    const listed = await viewer.get(`${T}/contracts/${c.id}/documents`);
    expect(listed.body.map((d: { fileName: string }) => d.fileName)).toEqual([
      'Contrat signé.pdf',
      'copy.pdf',
    ]);
    const down = await viewer.get(`${T}/contracts/${c.id}/documents/${up.body.id}`);
    expect(down.status).toBe(200);
    expect(down.text).toBe(pdf);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-disposition')).toBe(
      `attachment; filename="Contrat sign_.pdf"; filename*=UTF-8''Contrat%20sign%C3%A9.pdf`,
    );
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');

    const forbidden = await viewer.request('POST', `${T}/contracts/${c.id}/documents?file=x.pdf`, {
      raw: pdf,
      contentType: 'application/pdf',
    });
    expect(forbidden.status).toBe(403);
    expect((await admin.del(`${T}/contracts/${c.id}/documents/${up.body.id}`)).status).toBe(204);
    expect((await viewer.get(`${T}/contracts/${c.id}/documents/${up.body.id}`)).status).toBe(404);
  });

  it('accepts documents over the JSON limit, up to 25 MB', async () => {
    const c = (await admin.post(`${T}/contracts`, body({ contractNumber: 'DOC-BIG' }))).body;
    const big = 'x'.repeat(2 * 1024 * 1024);
    const res = await admin.request('POST', `${T}/contracts/${c.id}/documents?file=scan.tiff`, {
      raw: big,
      contentType: 'image/tiff',
    });
    expect(res.status, res.text.slice(0, 200)).toBe(201);
    expect(res.body.size).toBe(big.length);
    const tooBig = await admin.request('POST', `${T}/contracts/${c.id}/documents?file=huge.bin`, {
      raw: 'x'.repeat(25 * 1024 * 1024 + 1),
      contentType: 'application/octet-stream',
    });
    expect(tooBig.status).toBe(413);
  });

  it('imports CSV with a dry-run diff, then applies it', async () => {
    const csv = [
      'vendor_code,contract_number,contract_name,term_start,term_end,currency,billing_accounts,rate_item_name,code,mrc',
      'VC,IMP-1,Imported,2026-01-01,2027-12-31,USD,BAC,Line,1FB,10',
      'VC,IMP-1,Imported,2026-01-01,2027-12-31,USD,BAC,Data,DATA,20',
    ].join('\n');
    const before = await snapshot(h.store);
    const dry = await admin.csv(`${T}/contracts/import?file=c.csv`, csv);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, applied: false, creates: 2, errors: 0 });
    expect(await snapshot(h.store)).toEqual(before);
    const real = await admin.csv(`${T}/contracts/import?file=c.csv&dryRun=false`, csv);
    expect(real.body).toMatchObject({ applied: true, creates: 2 });
    const bad = await admin.csv(
      `${T}/contracts/import?file=bad.csv&dryRun=false`,
      `${csv}\nVC,IMP-2,X,2026-13-01,,USD,,L,C,1`,
    );
    expect(bad.body).toMatchObject({ applied: false, errors: 1, unchanged: 2 });
    expect(bad.body.lines[2].errors[0]).toMatch(/^bad\.csv line 4: termStart: not a date/);
    const header = await admin.csv(`${T}/contracts/import?file=h.csv`, 'contract_number\nX\n');
    expect(header.status).toBe(400);
    expect(header.body.error.message).toBe('h.csv line 1: missing key column(s) vendor_code');
  });

  it('serves alerts and commitments', async () => {
    // the harness clock says 2026-11-27: this contract ends in 90 days
    const c = (
      await admin.post(
        `${T}/contracts`,
        body({ contractNumber: 'ALERT-1', termEnd: '2027-02-25', noticeDays: 0 }),
      )
    ).body;
    const alerts = await viewer.get(`${T}/contracts/alerts`);
    expect(alerts.status).toBe(200);
    expect(alerts.body).toContainEqual({
      contractId: c.id,
      contractNumber: 'ALERT-1',
      vendor: 'Vendor C',
      kind: 'expiry',
      date: '2027-02-25',
      daysLeft: 90,
      threshold: 90,
    });
    expect(
      (await viewer.get(`${T}/contracts/alerts?withinDays=45`)).body.map(
        (a: { contractId: string }) => a.contractId,
      ),
    ).not.toContain(c.id);
    const commitment = await viewer.get(`${T}/contracts/${c.id}/commitment`);
    expect(commitment.status).toBe(200);
    expect(commitment.body.summary).toMatchObject({
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      shortfall: '1000.50',
    });
    expect(commitment.body.series).toHaveLength(12);
  });

  it("answers 404 for another tenant's contracts", async () => {
    const c = (await admin.post(`${T}/contracts`, body({ contractNumber: 'ISO-1' }))).body;
    for (const res of [
      await otherAdmin.get(`${T}/contracts`),
      await otherAdmin.get(`/api/t/capi-other/contracts/${c.id}`),
      await otherAdmin.patch(`/api/t/capi-other/contracts/${c.id}`, { name: 'x' }),
      await otherAdmin.del(`/api/t/capi-other/contracts/${c.id}`),
      await otherAdmin.get(`/api/t/capi-other/contracts/${c.id}/commitment`),
    ])
      expect(res.status, res.text).toBe(404);
    expect((await otherAdmin.get('/api/t/capi-other/contracts')).body.total).toBe(0);
  });
});
