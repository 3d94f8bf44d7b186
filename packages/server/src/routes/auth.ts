import { createRoute, z } from '@hono/zod-openapi';
import {
  AppError,
  changePassword,
  endOtherSessions,
  login,
  logout,
  platformCtx,
  userProfile,
} from '@temops/core';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { requirePrincipal, SESSION_COOKIE } from '../auth.ts';
import type { App, AppDeps, AppEnv } from '../env.ts';
import { errorResponses, json, jsonBody, SessionSchema } from './schemas.ts';

const LoginBody = z.object({ email: z.string(), password: z.string() }).openapi('Login');
const PasswordBody = z
  .object({ currentPassword: z.string(), newPassword: z.string() })
  .openapi('PasswordChange');

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with e-mail and password; sets the session cookie',
  request: { body: jsonBody(LoginBody) },
  responses: { 200: json(SessionSchema, 'Signed in'), 429: errorResponses[400], ...errorResponses },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['Auth'],
  summary: 'The signed-in user, their tenants and the CSRF token',
  responses: { 200: json(SessionSchema, 'Current session'), 401: errorResponses[401] },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['Auth'],
  summary: 'End the session',
  responses: { 204: { description: 'Signed out' } },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['Auth'],
  summary: 'Change your password; your other sessions end',
  request: { body: jsonBody(PasswordBody) },
  responses: { 204: { description: 'Changed' }, ...errorResponses },
});

export function authRoutes(app: App, deps: AppDeps) {
  const sessionDeps = { db: deps.store.db, clock: deps.clock };
  const profile = async (userId: string, csrfToken: string) => ({
    ...(await userProfile(sessionDeps, userId)),
    csrfToken,
  });

  app.openapi(loginRoute, async (c) => {
    const s = await login(sessionDeps, c.req.valid('json'));
    setCookie(c, SESSION_COOKIE, s.sessionId, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies ?? false,
      path: '/',
      maxAge: 12 * 60 * 60,
    });
    return c.json(await profile(s.userId, s.csrfToken), 200);
  });

  app.openapi(meRoute, async (c) => {
    const p = requirePrincipal(c);
    if (!p.session) throw new AppError('unauthenticated', 'API tokens have no session');
    return c.json(await profile(p.userId, p.session.csrfToken), 200);
  });

  app.openapi(logoutRoute, async (c) => {
    const p = c.get('principal');
    if (p?.session) await logout(sessionDeps, p.session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(passwordRoute, async (c) => {
    const p = sessionOf(c);
    const ctx = platformCtx(
      deps.store,
      { kind: 'user', id: p.userId, userId: p.userId, role: null },
      deps.clock,
    );
    await changePassword(ctx, p.userId, c.req.valid('json'));
    await endOtherSessions(sessionDeps, p.userId, p.session.id);
    return c.body(null, 204);
  });
}

function sessionOf(c: Context<AppEnv>) {
  const p = requirePrincipal(c);
  if (!p.session) throw new AppError('forbidden', 'Password changes need a signed-in session');
  return { userId: p.userId, session: p.session };
}
