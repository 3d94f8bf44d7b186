import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson, insertService, insertVendor } from '../../core/test/data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

describe(`temops dq report on ${testEngine}`, () => {
  let store: TestStore;
  let tenantId: string;
  beforeAll(async () => {
    store = await freshStore();
    const ctx = await tenantCtx(store, 'acme');
    tenantId = ctx.tenantId;
    const v = await insertVendor(ctx, 'CELL', 'wireless');
    await insertService(ctx, { vendorId: v, identifier: '+13125550100' });
    await insertService(ctx, {
      vendorId: v,
      identifier: '+13125550101',
      ownerId: await insertPerson(ctx, 'Ada'),
    });
    await insertService(ctx, {
      vendorId: v,
      identifier: '+13125550102',
      ownerId: await insertPerson(ctx, 'Bo'),
    });
  });
  afterAll(() => store.drop());

  it('prints the scores as JSON and stores today’s snapshot', async () => {
    const res = await temops(store, '--json', 'dq', 'report', '--tenant', 'acme');
    expect(res.code, res.err).toBe(0);
    const body = JSON.parse(res.out);
    expect(Object.keys(body)).toEqual(['day', 'overall', 'domains', 'rules']);
    expect(body.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const day: string = body.day;
    expect(body.domains.map((d: { domain: string }) => d.domain)).toEqual([
      'ownership',
      'assignment',
      'contracts',
      'currency_of_data',
      'identity',
    ]);
    // no_owner: 1 of 3 fails → 66.67; owner_left 0 of 2 → 100; ownership = 83.33
    expect(body.rules.find((r: { id: string }) => r.id === 'no_owner')).toEqual({
      id: 'no_owner',
      domain: 'ownership',
      failing: 1,
      population: 3,
      score: 66.67,
    });
    expect(body.domains[0]).toEqual({ domain: 'ownership', score: 83.33 });
    expect(typeof body.overall).toBe('number');
    const rows = await store.db
      .selectFrom('dq_scores')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('day', '=', day)
      .execute();
    expect(rows.find((r) => r.domain === 'overall')?.score_bp).toBe(Math.round(body.overall * 100));

    // Running it again the same day replaces the snapshot instead of adding one.
    expect((await temops(store, 'dq', 'report', '--tenant', 'acme')).code).toBe(0);
    const again = await store.db
      .selectFrom('dq_rule_counts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute();
    expect(again).toHaveLength(10);
  });

  it('prints a readable table', async () => {
    const res = await temops(store, 'dq', 'report');
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^Data quality on \d{4}-\d{2}-\d{2}: \d+\.\d{2}% overall/);
    expect(res.out).toMatch(/no_owner\s+1 \/ 3\s+66\.67%/);
    expect(res.out).toContain('Currency of data');
  });

  it('refuses an unknown tenant with exit code 1', async () => {
    const res = await temops(store, 'dq', 'report', '--tenant', 'nope');
    expect(res.code).toBe(1);
    expect(res.err).toContain('Tenant nope not found');
  });
});
