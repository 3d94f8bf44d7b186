import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, loadDemoTenant } from '../src/demo/load.ts';
import { systemActor } from '../src/modules/access/permissions.ts';
import { verifyAuditChain } from '../src/modules/audit-log/verify.ts';
import { login } from '../src/modules/auth/sessions.service.ts';
import { listContracts } from '../src/modules/contracts/contracts.service.ts';
import { dataQualityTrend } from '../src/modules/data-quality/data-quality.service.ts';
import { listDiscovered } from '../src/modules/discovery/index.ts';
import { localFileStore } from '../src/modules/imports/file-store.ts';
import { listServices } from '../src/modules/inventory/services.service.ts';
import { listEntities } from '../src/modules/reference/reference.service.ts';
import { ENTITIES } from '../src/modules/reference/registry.ts';
import { getTenantBySlug } from '../src/modules/tenants/tenants.service.ts';
import { freshStore, type TestStore, testClock, testEngine } from './test-store.ts';

describe(`demo tenants on ${testEngine}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(() => store.drop());

  // The whole demo (1,500 people, 3,500 services, 60 bills, four weeks of history) goes through the
  // audited services; on PostgreSQL under a loaded CI machine that passed the default 30 s.
  it('loads a mid-size company once, audited, with a working demo login', { timeout: 180_000 }, async () => {
    const files = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), 'temops-demo-')), 'files'));
    expect(await loadDemoTenant(store, testClock(), files)).toBe(true);
    expect(await loadDemoTenant(store, testClock(), files)).toBe(false);
    const t = await getTenantBySlug(store, 'demo');
    const ctx = {
      db: store.db,
      engine: store.engine,
      tenantId: t.id,
      actor: systemActor('test'),
      clock: testClock(),
    };
    const totals = Object.fromEntries(
      await Promise.all(
        ENTITIES.map(async (e) => [e.plural, (await listEntities(ctx, e, { pageSize: 1 })).total]),
      ),
    );
    expect(totals).toMatchObject({ vendors: 12, 'gl-accounts': 21, locations: 30, people: 1500 });
    expect(totals['cost-centers']).toBeGreaterThanOrEqual(35);
    expect(totals['billing-accounts']).toBeGreaterThanOrEqual(30);
    const closed = await listEntities(ctx, ENTITIES.find((e) => e.plural === 'locations')!, {
      filters: { status: 'closed' },
    });
    expect(closed.total).toBe(3);
    const chain = await verifyAuditChain(store.db);
    expect(chain.ok).toBe(true);
    expect(chain.events).toBeGreaterThan(1600);
    const services = await listServices(ctx, { pageSize: 1 });
    expect(services.total).toBeGreaterThan(3000);
    expect((await listContracts(ctx, {})).total).toBe(10);
    expect((await listDiscovered(ctx, { pageSize: 1 })).total).toBeGreaterThan(20);
    // Four weeks of history: the steward's weekly clean-up shows as a rising ownership score.
    const trend = await dataQualityTrend(ctx, { days: 90 });
    expect(trend.points).toHaveLength(5);
    const ownership = trend.points.map((p) => p.ownership ?? 0);
    expect(ownership[4]!).toBeGreaterThan(ownership[0]!);
    expect([...ownership].sort((a, b) => a - b)).toEqual(ownership);
    const session = await login({ db: store.db, clock: testClock() }, DEMO_LOGIN);
    expect(session.sessionId).toBeTruthy();
  });
});
