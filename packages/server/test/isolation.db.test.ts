import {
  type Ctx,
  createEntity,
  createToken,
  ENTITIES,
  type EntitySpec,
  getEntity,
  listEntities,
  listMembers,
} from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  asUser,
  bearer,
  type Client,
  documentedRoutes,
  type Harness,
  harness,
  login,
  type RefCodes,
  type Refs,
  sampleInput,
  seedReference,
  send,
  snapshot,
  type TestUser,
  testEngine,
} from './helpers.ts';

const A = 'alpha';
const B = 'bravo';

interface TenantData {
  ctx: Ctx;
  refs: Refs;
  codes: RefCodes;
  /** every reference row id, by entity */
  ids: Record<string, string[]>;
  tokenIds: string[];
}

describe(`tenant isolation on ${testEngine}`, () => {
  let h: Harness;
  let a: TenantData;
  let b: TenantData;
  let adminA: TestUser;
  let adminB: TestUser;
  /** auditor in A, admin in B */
  let both: TestUser;
  let sessionA: Client;
  let tokenA: Client;
  let sessionBoth: Client;
  let tokenBothInA: Client;
  /** GET routes that take only the tenant: the lists (and the caller's role) */
  let listRoutes: string[];
  let seq = 0;
  const tag = () => `N${++seq}`;

  const bIds = () => [b.ctx.tenantId, adminB.id, ...b.tokenIds, ...Object.values(b.ids).flat()];

  async function seedTenant(ctx: Ctx, admin: TestUser): Promise<TenantData> {
    const asAdmin = asUser(ctx, admin, 'admin');
    // The same natural keys in both tenants: uniqueness is per tenant.
    const { refs, codes } = await seedReference(asAdmin, 'SAME', ENTITIES);
    const ids: Record<string, string[]> = {};
    for (const e of ENTITIES) {
      await createEntity(asAdmin, e, sampleInput(e, `${ctx.tenantId.slice(0, 4)}${tag()}`, refs));
      ids[e.name] = (await listEntities(ctx, e, { pageSize: 500 })).items.map((i) => i.id);
    }
    const token = await createToken(asAdmin, { name: 'ci' });
    return { ctx, refs, codes, ids, tokenIds: [token.id] };
  }

  beforeAll(async () => {
    h = await harness();
    const ctxA = await h.tenant(A);
    const ctxB = await h.tenant(B);
    adminA = await addUser(ctxA, 'admin-a@iso.test', 'admin');
    adminB = await addUser(ctxB, 'admin-b@iso.test', 'admin');
    both = await addUser(ctxA, 'both@iso.test', 'auditor');
    await addUser(ctxB, 'both@iso.test', 'admin');
    a = await seedTenant(ctxA, adminA);
    b = await seedTenant(ctxB, adminB);
    const bothToken = await createToken(asUser(ctxA, both, 'auditor'), { name: 'both in A' });
    a.tokenIds.push(bothToken.id);
    sessionA = await login(h.app, adminA.email);
    tokenA = bearer(h.app, (await createToken(asUser(ctxA, adminA, 'admin'), { name: 'api' })).token);
    sessionBoth = await login(h.app, both.email);
    tokenBothInA = bearer(h.app, bothToken.token);
    listRoutes = documentedRoutes((await send(h.app, 'GET', '/api/openapi.json')).body)
      .filter((r) => /^GET \/api\/t\/\{tenant\}\/[^{}]+$/.test(r))
      .map((r) => r.slice('GET '.length));
  });
  afterAll(() => h?.drop());

  const url = (route: string, slug: string) =>
    `${route.replace('{tenant}', slug)}${route.endsWith('/me') || route.endsWith('/members') || route.endsWith('/tokens') ? '' : '?pageSize=500'}`;

  it('finds every tenant list route in the API document', () => {
    for (const e of ENTITIES) expect(listRoutes).toContain(`/api/t/{tenant}/${e.plural}`);
    for (const r of ['members', 'tokens', 'audit-log', 'me'])
      expect(listRoutes).toContain(`/api/t/{tenant}/${r}`);
  });

  it("answers 404 on B's list routes to A's admin and A's token, exactly as for a tenant that does not exist", async () => {
    for (const route of listRoutes) {
      for (const [who, client] of [
        ['session', sessionA],
        ['token', tokenA],
      ] as const) {
        const res = await client.get(url(route, B));
        const none = await client.get(url(route, 'no-such-tenant'));
        expect(res.status, `${who} ${route}`).toBe(404);
        expect(res.body).toEqual({
          error: { code: 'not_found', message: `Tenant ${B} not found`, details: null },
        });
        expect(none.status).toBe(404);
        expect(none.body).toEqual({
          error: { code: 'not_found', message: 'Tenant no-such-tenant not found', details: null },
        });
        expect(res.text).not.toContain(b.ctx.tenantId);
      }
    }
  });

  it("answers 404 on B's detail and write routes to A's admin and token, and changes nothing", async () => {
    const before = await snapshot(h.store);
    for (const client of [sessionA, tokenA]) {
      for (const e of ENTITIES) {
        const base = `/api/t/${B}/${e.plural}`;
        const id = b.refs[e.name];
        const responses = [
          await client.get(`${base}/${id}`),
          await client.post(base, sampleInput(e, tag(), b.refs)),
          await client.patch(`${base}/${id}`, { name: 'hijacked' }),
          await client.del(`${base}/${id}`),
          await client.csv(`${base}/import?dryRun=false`, `${e.fields[e.naturalKey.at(-1)!]!.csv}\nX\n`),
        ];
        for (const res of responses) {
          expect(res.status, `${e.plural}: ${res.text}`).toBe(404);
          expect(res.body.error.code).toBe('not_found');
        }
      }
      for (const res of [
        await client.post(`/api/t/${B}/members`, { email: adminA.email, role: 'admin' }),
        await client.del(`/api/t/${B}/members/${adminB.id}`),
        await client.post(`/api/t/${B}/tokens`, { name: 'sneaky' }),
        await client.del(`/api/t/${B}/tokens/${b.tokenIds[0]}`),
      ]) {
        expect(res.status, res.text).toBe(404);
      }
    }
    expect(await snapshot(h.store)).toEqual(before);
  });

  it("never lists B's rows, members, tokens or tenant in A's list routes", async () => {
    const forbidden = bIds();
    for (const client of [sessionA, tokenA]) {
      for (const route of listRoutes) {
        const res = await client.get(url(route, A));
        expect(res.status, route).toBe(200);
        for (const id of forbidden) expect(res.text, `${route} leaks ${id}`).not.toContain(id);
      }
      for (const e of ENTITIES) {
        const res = await client.get(`/api/t/${A}/${e.plural}?pageSize=500`);
        expect(res.body.total).toBe(a.ids[e.name]!.length);
        expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...a.ids[e.name]!].sort());
      }
      const members = await client.get(`/api/t/${A}/members`);
      expect(members.body.map((m: { email: string }) => m.email).sort()).toEqual(
        (await listMembers(a.ctx)).map((m) => m.email).sort(),
      );
      expect(members.body.map((m: { email: string }) => m.email)).not.toContain(adminB.email);
      const tokens = await client.get(`/api/t/${A}/tokens`);
      for (const t of tokens.body) expect(b.tokenIds).not.toContain(t.id);
    }
  });

  it("answers 404 to A's URLs naming B's rows, and leaves B's rows alone", async () => {
    for (const client of [sessionA, tokenA]) {
      for (const e of ENTITIES) {
        const id = b.refs[e.name];
        const rowBefore = await getEntity(b.ctx, e, id);
        const before = await snapshot(h.store);
        const base = `/api/t/${A}/${e.plural}/${id}`;
        for (const res of [
          await client.get(base),
          await client.patch(base, { name: 'hijacked' }),
          await client.del(base),
        ]) {
          expect(res.status, `${e.plural}: ${res.text}`).toBe(404);
          expect(res.body.error.code).toBe('not_found');
          expect(res.text).not.toContain('SAME');
        }
        expect(await getEntity(b.ctx, e, id)).toEqual(rowBefore);
        expect(await snapshot(h.store)).toEqual(before);
      }
      const before = await snapshot(h.store);
      const revoke = await client.del(`/api/t/${A}/tokens/${b.tokenIds[0]}`);
      expect(revoke.status).toBe(404);
      const unmember = await client.del(`/api/t/${A}/members/${adminB.id}`);
      expect(unmember.status).toBe(404);
      expect(await snapshot(h.store)).toEqual(before);
    }
  });

  /** Every reference field of every entity, with the entity it points at. */
  const refFields = ENTITIES.flatMap((e) =>
    Object.entries(e.fields)
      .filter(([, f]) => f.ref)
      .map(([field, f]) => ({ e, field, target: ENTITIES.find((x) => x.table === f.ref!.table)! })),
  );

  it('covers every reference field', () => {
    expect(refFields.map((r) => `${r.e.name}.${r.field}`)).toEqual(
      expect.arrayContaining([
        'billing_account.vendorId',
        'billing_account.parentId',
        'cost_center.parentId',
        'cost_center.managerId',
        'person.costCenterId',
        'person.managerId',
        'person.locationId',
      ]),
    );
  });

  for (const via of ['session', 'token'] as const) {
    it(`refuses rows in A that reference B's rows (${via})`, async () => {
      const client = via === 'session' ? sessionA : tokenA;
      const before = await snapshot(h.store);
      for (const { e, field, target } of refFields) {
        const foreign = b.refs[target.name];
        const who = `${e.plural}.${field} -> B's ${target.name}`;
        const create = await client.post(`/api/t/${A}/${e.plural}`, {
          ...sampleInput(e, tag(), a.refs),
          [field]: foreign,
        });
        expect(create.status, `${who}: ${create.text}`).toBe(400);
        expect(create.body.error.code).toBe('validation_failed');
        expect(create.body.error.details.fields).toEqual([{ path: field, message: expect.any(String) }]);
        const update = await client.patch(`/api/t/${A}/${e.plural}/${a.refs[e.name]}`, { [field]: foreign });
        expect(update.status, `${who}: ${update.text}`).toBe(400);
        expect(update.body.error.details.fields[0].path).toBe(field);
        // Filtering A's list by B's id finds nothing rather than B's rows.
        const filtered = await client.get(`/api/t/${A}/${e.plural}?${field}=${foreign}`);
        expect(filtered.body).toMatchObject({ total: 0, items: [] });
      }
      expect(await snapshot(h.store)).toEqual(before);
    });
  }

  it("does not resolve B's natural keys in A's CSV imports", async () => {
    const e = ENTITIES.find((x) => x.name === 'billing_account') as EntitySpec;
    const bOnly = await createEntity(b.ctx, ENTITIES[0]!, { code: 'ONLYB', name: 'Only in B' });
    b.ids.vendor!.push(bOnly.id);
    const before = await snapshot(h.store);
    const res = await sessionA.csv(
      `/api/t/${A}/${e.plural}/import?dryRun=false`,
      'vendor_code,account_number\nONLYB,777\nVSAME,778\n',
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ applied: false, errors: 1, creates: 1 });
    expect(res.body.lines[0]).toMatchObject({ line: 2, action: 'error' });
    expect(res.body.lines[0].errors[0]).toMatch(/no vendor ONLYB/);
    expect(await snapshot(h.store)).toEqual(before);
  });

  it("shows only A's events in A's audit log", async () => {
    const rows = await h.store.db.selectFrom('audit_events').select(['tenant_id', 'entity_id']).execute();
    const countA = rows.filter((r) => r.tenant_id === a.ctx.tenantId).length;
    expect(rows.filter((r) => r.tenant_id === b.ctx.tenantId).length).toBeGreaterThan(0);
    const forbidden = new Set(bIds());
    for (const client of [sessionA, tokenA, tokenBothInA]) {
      const log = await client.get(`/api/t/${A}/audit-log?pageSize=500`);
      expect(log.status).toBe(200);
      expect(log.body.total).toBe(countA);
      expect(log.body.items).toHaveLength(countA);
      for (const ev of log.body.items) expect(forbidden.has(ev.entityId), ev.entityId).toBe(false);
      expect(log.body.items.map((ev: { entityId: string }) => ev.entityId)).toEqual(
        expect.arrayContaining(Object.values(a.refs)),
      );
      const probe = await client.get(`/api/t/${A}/audit-log?entityId=${b.refs.vendor}`);
      expect(probe.body).toMatchObject({ total: 0, items: [] });
    }
  });

  it('lets a member of both tenants see each tenant through its own URL and role only', async () => {
    const me = await sessionBoth.get('/api/auth/me');
    expect(me.body.tenants.map((t: { slug: string; role: string }) => [t.slug, t.role])).toEqual([
      [A, 'auditor'],
      [B, 'admin'],
    ]);
    expect((await sessionBoth.get(`/api/t/${A}/me`)).body.role).toBe('auditor');
    expect((await sessionBoth.get(`/api/t/${B}/me`)).body.role).toBe('admin');
    for (const [slug, mine, theirs] of [
      [A, a, b],
      [B, b, a],
    ] as const) {
      for (const e of ENTITIES) {
        const res = await sessionBoth.get(`/api/t/${slug}/${e.plural}?pageSize=500`);
        expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...mine.ids[e.name]!].sort());
        for (const id of theirs.ids[e.name]!) expect(res.text).not.toContain(id);
      }
      const log = await sessionBoth.get(`/api/t/${slug}/audit-log?pageSize=500`);
      for (const ev of log.body.items) expect(Object.values(theirs.ids).flat()).not.toContain(ev.entityId);
    }
    // The role follows the tenant in the URL: admin in B, read-only in A.
    const inB = await sessionBoth.post(`/api/t/${B}/gl-accounts`, { code: 'BOTH', name: 'By both' });
    expect(inB.status, inB.text).toBe(201);
    b.ids.gl_account!.push(inB.body.id);
    const inA = await sessionBoth.post(`/api/t/${A}/gl-accounts`, { code: 'BOTH', name: 'By both' });
    expect(inA.status).toBe(403);
    // A token is bound to the tenant it was issued in, even though its owner is admin in B.
    const viaToken = await tokenBothInA.get(`/api/t/${B}/vendors`);
    expect(viaToken.status).toBe(404);
    expect((await tokenBothInA.get(`/api/t/${A}/vendors`)).status).toBe(200);
  });
});
