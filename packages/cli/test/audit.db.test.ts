import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvoice, addService, vendorWithAccount } from '../../core/test/audit-fixtures.ts';
import { usd } from '../../core/test/data-quality-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

// Named so rules other than these two cannot change what the tests count.
const RULES = ['--rule', 'not_in_inventory', 'billed_after_disconnect'];

describe(`temops audit run and exceptions list on ${testEngine}`, () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await freshStore();
    const ctx = await tenantCtx(store, 'cli-audit');
    await tenantCtx(store, 'cli-other');
    const { vendorId, accountId } = await vendorWithAccount(ctx, 'TELCO', 'A-100');
    await addService(ctx, {
      vendor_id: vendorId,
      identifier: 'OLD-LINE',
      state: 'disconnected',
      disconnected_on: '2026-09-15',
    });
    await addInvoice(ctx, {
      vendor_id: vendorId,
      billing_account_id: accountId,
      invoice_number: 'INV-1',
      period_start: '2026-10-01',
      charges: [
        { service_id: 'NEW-A', amount_nanos: usd(30) },
        { service_id: 'NEW-B', amount_nanos: usd(10.25) },
        { service_id: 'OLD-LINE', amount_nanos: usd(7.5) },
      ],
    });
  });
  afterAll(() => store.drop());

  it('runs the audit and prints the run and the findings it touched as JSON', async () => {
    const res = await temops(store, '--json', 'audit', 'run', '--tenant', 'cli-audit', ...RULES);
    expect(res.code, res.err).toBe(0);
    const body = JSON.parse(res.out);
    expect(Object.keys(body)).toEqual(['run', 'findings']);
    expect(Object.keys(body.run)).toEqual([
      'id',
      'trigger',
      'scope',
      'rulesVersion',
      'status',
      'invoicesChecked',
      'chargesChecked',
      'opened',
      'reopened',
      'stillOpen',
      'autoClosed',
      'durationMs',
      'rules',
    ]);
    expect(body.run).toMatchObject({
      trigger: 'manual',
      scope: {},
      status: 'completed',
      invoicesChecked: 1,
      chargesChecked: 3,
      opened: 3,
      reopened: 0,
      stillOpen: 0,
      autoClosed: 0,
    });
    expect(Object.keys(body.run.rules).sort()).toEqual(['billed_after_disconnect', 'not_in_inventory']);
    expect(body.findings).toEqual([
      {
        rule: 'not_in_inventory',
        severity: 'high',
        invoiceNumber: 'INV-1',
        accountNumber: 'A-100',
        serviceId: 'NEW-A',
        billed: '30.00',
        expected: '0.00',
        variance: '30.00',
      },
      {
        rule: 'not_in_inventory',
        severity: 'high',
        invoiceNumber: 'INV-1',
        accountNumber: 'A-100',
        serviceId: 'NEW-B',
        billed: '10.25',
        expected: '0.00',
        variance: '10.25',
      },
      {
        rule: 'billed_after_disconnect',
        severity: 'critical',
        invoiceNumber: 'INV-1',
        accountNumber: 'A-100',
        serviceId: 'OLD-LINE',
        billed: '7.50',
        expected: '0.00',
        variance: '7.50',
      },
    ]);

    const again = JSON.parse(
      (await temops(store, '--json', 'audit', 'run', '--tenant', 'cli-audit', '--invoice', 'INV-1', ...RULES))
        .out,
    );
    expect(again.run).toMatchObject({ opened: 0, stillOpen: 3 });
    expect(again.run.scope).toEqual({ invoiceId: expect.any(String) });
    expect(again.findings).toHaveLength(3);
    const scoped = await temops(
      store,
      '--json',
      'audit',
      'run',
      '--tenant',
      'cli-audit',
      '--vendor',
      'TELCO',
      '--account',
      'A-100',
      '--period',
      '2026-10',
      '--rule',
      'not_in_inventory',
    );
    expect(scoped.code, scoped.err).toBe(0);
    expect(JSON.parse(scoped.out).findings.map((f: { serviceId: string }) => f.serviceId)).toEqual([
      'NEW-A',
      'NEW-B',
    ]);
  });

  it('prints a table per rule, and refuses what it cannot find', async () => {
    const res = await temops(store, 'audit', 'run', '--tenant', 'cli-audit', ...RULES);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/^Audit run \S+: 1 invoice\(s\), 3 charge\(s\) checked/);
    expect(res.out).toMatch(/rule\s+opened\s+reopened\s+still open\s+closed/);
    expect(res.out).toMatch(/not_in_inventory\s+0\s+0\s+2\s+0/);
    expect(res.out).toMatch(/billed_after_disconnect\s+0\s+0\s+1\s+0/);
    expect(res.out).toMatch(/total\s+0\s+0\s+3\s+0/);
    const missing = await temops(store, 'audit', 'run', '--tenant', 'cli-audit', '--vendor', 'NOPE');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Vendor NOPE not found');
    const badRule = await temops(store, 'audit', 'run', '--tenant', 'cli-audit', '--rule', 'nope');
    expect(badRule.code).toBe(1);
    expect(badRule.err).toContain('Unknown audit rule: nope');
  });

  it('lists the exception queue, largest variance first', async () => {
    const res = await temops(store, '--json', 'exceptions', 'list', '--tenant', 'cli-audit');
    expect(res.code, res.err).toBe(0);
    const items = JSON.parse(res.out);
    expect(
      items.map((i: { serviceIdentifier: string; variance: string }) => [i.serviceIdentifier, i.variance]),
    ).toEqual([
      ['NEW-A', '30.00'],
      ['NEW-B', '10.25'],
      ['OLD-LINE', '7.50'],
    ]);
    expect(items[0]).toMatchObject({ rule: 'not_in_inventory', state: 'open', queue: 'audit', owner: null });
    const rule = JSON.parse(
      (
        await temops(
          store,
          '--json',
          'exceptions',
          'list',
          '--tenant',
          'cli-audit',
          '--rule',
          'billed_after_disconnect',
        )
      ).out,
    );
    expect(rule.map((i: { serviceIdentifier: string }) => i.serviceIdentifier)).toEqual(['OLD-LINE']);
    expect(
      JSON.parse(
        (await temops(store, '--json', 'exceptions', 'list', '--tenant', 'cli-audit', '--state', 'closed'))
          .out,
      ),
    ).toEqual([]);
    expect(
      JSON.parse(
        (
          await temops(
            store,
            '--json',
            'exceptions',
            'list',
            '--tenant',
            'cli-audit',
            '--owner',
            'unassigned',
          )
        ).out,
      ),
    ).toHaveLength(3);
    expect(
      JSON.parse((await temops(store, '--json', 'exceptions', 'list', '--tenant', 'cli-other')).out),
    ).toEqual([]);

    const table = await temops(store, 'exceptions', 'list', '--tenant', 'cli-audit');
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^variance\s+cur\s+severity\s+state\s+rule\s+invoice\s+service\s+owner\s+due$/);
    expect(lines[1]).toMatch(
      /^\s*30\.00\s+USD\s+high\s+open\s+not_in_inventory\s+INV-1\s+NEW-A\s+audit\s+\d{4}-\d{2}-\d{2}/,
    );
    expect(lines.at(-1)).toBe('3 exception(s)');
    const nobody = await temops(
      store,
      'exceptions',
      'list',
      '--tenant',
      'cli-audit',
      '--owner',
      'nobody@example.com',
    );
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('No user nobody@example.com');
  });
});
