import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listServices } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedInventoryRefs } from '../../core/test/inventory-fixtures.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

describe(`temops inventory on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Awaited<ReturnType<typeof tenantCtx>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temops-inv-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const count = async () => (await listServices(ctx, { pageSize: 1 })).total;

  beforeAll(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store, 'cli-inv');
    await seedInventoryRefs(ctx);
  });
  afterAll(async () => {
    await store.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews with --dry-run, imports, and exits 2 naming file and line on a bad line', async () => {
    const good = write(
      'lines.csv',
      'type,identifier,vendor,owner\nwireless,312 555 0100,ACME,E1\nsaas,m365-e3,BETA,\n',
    );
    const dry = await temops(store, 'inventory', 'import', good, '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toContain('would import lines.csv: 2 to create, 0 to update, 0 unchanged, 0 with errors');
    expect(await count()).toBe(0);
    const run = await temops(store, '--json', 'inventory', 'import', good);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ applied: true, creates: 2, errors: 0 });
    expect(await count()).toBe(2);
    const bad = write('bad.csv', 'type,identifier,vendor\nwireless,312 555 0100,ACME\nwireless,12,ACME\n');
    const failed = await temops(store, 'inventory', 'import', bad);
    expect(failed.code).toBe(2);
    expect(failed.out).toContain('bad.csv line 3: identifier: 12 is not a valid phone identifier');
    expect(failed.err).toBe('temops: 1 line(s) in error; nothing was written\n');
    const json = await temops(store, '--json', 'inventory', 'import', bad);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ applied: false, errors: 1, unchanged: 1 });
    expect((await temops(store, 'inventory', 'import', path.join(dir, 'none.csv'))).code).toBe(2);
  });

  it('applies a mapping file', async () => {
    const mapping = write(
      'map.json',
      JSON.stringify({ type: 'Kind', identifier: 'Line', vendor: 'Carrier', description: 'Who' }),
    );
    const file = write('theirs.csv', 'Kind,Line,Carrier,Who\nwireless,+13125550100,ACME,CEO\n');
    const r = await temops(store, '--json', 'inventory', 'import', file, '--mapping', mapping);
    expect(JSON.parse(r.out)).toMatchObject({
      updates: 1,
      lines: [{ changes: [{ field: 'description', after: 'CEO' }] }],
    });
    const broken = write('broken.json', '[1]');
    expect((await temops(store, 'inventory', 'import', file, '--mapping', broken)).code).toBe(2);
  });

  it('exports with filters, to stdout or a file, and the export imports back unchanged', async () => {
    const stdout = await temops(store, 'inventory', 'export', '--type', 'saas');
    expect(stdout.code).toBe(0);
    expect(stdout.out.trim().split('\r\n')).toHaveLength(2);
    expect(stdout.out).toContain('M365-E3');
    const out = path.join(dir, 'all.xlsx');
    const r = await temops(store, '--json', 'inventory', 'export', '--out', out);
    expect(JSON.parse(r.out)).toEqual({ file: out, format: 'xlsx', rows: 2 });
    const back = await temops(store, '--json', 'inventory', 'import', out, '--dry-run');
    expect(JSON.parse(back.out)).toMatchObject({ format: 'xlsx', unchanged: 2, errors: 0 });
    expect((await temops(store, 'inventory', 'export', '--state', 'gone')).code).not.toBe(0);
  });
});
