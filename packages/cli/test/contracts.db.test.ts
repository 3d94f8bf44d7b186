import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingAccountEntity } from '../../core/src/modules/billing-accounts/billing-account.entity.ts';
import { listContracts } from '../../core/src/modules/contracts/index.ts';
import { createEntity } from '../../core/src/modules/reference/reference.service.ts';
import { vendorEntity } from '../../core/src/modules/vendors/vendor.entity.ts';
import type { Ctx } from '../../core/src/shared/context.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

/** The CLI runs on the system clock, so dates are set relative to the real today. */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe(`temops contracts on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Ctx;
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-contracts-cli-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const header =
    'vendor_code,contract_number,contract_name,term_start,term_end,notice_days,currency,billing_accounts,rate_item_name,code,mrc';

  beforeAll(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store, 'acme');
    const vendor = await createEntity(ctx, vendorEntity, { code: 'ATT', name: 'AT&T' });
    await createEntity(ctx, billingAccountEntity, { vendorId: vendor.id, accountNumber: '100' });
  });
  afterAll(async () => {
    await store.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('previews with --dry-run, then imports', async () => {
    const csv = file(
      'contracts.csv',
      `${header}\nATT,MSA-1,Master,2026-01-01,${inDays(30)},0,USD,100,Line,1FB,25\nATT,MSA-1,Master,2026-01-01,${inDays(30)},0,USD,100,Data,DATA,10\n`,
    );
    const dry = await temops(store, 'contracts', 'import', csv, '--tenant', 'acme', '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toContain(
      'would import contracts.csv: 2 to create, 0 to update, 0 unchanged, 0 with errors',
    );
    expect(dry.out).toContain('line 2 create    ATT / MSA-1 / Line (contract create, rate item create)');
    expect((await listContracts(ctx, {})).total).toBe(0);

    const real = await temops(store, '--json', 'contracts', 'import', csv, '--tenant', 'acme');
    expect(real.code, real.err).toBe(0);
    expect(JSON.parse(real.out)).toMatchObject({ applied: true, creates: 2, errors: 0 });
    expect((await listContracts(ctx, {})).items.map((c) => c.contractNumber)).toEqual(['MSA-1']);
  });

  it('exits 2 naming the file and line, and writes nothing', async () => {
    const csv = file('bad.csv', `${header}\nATT,MSA-2,Second,2026-01-01,,0,USD,999,Line,1FB,25\n`);
    const res = await temops(store, 'contracts', 'import', csv, '--tenant', 'acme');
    expect(res.code).toBe(2);
    expect(res.out).toContain('  bad.csv line 2: billing_accounts: 999 not billing account(s) of vendor ATT');
    expect(res.err).toBe('temops: 1 line(s) in error; nothing was written\n');
    const json = await temops(store, '--json', 'contracts', 'import', csv, '--tenant', 'acme');
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ applied: false, errors: 1 });
    expect((await listContracts(ctx, {})).total).toBe(1);

    const shape = await temops(
      store,
      'contracts',
      'import',
      file('shape.csv', 'colour\nred\n'),
      '--tenant',
      'acme',
    );
    expect(shape.code).toBe(2);
    expect(shape.err).toMatch(/^temops: shape\.csv line 1: unknown column\(s\) colour/);
    const missing = await temops(
      store,
      'contracts',
      'import',
      path.join(dir, 'none.csv'),
      '--tenant',
      'acme',
    );
    expect(missing).toMatchObject({ code: 2, err: `temops: ${path.join(dir, 'none.csv')}: no such file\n` });
  });

  it('lists the alerts due today', async () => {
    const res = await temops(store, 'contracts', 'alerts', '--tenant', 'acme');
    expect(res.code, res.err).toBe(0);
    expect(res.out).toBe(`${inDays(30)}  expires  in  30 day(s) (45-day alert)  MSA-1  AT&T\n`);
    const json = await temops(store, '--json', 'contracts', 'alerts', '--tenant', 'acme');
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ contractNumber: 'MSA-1', kind: 'expiry', daysLeft: 30, threshold: 45 }),
    ]);
  });
});
