import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billingAccountEntity } from '../src/modules/billing-accounts/billing-account.entity.ts';
import { costCenterEntity } from '../src/modules/cost-centers/cost-center.entity.ts';
import { importCsv } from '../src/modules/reference/csv-import.ts';
import { createEntity, listEntities } from '../src/modules/reference/reference.service.ts';
import { vendorEntity } from '../src/modules/vendors/vendor.entity.ts';
import type { Ctx } from '../src/shared/context.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

describe(`CSV import of reference data on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Ctx;
  beforeEach(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store);
  });
  afterEach(() => store.drop());

  const count = async (e = costCenterEntity) => (await listEntities(ctx, e, {})).total;
  const headSeq = async () =>
    (await store.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()).seq;

  it('previews creates, updates, unchanged and errors per line without writing anything', async () => {
    await createEntity(ctx, costCenterEntity, { code: '1000', name: 'Corporate' });
    await createEntity(ctx, costCenterEntity, { code: '1100', name: 'IT' });
    const seq = await headSeq();
    const csv = [
      'code,name,parent_code',
      '1000,Corporate,',
      '1100,Information Technology,1000',
      '1110,IT Operations,1100',
      '1120,,1100',
      '1130,Orphan,9999',
    ].join('\n');
    const r = await importCsv(ctx, costCenterEntity, { file: 'cc.csv', content: csv, dryRun: true });
    expect(r).toMatchObject({
      dryRun: true,
      applied: false,
      creates: 1,
      updates: 1,
      unchanged: 1,
      errors: 2,
    });
    expect(r.lines.map((l) => [l.line, l.key, l.action])).toEqual([
      [2, '1000', 'unchanged'],
      [3, '1100', 'update'],
      [4, '1110', 'create'],
      [5, '1120', 'error'],
      [6, '1130', 'error'],
    ]);
    expect(r.lines[3]!.errors[0]).toMatch(/^cc\.csv line 5: name/);
    expect(r.lines[4]!.errors[0]).toBe('cc.csv line 6: parentId: no parent cost center 9999');
    expect(await count()).toBe(2);
    expect(await headSeq()).toBe(seq);
  });

  it('applies all lines in one go, resolving references to rows further down the file', async () => {
    const csv = 'Code,Name,Parent_Code\n1110,IT Operations,1100\n1100,IT,1000\n1000,Corporate,\n';
    const r = await importCsv(ctx, costCenterEntity, { file: 'cc.csv', content: csv, dryRun: false });
    expect(r).toMatchObject({ applied: true, creates: 3, errors: 0 });
    const byCode = Object.fromEntries(
      (await listEntities(ctx, costCenterEntity, {})).items.map((c) => [c.code, c]),
    );
    expect(byCode['1110']!.parentLabel).toBe('1100');
    expect(byCode['1100']!.parentLabel).toBe('1000');
    expect(byCode['1000']!.parentId).toBeNull();
  });

  it('imports the same file twice as creates then unchanged', async () => {
    const csv =
      '\ufeffcode,name,kind,dispute_window_days\nATT,AT&T,telecom,45\nAWS,Amazon Web Services,cloud,\n';
    const first = await importCsv(ctx, vendorEntity, { file: 'v.csv', content: csv, dryRun: false });
    expect(first).toMatchObject({ applied: true, creates: 2 });
    const seq = await headSeq();
    const again = await importCsv(ctx, vendorEntity, { file: 'v.csv', content: csv, dryRun: false });
    expect(again).toMatchObject({ applied: true, creates: 0, updates: 0, unchanged: 2 });
    expect(await headSeq()).toBe(seq);
  });

  it('writes nothing when any line is wrong', async () => {
    const csv = 'code,name\nA,Alpha\nB,\nC,Gamma\n';
    const r = await importCsv(ctx, vendorEntity, { file: 'v.csv', content: csv, dryRun: false });
    expect(r).toMatchObject({ applied: false, creates: 2, errors: 1 });
    expect(await count(vendorEntity)).toBe(0);
  });

  it('matches accounts by vendor and number, and sub-accounts within the vendor', async () => {
    await createEntity(ctx, vendorEntity, { code: 'ATT', name: 'AT&T' });
    await createEntity(ctx, vendorEntity, { code: 'VZW', name: 'Verizon' });
    const csv = [
      'vendor_code,account_number,parent_account_number,currency',
      'ATT,100,,USD',
      'ATT,101,100,USD',
      'VZW,100,,USD',
      'VZW,200,101,USD',
      'XXX,1,,USD',
    ].join('\n');
    const r = await importCsv(ctx, billingAccountEntity, { file: 'ban.csv', content: csv, dryRun: true });
    expect(r.lines.map((l) => l.action)).toEqual(['create', 'create', 'create', 'error', 'error']);
    expect(r.lines[4]!.errors[0]).toBe('ban.csv line 6: vendorId: no vendor XXX');
  });

  it('rejects malformed files naming the file and line', async () => {
    const bad = async (content: string) =>
      importCsv(ctx, vendorEntity, { file: 'bad.csv', content, dryRun: true }).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
    expect(await bad('')).toBe('bad.csv: the file is empty');
    expect(await bad('code,name,color\nA,B,red\n')).toMatch(/^bad\.csv line 1: unknown column\(s\) color/);
    expect(await bad('name\nAlpha\n')).toBe('bad.csv line 1: missing key column(s) code');
    expect(await bad('code,name\nA,"unterminated\n')).toMatch(/^bad\.csv line \d+: not a valid CSV file/);
    expect(await bad('code,name\nA,B,C\n')).toMatch(/^bad\.csv line 2: not a valid CSV file/);
    expect(await count(vendorEntity)).toBe(0);
  });

  it('keeps formula-looking cells as plain text', async () => {
    const r = await importCsv(ctx, vendorEntity, {
      file: 'v.csv',
      content: 'code,name\nX,"=HYPERLINK(""http://evil"")"\n',
      dryRun: false,
    });
    expect(r.applied).toBe(true);
    expect((await listEntities(ctx, vendorEntity, {})).items[0]!.name).toBe('=HYPERLINK("http://evil")');
  });
});
