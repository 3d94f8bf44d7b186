import {
  addMember,
  type Ctx,
  createEntity,
  createToken,
  ENTITIES,
  type EntitySpec,
  latestSchemaVersion,
  MAX_CSV_BYTES,
  schemaVersion,
} from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  asUser,
  auditHead,
  bearer,
  Client,
  type Harness,
  harness,
  login,
  type Res,
  snapshot,
  type TestUser,
  testEngine,
} from './helpers.ts';

const T = '/api/t/api';
const L = '/api/t/lists';
const entity = (name: EntitySpec['name']) => ENTITIES.find((e) => e.name === name)!;

const expectError = (res: Res, status: number, code: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message).toEqual(expect.stringMatching(/\S/));
};

type FieldErrors = { path: string; message: string }[];
const fieldPaths = (res: Res) => (res.body.error.details.fields as FieldErrors).map((f) => f.path).sort();

describe(`API contract on ${testEngine}`, () => {
  let h: Harness;
  let sys: Ctx;
  let admin: TestUser;
  let session: Client;
  let token: Client;

  beforeAll(async () => {
    h = await harness();
    sys = await h.tenant('api');
    admin = await addUser(sys, 'admin@api.test', 'admin');
    session = await login(h.app, admin.email);
    token = bearer(h.app, (await createToken(asUser(sys, admin, 'admin'), { name: 'api' })).token);
  });
  afterAll(() => h?.drop());

  describe('system routes', () => {
    it('reports health, engine, schema version and build version', async () => {
      const res = await new Client(h.app).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        engine: testEngine,
        schemaVersion: latestSchemaVersion,
        version: 'test',
      });
      expect(res.body.schemaVersion).toBe(await schemaVersion(h.store.db));
    });

    it('publishes an OpenAPI 3.1 document covering every reference entity', async () => {
      const res = await new Client(h.app).get('/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: 'TEMOps API', version: 'test' });
      expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
      expect(doc.components.schemas.Error).toBeDefined();
      for (const e of ENTITIES) {
        const base = `/api/t/{tenant}/${e.plural}`;
        expect(Object.keys(doc.paths[base] ?? {}).sort(), base).toEqual(['get', 'post']);
        expect(Object.keys(doc.paths[`${base}/{id}`] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
        const imp = doc.paths[`${base}/import`]?.post;
        expect(imp?.requestBody?.content?.['text/csv'], `${base}/import`).toBeDefined();
        // The create schema names every field of the spec.
        const create = doc.paths[base].post.requestBody.content['application/json'].schema;
        const ref = create.$ref as string;
        const schema = doc.components.schemas[ref.split('/').pop()!];
        expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(e.fields).sort());
      }
      for (const [path, ops] of Object.entries(
        doc.paths as Record<string, Record<string, { responses: object }>>,
      )) {
        if (!path.startsWith('/api/t/')) continue;
        for (const [method, op] of Object.entries(ops)) {
          expect(Object.keys(op.responses), `${method} ${path}`).toEqual(
            expect.arrayContaining(['401', '403']),
          );
        }
      }
    });

    it('serves the interactive docs as HTML', async () => {
      const res = await new Client(h.app).get('/api/docs');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toMatch(/swagger/i);
      expect(res.text).toContain('/api/openapi.json');
      // Whatever the page loads from the server itself must be there (no CDN needed).
      const assets = [...res.text.matchAll(/(?:src|href)="(\/api\/[^"]+)"/g)].map((m) => m[1]!);
      for (const asset of assets) {
        const a = await new Client(h.app).get(asset);
        expect(a.status, asset).toBe(200);
        expect(a.text.length, asset).toBeGreaterThan(100);
      }
    });

    it('answers unknown API routes with 404 in the error shape', async () => {
      const res = await new Client(h.app).get('/api/nope');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: 'not_found', message: 'No route GET /api/nope', details: null },
      });
      expectError(await new Client(h.app).request('POST', '/api/health'), 404, 'not_found');
      expectError(await session.get(`${T}/no-such-entity`), 404, 'not_found');
      expectError(await session.get(`${T}/vendors/${crypto.randomUUID()}`), 404, 'not_found');
    });
  });

  describe('request bodies', () => {
    it('rejects invalid JSON with 400 validation_failed and writes nothing', async () => {
      const before = await snapshot(h.store);
      for (const client of [session, token]) {
        for (const [method, path] of [
          ['POST', `${T}/vendors`],
          ['POST', `${T}/tokens`],
          ['POST', `${T}/members`],
          ['POST', '/api/auth/login'],
        ]) {
          const res = await client.request(method!, path!, { raw: '{"code": "X", "name": ' });
          expectError(res, 400, 'validation_failed');
        }
      }
      expect(await snapshot(h.store)).toEqual(before);
    });

    it('rejects a JSON body over 1 MB with 413 and writes nothing', async () => {
      const before = await snapshot(h.store);
      const huge = { code: 'HUGE', name: 'x'.repeat(1024 * 1024 + 10) };
      expectError(await session.post(`${T}/vendors`, huge), 413, 'payload_too_large');
      expectError(await token.post(`${T}/gl-accounts`, huge), 413, 'payload_too_large');
      expectError(
        await new Client(h.app).post('/api/auth/login', { email: 'a@b.c', password: huge.name }),
        413,
        'payload_too_large',
      );
      expect(await snapshot(h.store)).toEqual(before);
      // Just under the limit the body is read and validated normally.
      const near = await session.post(`${T}/vendors`, { code: 'NEAR', name: 'x'.repeat(1000 * 1000) });
      expectError(near, 400, 'validation_failed');
    });

    it('allows CSV imports beyond 1 MB up to their own limit', async () => {
      const big = `code,name\nBIG,${'x'.repeat(1_500_000)}\n`;
      const res = await session.csv(`${T}/cost-centers/import?dryRun=true`, big);
      expect(res.status, res.text.slice(0, 200)).toBe(200);
      expect(res.body).toMatchObject({ errors: 1, applied: false });
      const tooBig = await session.csv(`${T}/cost-centers/import`, 'x'.repeat(MAX_CSV_BYTES + 1));
      expectError(tooBig, 413, 'payload_too_large');
    });
  });

  describe('lists', () => {
    const vendors = entity('vendor');
    const kinds = vendors.fields.kind!.values!;
    interface Seed {
      id?: string;
      code: string;
      name: string;
      kind: string;
      disputeWindowDays: number;
      disputeContact: string | null;
    }
    // Upper-case ASCII codes and names sort the same under every collation.
    const seeds: Seed[] = Array.from({ length: 13 }, (_, i) => ({
      code: `P${String(i + 1).padStart(2, '0')}`,
      name: `VENDOR ${String.fromCharCode(90 - i)}`,
      kind: kinds[i % kinds.length]!,
      disputeWindowDays: [5, 45, 120, 9, 300][i % 5]!,
      disputeContact: i % 3 === 0 ? `disputes${i}@example.com` : null,
    }));
    seeds.push(
      { code: 'PCT', name: '100% FIBER', kind: 'telecom', disputeWindowDays: 30, disputeContact: null },
      { code: 'UND', name: 'UNDER_SCORE NET', kind: 'cloud', disputeWindowDays: 30, disputeContact: null },
    );
    let lists: Ctx;
    const ids = (res: Res) => res.body.items.map((i: { id: string }) => i.id) as string[];
    const codesOf = (res: Res) => res.body.items.map((i: { code: string }) => i.code) as string[];
    const sortedBy = <K extends keyof Seed>(k: K, dir: 1 | -1 = 1) =>
      [...seeds].sort((a, b) => (a[k]! < b[k]! ? -dir : a[k]! > b[k]! ? dir : 0));

    beforeAll(async () => {
      lists = await h.tenant('lists');
      await addMember(lists, { email: admin.email, role: 'admin' });
      for (const s of seeds) {
        const { id: _none, ...input } = s;
        s.id = (await createEntity(lists, vendors, input)).id;
      }
    });

    it('pages through every row exactly once', async () => {
      const seen: string[] = [];
      const pages = Math.ceil(seeds.length / 4);
      for (let page = 1; page <= pages + 1; page++) {
        const res = await session.get(`${L}/vendors?pageSize=4&page=${page}&sort=code`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: seeds.length, page, pageSize: 4 });
        expect(res.body.items).toHaveLength(Math.max(0, Math.min(4, seeds.length - (page - 1) * 4)));
        seen.push(...ids(res));
      }
      expect(seen).toEqual(sortedBy('code').map((s) => s.id));
      const all = await session.get(`${L}/vendors`);
      expect(all.body).toMatchObject({ total: seeds.length, page: 1, pageSize: 50 });
    });

    it('sorts by the default field, by any field, and descending', async () => {
      const byDefault = await session.get(`${L}/vendors?pageSize=100`);
      expect(vendors.defaultSort).toBe('name');
      expect(ids(byDefault)).toEqual(sortedBy('name').map((s) => s.id));
      const desc = await session.get(`${L}/vendors?sort=code&dir=desc&pageSize=100`);
      expect(codesOf(desc)).toEqual(sortedBy('code', -1).map((s) => s.code));
      // Integers sort as numbers, not as text (9 < 45 < 120).
      const days = await session.get(`${L}/vendors?sort=disputeWindowDays&dir=desc&pageSize=100`);
      const got = days.body.items.map((i: { disputeWindowDays: number }) => i.disputeWindowDays);
      expect(got).toEqual(seeds.map((s) => s.disputeWindowDays).sort((a, b) => b - a));
    });

    it('filters by enum values and by `none` for empty fields', async () => {
      for (const kind of kinds) {
        const res = await session.get(`${L}/vendors?kind=${kind}&pageSize=100`);
        const want = seeds.filter((s) => s.kind === kind);
        expect(res.body.total, kind).toBe(want.length);
        expect(new Set(ids(res))).toEqual(new Set(want.map((s) => s.id)));
      }
      const none = await session.get(`${L}/vendors?disputeContact=none&pageSize=100`);
      expect(new Set(ids(none))).toEqual(new Set(seeds.filter((s) => !s.disputeContact).map((s) => s.id)));
      const both = await session.get(`${L}/vendors?kind=telecom&disputeContact=none&pageSize=100`);
      expect(both.body.total).toBe(seeds.filter((s) => s.kind === 'telecom' && !s.disputeContact).length);
    });

    it('filters people by a reference, `none` included, and labels references', async () => {
      const cc = await createEntity(lists, entity('cost_center'), { code: 'CC-L', name: 'Lists CC' });
      const people = entity('person');
      const withCc: string[] = [];
      for (let i = 0; i < 5; i++) {
        const p = await createEntity(lists, people, {
          employeeId: `LP${i}`,
          name: `PERSON ${i}`,
          costCenterId: i % 2 === 0 ? cc.id : null,
        });
        if (i % 2 === 0) withCc.push(p.id);
      }
      const res = await session.get(`${L}/people?costCenterId=${cc.id}`);
      expect(new Set(ids(res))).toEqual(new Set(withCc));
      for (const item of res.body.items) expect(item.costCenterLabel).toBe('CC-L');
      const none = await session.get(`${L}/people?costCenterId=none`);
      expect(none.body.total).toBe(5 - withCc.length);
      for (const item of none.body.items)
        expect(item).toMatchObject({ costCenterId: null, costCenterLabel: null });
      const search = await session.get(`${L}/people?q=cc-l`);
      expect(search.body.total).toBe(0);
    });

    it('searches case-insensitively, with % and _ taken literally', async () => {
      const search = async (q: string) =>
        new Set(ids(await session.get(`${L}/vendors?q=${encodeURIComponent(q)}&pageSize=100`)));
      const match = (q: string) =>
        new Set(
          seeds
            .filter((s) => [s.code, s.name].some((v) => v.toLowerCase().includes(q.toLowerCase())))
            .map((s) => s.id),
        );
      for (const q of ['vendor z', 'p1', 'P0', '%', '_', '100%', 'r_s', 'nothing like it']) {
        expect(await search(q), q).toEqual(match(q));
      }
      expect((await search('%')).size).toBe(1);
      expect((await search('_')).size).toBe(1);
      const paged = await session.get(`${L}/vendors?q=vendor&pageSize=2&page=2&sort=code`);
      expect(paged.body.total).toBe(match('vendor').size);
      expect(paged.body.items).toHaveLength(2);
    });

    it('rejects bad list parameters with 400 and field details', async () => {
      for (const [query, path] of [
        ['pageSize=0', 'pageSize'],
        ['pageSize=501', 'pageSize'],
        ['page=zero', 'page'],
        ['dir=sideways', 'dir'],
      ] as const) {
        const res = await session.get(`${L}/vendors?${query}`);
        expectError(res, 400, 'validation_failed');
        expect(res.body.error.details.fields).toEqual([{ path, message: expect.any(String) }]);
      }
      expectError(await session.get(`${L}/vendors?sort=password`), 400, 'validation_failed');
      expectError(await session.get(`${L}/vendors?color=red`), 400, 'validation_failed');
    });
  });

  describe('writes', () => {
    it('reports every invalid field with its path and message', async () => {
      const before = await snapshot(h.store);
      const res = await session.post(`${T}/vendors`, {
        code: '',
        name: 'Bad',
        kind: 'carrier-pigeon',
        disputeWindowDays: 999,
        colour: 'red',
      });
      expectError(res, 400, 'validation_failed');
      const fields = res.body.error.details.fields as FieldErrors;
      for (const f of fields) expect(f).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(fieldPaths(res)).toEqual(['', 'code', 'disputeWindowDays', 'kind']);
      expect(fields.find((f) => f.path === '')!.message).toContain('colour');
      expect(res.body.error.message).toContain('kind');

      const wrongType = await session.post(`${T}/vendors`, { code: 42, name: 'Typed' });
      expectError(wrongType, 400, 'validation_failed');
      expect(fieldPaths(wrongType)).toEqual(['code']);

      const closed = await session.post(`${T}/locations`, { code: 'SHUT', name: 'Shut', status: 'closed' });
      expectError(closed, 400, 'validation_failed');
      expect(fieldPaths(closed)).toEqual(['closedOn']);

      const blank = await session.post(`${T}/gl-accounts`, { code: '   ', name: 'Blank code' });
      expect(fieldPaths(blank)).toEqual(['code']);
      expect(await snapshot(h.store)).toEqual(before);
    });

    it('answers 409 for a natural-key conflict and keeps the existing row', async () => {
      const first = await session.post(`${T}/vendors`, { code: 'DUP', name: 'First' });
      const second = await session.post(`${T}/vendors`, { code: 'DUP2', name: 'Second' });
      expect([first.status, second.status]).toEqual([201, 201]);
      const before = await snapshot(h.store);
      const again = await session.post(`${T}/vendors`, { code: ' DUP ', name: 'Again' });
      expectError(again, 409, 'conflict');
      expect(again.body.error.details.fields).toEqual([{ path: 'code', message: 'already exists' }]);
      expectError(await session.patch(`${T}/vendors/${second.body.id}`, { code: 'DUP' }), 409, 'conflict');
      expect(await snapshot(h.store)).toEqual(before);

      // Billing accounts are unique per vendor.
      const a1 = await session.post(`${T}/billing-accounts`, {
        vendorId: first.body.id,
        accountNumber: '1000',
      });
      const a2 = await session.post(`${T}/billing-accounts`, {
        vendorId: second.body.id,
        accountNumber: '1000',
      });
      expect([a1.status, a2.status]).toEqual([201, 201]);
      const dup = await session.post(`${T}/billing-accounts`, {
        vendorId: first.body.id,
        accountNumber: '1000',
      });
      expectError(dup, 409, 'conflict');
      expect(fieldPaths(dup)).toEqual(['accountNumber', 'vendorId']);
    });

    it('answers 409 when deleting a row that is still referenced, and deletes it once free', async () => {
      const vendor = await session.post(`${T}/vendors`, { code: 'REF', name: 'Referenced' });
      const account = await session.post(`${T}/billing-accounts`, {
        vendorId: vendor.body.id,
        accountNumber: 'R-1',
      });
      const cc = await session.post(`${T}/cost-centers`, { code: 'CC-REF', name: 'Referenced CC' });
      const person = await session.post(`${T}/people`, {
        employeeId: 'E-REF',
        name: 'Someone',
        costCenterId: cc.body.id,
      });
      const before = await snapshot(h.store);
      const v = await session.del(`${T}/vendors/${vendor.body.id}`);
      expectError(v, 409, 'conflict');
      expect(v.body.error.message).toMatch(/billing accounts/);
      const c = await session.del(`${T}/cost-centers/${cc.body.id}`);
      expectError(c, 409, 'conflict');
      expect(c.body.error.message).toMatch(/people/);
      expect(await snapshot(h.store)).toEqual(before);
      expect((await session.get(`${T}/vendors/${vendor.body.id}`)).status).toBe(200);

      expect((await session.del(`${T}/billing-accounts/${account.body.id}`)).status).toBe(204);
      expect((await session.del(`${T}/vendors/${vendor.body.id}`)).status).toBe(204);
      expect((await session.del(`${T}/people/${person.body.id}`)).status).toBe(204);
      expect((await session.del(`${T}/cost-centers/${cc.body.id}`)).status).toBe(204);
      expectError(await session.get(`${T}/vendors/${vendor.body.id}`), 404, 'not_found');
    });
  });

  describe('CSV import', () => {
    const url = (query: string) => `${T}/cost-centers/import${query}`;
    // The child comes first: its parent is resolved in a second pass.
    const file = 'code,name,parent_code\nIMP-B,Beta,IMP-A\nIMP-A,Alpha,\n';
    const imported = async () =>
      (await session.get(`${T}/cost-centers?q=IMP-&sort=code`)).body.items as {
        code: string;
        name: string;
        parentLabel: string | null;
      }[];

    it('previews an import without writing anything', async () => {
      const before = await snapshot(h.store);
      for (const query of ['?dryRun=true', '']) {
        const res = await session.csv(url(query), file);
        expect(res.status, res.text).toBe(200);
        expect(res.body).toEqual({
          file: 'cost-centers.csv',
          entity: 'cost-centers',
          dryRun: true,
          applied: false,
          creates: 2,
          updates: 0,
          unchanged: 0,
          errors: 0,
          lines: [
            { line: 2, key: 'IMP-B', action: 'create', errors: [] },
            { line: 3, key: 'IMP-A', action: 'create', errors: [] },
          ],
        });
      }
      expect(await snapshot(h.store)).toEqual(before);
      expect(await imported()).toEqual([]);
    });

    it('applies an import with dryRun=false, and a second run changes nothing', async () => {
      const head = await auditHead(h.store);
      const res = await session.csv(url('?dryRun=false&file=centers.csv'), file);
      expect(res.body).toMatchObject({
        file: 'centers.csv',
        dryRun: false,
        applied: true,
        creates: 2,
        errors: 0,
      });
      expect(await auditHead(h.store)).toBeGreaterThanOrEqual(head + 2);
      expect(await imported()).toEqual([
        expect.objectContaining({ code: 'IMP-A', name: 'Alpha', parentLabel: null }),
        expect.objectContaining({ code: 'IMP-B', name: 'Beta', parentLabel: 'IMP-A' }),
      ]);

      const before = await snapshot(h.store);
      const again = await session.csv(url('?dryRun=false'), file);
      expect(again.body).toMatchObject({ applied: true, creates: 0, updates: 0, unchanged: 2, errors: 0 });
      expect(await snapshot(h.store)).toEqual(before);

      const renamed = await session.csv(url('?dryRun=false'), 'code,name\nIMP-A,Alpha Prime\n');
      expect(renamed.body).toMatchObject({ applied: true, updates: 1, creates: 0 });
      expect((await imported())[0]).toMatchObject({ code: 'IMP-A', name: 'Alpha Prime', parentLabel: null });
    });

    it('writes nothing when any line is in error', async () => {
      const before = await snapshot(h.store);
      const res = await session.csv(
        url('?dryRun=false'),
        'code,name,parent_code\nIMP-C,Gamma,\nIMP-D,Delta,NOPE\n',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: false, applied: false, creates: 1, errors: 1 });
      expect(res.body.lines[0]).toEqual({ line: 2, key: 'IMP-C', action: 'create', errors: [] });
      expect(res.body.lines[1]).toMatchObject({ line: 3, key: 'IMP-D', action: 'error' });
      expect(res.body.lines[1].errors).toEqual([expect.stringMatching(/line 3: .*NOPE/)]);
      expect(await snapshot(h.store)).toEqual(before);
      expect((await imported()).map((c) => c.code)).toEqual(['IMP-A', 'IMP-B']);
    });

    it('rejects a file it cannot read with 400', async () => {
      const before = await snapshot(h.store);
      expectError(await session.csv(url('?dryRun=false'), 'code,colour\nX,red\n'), 400, 'validation_failed');
      expectError(await session.csv(url('?dryRun=false'), 'name\nNo key\n'), 400, 'validation_failed');
      expectError(await session.csv(url('?dryRun=false'), ''), 400, 'validation_failed');
      expectError(await session.csv(url('?dryRun=maybe'), file), 400, 'validation_failed');
      expect(await snapshot(h.store)).toEqual(before);
    });
  });
});
