import { type Ctx, MAX_FAILURES, removeMember } from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import {
  addUser,
  bearer,
  Client,
  cookieOf,
  type Harness,
  harness,
  login,
  PASSWORD,
  type Res,
  send,
  snapshot,
  type TestUser,
  testEngine,
} from './helpers.ts';

const SLUG = 'auth';
const T = `/api/t/${SLUG}`;
const MINUTE = 60 * 1000;
const WRONG = 'definitely not it';

const unauthenticated = (res: Res) => {
  expect(res.status, res.text).toBe(401);
  expect(res.body.error.code).toBe('unauthenticated');
};
const csrfFailed = (res: Res) => {
  expect(res.status, res.text).toBe(403);
  expect(res.body).toEqual({ error: { code: 'csrf_failed', message: expect.any(String), details: null } });
};

describe(`authentication on ${testEngine}`, () => {
  let h: Harness;
  let sys: Ctx;
  let admin: TestUser;
  let analyst: TestUser;
  let limited: TestUser;
  let changer: TestUser;
  let leaver: TestUser;
  let seq = 0;
  const tag = () => `${++seq}`;
  const anon = () => new Client(h.app);
  const postLogin = (email: string, password: string) =>
    send(h.app, 'POST', '/api/auth/login', { json: { email, password } });

  beforeAll(async () => {
    h = await harness();
    sys = await h.tenant(SLUG);
    admin = await addUser(sys, 'admin@auth.test', 'admin');
    analyst = await addUser(sys, 'analyst@auth.test', 'analyst');
    limited = await addUser(sys, 'limited@auth.test', 'viewer');
    changer = await addUser(sys, 'changer@auth.test', 'viewer');
    leaver = await addUser(sys, 'leaver@auth.test', 'viewer');
  });
  afterAll(() => h?.drop());

  describe('login', () => {
    it('sets an httpOnly, SameSite session cookie and returns the profile and CSRF token', async () => {
      const res = await postLogin(admin.email, PASSWORD);
      expect(res.status, res.text).toBe(200);
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^temops_session=[A-Za-z0-9_-]{32,};/);
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      expect(setCookie).toMatch(/;\s*Path=\//);
      expect(setCookie).not.toMatch(/;\s*Secure/i);
      expect(res.body).toEqual({
        user: { id: admin.id, email: admin.email, name: 'admin' },
        tenants: [{ id: sys.tenantId, slug: SLUG, name: 'AUTH', role: 'admin' }],
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/),
      });
      const sid = cookieOf(setCookie).split('=')[1]!;
      expect(res.text).not.toContain(sid);
      // Only a hash of the session id is stored.
      expect(JSON.stringify(await snapshot(h.store))).not.toContain(sid);
      const me = await new Client(h.app, { cookie: cookieOf(setCookie) }).get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.csrfToken).toBe(res.body.csrfToken);
    });

    it('marks the cookie Secure when the server runs behind HTTPS', async () => {
      const app = createApp({ store: h.store, clock: h.clock, version: 'test', secureCookies: true });
      const res = await send(app, 'POST', '/api/auth/login', {
        json: { email: analyst.email, password: PASSWORD },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    });

    it('treats the e-mail address case-insensitively', async () => {
      expect((await postLogin(analyst.email.toUpperCase(), PASSWORD)).status).toBe(200);
    });

    it('answers a wrong password and an unknown user with the same 401', async () => {
      const wrong = await postLogin(analyst.email, WRONG);
      const unknown = await postLogin('nobody@auth.test', PASSWORD);
      unauthenticated(wrong);
      expect(wrong.body).toEqual({
        error: { code: 'unauthenticated', message: 'Wrong e-mail or password', details: null },
      });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect(unknown.headers.get('set-cookie')).toBeNull();
    });

    it('rejects a malformed login body with 400', async () => {
      const res = await send(h.app, 'POST', '/api/auth/login', { json: { email: admin.email } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    it('locks an address out for 15 minutes after 5 failures, even with the right password', async () => {
      expect(MAX_FAILURES).toBe(5);
      for (let i = 0; i < MAX_FAILURES; i++) unauthenticated(await postLogin(limited.email, WRONG));
      const locked = await postLogin(limited.email, PASSWORD);
      expect(locked.status, locked.text).toBe(429);
      expect(locked.body.error.code).toBe('rate_limited');
      expect(locked.headers.get('set-cookie')).toBeNull();
      // Other addresses are not affected.
      expect((await postLogin(analyst.email, PASSWORD)).status).toBe(200);
      h.clock.advance(14 * MINUTE);
      expect((await postLogin(limited.email, PASSWORD)).status).toBe(429);
      h.clock.advance(2 * MINUTE);
      const after = await postLogin(limited.email, PASSWORD);
      expect(after.status, after.text).toBe(200);
      // A success clears the count: one new failure is a plain 401 again.
      unauthenticated(await postLogin(limited.email, WRONG));
      expect((await postLogin(limited.email, PASSWORD)).status).toBe(200);
    });
  });

  describe('CSRF', () => {
    let session: Client;
    let other: Client;
    beforeAll(async () => {
      session = await login(h.app, admin.email);
      other = await login(h.app, analyst.email);
    });

    it('refuses cookie-authenticated writes without the right X-CSRF-Token, and changes nothing', async () => {
      const created = await session.post(`${T}/vendors`, { code: `C${tag()}`, name: 'Target' });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const good = session.auth.csrf!;
      const badTokens: (string | undefined)[] = [
        undefined,
        '',
        `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`,
        `${good}x`,
        other.auth.csrf,
      ];
      const before = await snapshot(h.store);
      for (const csrf of badTokens) {
        const c = new Client(h.app, { cookie: session.auth.cookie, csrf });
        csrfFailed(await c.post(`${T}/vendors`, { code: `C${tag()}`, name: 'Nope' }));
        csrfFailed(await c.patch(`${T}/vendors/${id}`, { name: 'Changed' }));
        csrfFailed(await c.del(`${T}/vendors/${id}`));
        csrfFailed(await c.csv(`${T}/vendors/import?dryRun=false`, `code,name\nC${tag()},Imported\n`));
        csrfFailed(await c.post(`${T}/tokens`, { name: 'nope' }));
        csrfFailed(await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: WRONG }));
        csrfFailed(await c.post('/api/auth/logout'));
        // Reads need no CSRF token.
        expect((await c.get(`${T}/vendors/${id}`)).status).toBe(200);
      }
      expect(await snapshot(h.store)).toEqual(before);
      const ok = await session.patch(`${T}/vendors/${id}`, { name: 'Changed' });
      expect(ok.status).toBe(200);
      expect(ok.body.name).toBe('Changed');
      expect((await session.del(`${T}/vendors/${id}`)).status).toBe(204);
    });

    it('needs no CSRF token for API-token writes', async () => {
      const issued = await session.post(`${T}/tokens`, { name: 'ci' });
      expect(issued.status).toBe(201);
      const api = bearer(h.app, issued.body.token);
      const res = await api.post(`${T}/vendors`, { code: `C${tag()}`, name: 'By token' });
      expect(res.status, res.text).toBe(201);
      expect((await api.patch(`${T}/vendors/${res.body.id}`, { name: 'Renamed' })).status).toBe(200);
      expect((await api.del(`${T}/vendors/${res.body.id}`)).status).toBe(204);
    });
  });

  describe('sessions', () => {
    it('answers GET /api/auth/me with 401 without a session', async () => {
      unauthenticated(await anon().get('/api/auth/me'));
      unauthenticated(await new Client(h.app, { cookie: 'temops_session=forged' }).get('/api/auth/me'));
      unauthenticated(await anon().get(`${T}/vendors`));
    });

    it('ends the session on logout, server-side', async () => {
      const s = await login(h.app, analyst.email);
      const sessionsBefore = await h.store.db.selectFrom('sessions').select('id_hash').execute();
      const out = await s.post('/api/auth/logout');
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^temops_session=;.*Max-Age=0/i);
      const sessionsAfter = await h.store.db.selectFrom('sessions').select('id_hash').execute();
      expect(sessionsAfter).toHaveLength(sessionsBefore.length - 1);
      // A client that keeps the old cookie is not signed in any more.
      unauthenticated(await s.get('/api/auth/me'));
      unauthenticated(await s.get(`${T}/vendors`));
      unauthenticated(await s.post(`${T}/vendors`, { code: `C${tag()}`, name: 'After logout' }));
    });
  });

  describe('password change', () => {
    it('checks the current password and the new one, then ends the other sessions only', async () => {
      const current = await login(h.app, changer.email);
      const elsewhere = await login(h.app, changer.email);
      const NEW = 'a much better passphrase';

      const wrong = await current.post('/api/auth/password', { currentPassword: WRONG, newPassword: NEW });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe('validation_failed');
      expect(wrong.body.error.details.fields).toEqual([
        { path: 'currentPassword', message: expect.any(String) },
      ]);

      const short = await current.post('/api/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'short',
      });
      expect(short.status).toBe(400);
      expect(short.body.error.details.fields).toEqual([{ path: 'newPassword', message: expect.any(String) }]);
      // Failed attempts changed nothing: both sessions live, the old password still works.
      expect((await elsewhere.get('/api/auth/me')).status).toBe(200);

      const ok = await current.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW });
      expect(ok.status, ok.text).toBe(204);
      unauthenticated(await elsewhere.get('/api/auth/me'));
      expect((await current.get('/api/auth/me')).status).toBe(200);
      expect((await current.get(`${T}/me`)).status).toBe(200);
      unauthenticated(await postLogin(changer.email, PASSWORD));
      expect((await postLogin(changer.email, NEW)).status).toBe(200);
    });

    it('cannot be done with an API token', async () => {
      const s = await login(h.app, analyst.email);
      const t = await s.post(`${T}/tokens`, { name: 'pw' });
      const res = await bearer(h.app, t.body.token).post('/api/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'whatever else entirely',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await postLogin(analyst.email, PASSWORD)).status).toBe(200);
    });
  });

  describe('API tokens', () => {
    let adminSession: Client;
    let analystSession: Client;
    beforeAll(async () => {
      adminSession = await login(h.app, admin.email);
      analystSession = await login(h.app, analyst.email);
    });

    it('shows the secret once and never again', async () => {
      const issued = await adminSession.post(`${T}/tokens`, { name: `once${tag()}` });
      expect(issued.status).toBe(201);
      const { token, id, prefix } = issued.body;
      expect(issued.body).toEqual({ id, name: expect.any(String), role: 'admin', prefix, token });
      expect(token).toMatch(/^temops_[A-Za-z0-9_-]{30,}$/);
      expect(token.startsWith(prefix)).toBe(true);
      expect(prefix.length).toBeLessThan(token.length / 2);

      const list = await adminSession.get(`${T}/tokens`);
      const entry = list.body.find((t: { id: string }) => t.id === id);
      expect(entry).toMatchObject({ id, prefix, role: 'admin', owner: admin.email, revokedAt: null });
      expect(entry).not.toHaveProperty('token');
      expect(list.text).not.toContain(token);
      expect(JSON.stringify(await snapshot(h.store))).not.toContain(token);

      const used = await bearer(h.app, token).get(`${T}/vendors`);
      expect(used.status).toBe(200);
      const after = await adminSession.get(`${T}/tokens`);
      expect(after.body.find((t: { id: string }) => t.id === id).lastUsedAt).toBe(
        h.clock.now().toISOString(),
      );
    });

    it('stops accepting a revoked token', async () => {
      const issued = await analystSession.post(`${T}/tokens`, { name: `rev${tag()}` });
      const api = bearer(h.app, issued.body.token);
      expect((await api.get(`${T}/vendors`)).status).toBe(200);
      expect((await analystSession.del(`${T}/tokens/${issued.body.id}`)).status).toBe(204);
      unauthenticated(await api.get(`${T}/vendors`));
      unauthenticated(await api.post(`${T}/locations`, { code: `L${tag()}`, name: 'x' }));
      const list = await analystSession.get(`${T}/tokens`);
      expect(list.body.find((t: { id: string }) => t.id === issued.body.id).revokedAt).toBeTruthy();
    });

    it('stops accepting an expired token', async () => {
      const expiresAt = new Date(h.clock.now().getTime() + 60 * MINUTE).toISOString();
      const issued = await adminSession.post(`${T}/tokens`, { name: `exp${tag()}`, expiresAt });
      expect(issued.status, issued.text).toBe(201);
      const api = bearer(h.app, issued.body.token);
      h.clock.advance(59 * MINUTE);
      expect((await api.get(`${T}/vendors`)).status).toBe(200);
      h.clock.advance(MINUTE);
      unauthenticated(await api.get(`${T}/vendors`));
    });

    it('stops accepting the token of someone who lost their role in the tenant', async () => {
      const s = await login(h.app, leaver.email);
      const issued = await s.post(`${T}/tokens`, { name: 'leaving' });
      const api = bearer(h.app, issued.body.token);
      expect((await api.get(`${T}/vendors`)).status).toBe(200);
      await removeMember(sys, leaver.id);
      unauthenticated(await api.get(`${T}/vendors`));
    });

    it('never lets a narrowed token mint a wider one', async () => {
      const viewerToken = await adminSession.post(`${T}/tokens`, { name: `narrow${tag()}`, role: 'viewer' });
      const api = bearer(h.app, viewerToken.body.token);
      const before = await snapshot(h.store);
      const escalate = await api.post(`${T}/tokens`, { name: `wide${tag()}`, role: 'admin' });
      expect(escalate.status, escalate.text).toBe(403);
      expect(await snapshot(h.store)).toEqual(before);
      const same = await api.post(`${T}/tokens`, { name: `same${tag()}` });
      expect(same.status).toBe(201);
      expect(same.body.role).toBe('viewer');
    });

    it('stops accepting a token whose owner was moved to another role', async () => {
      const mover = await addUser(sys, `mover${tag()}@example.com`, 'analyst');
      const s = await login(h.app, mover.email);
      const issued = await s.post(`${T}/tokens`, { name: 'mover' });
      const api = bearer(h.app, issued.body.token);
      expect((await api.post(`${T}/locations`, { code: `M${tag()}`, name: 'x' })).status).toBe(201);
      await addUser(sys, mover.email, 'viewer');
      unauthenticated(await api.get(`${T}/vendors`));
    });

    it('rejects unknown or malformed bearer credentials', async () => {
      for (const authorization of [
        'Bearer temops_not-a-real-token',
        'Bearer nonsense',
        'Basic YWRtaW46eA==',
      ]) {
        unauthenticated(await send(h.app, 'GET', `${T}/vendors`, { headers: { authorization } }));
      }
    });

    it('lets only an admin issue a token with a role other than their own', async () => {
      const before = await snapshot(h.store);
      for (const role of ['viewer', 'admin', 'ap_clerk']) {
        const res = await analystSession.post(`${T}/tokens`, { name: `x${tag()}`, role });
        expect(res.status, `${role}: ${res.text}`).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect(await snapshot(h.store)).toEqual(before);
      const own = await analystSession.post(`${T}/tokens`, { name: `own${tag()}`, role: 'analyst' });
      expect(own.status).toBe(201);
      expect(own.body.role).toBe('analyst');
      const byDefault = await analystSession.post(`${T}/tokens`, { name: `def${tag()}` });
      expect(byDefault.body.role).toBe('analyst');
      for (const role of ['viewer', 'auditor']) {
        const res = await adminSession.post(`${T}/tokens`, { name: `n${tag()}`, role });
        expect(res.status).toBe(201);
        expect(res.body.role).toBe(role);
      }
    });

    it("acts with the token's role, not the owner's", async () => {
      const issued = await adminSession.post(`${T}/tokens`, { name: `ro${tag()}`, role: 'viewer' });
      const api = bearer(h.app, issued.body.token);
      const me = await api.get(`${T}/me`);
      expect(me.body.role).toBe('viewer');
      expect((await api.get(`${T}/vendors`)).status).toBe(200);
      const before = await snapshot(h.store);
      for (const res of [
        await api.post(`${T}/vendors`, { code: `C${tag()}`, name: 'Nope' }),
        await api.post(`${T}/members`, { email: 'x@auth.test', password: PASSWORD, role: 'admin' }),
        await api.get(`${T}/members`),
        await api.get(`${T}/audit-log`),
      ]) {
        expect(res.status, res.text).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect(await snapshot(h.store)).toEqual(before);
      // The owner's own session still has every admin right.
      expect((await adminSession.get(`${T}/members`)).status).toBe(200);
    });
  });
});
