import { timingSafeEqual } from 'node:crypto';
import {
  type Actor,
  AppError,
  findMembership,
  getTenantBySlug,
  isRole,
  resolveSession,
  resolveToken,
} from '@temops/core';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppDeps, AppEnv, Principal } from './env.ts';

export const SESSION_COOKIE = 'temops_session';

/** Who is calling: a bearer token or a session cookie. Anonymous requests get `null`. */
export function identify(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', await principalOf(deps, c));
    await next();
  };
}

async function principalOf(deps: AppDeps, c: Context): Promise<Principal | null> {
  const auth = c.req.header('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const resolved = m ? await resolveToken({ db: deps.store.db, clock: deps.clock }, m[1]!) : null;
    if (!resolved) throw new AppError('unauthenticated', 'Invalid, expired or revoked API token');
    return {
      userId: resolved.actor.userId!,
      session: null,
      token: { tenantId: resolved.tenantId, ctx: resolved.actor },
    };
  }
  const sid = getCookie(c, SESSION_COOKIE);
  if (!sid) return null;
  const s = await resolveSession({ db: deps.store.db, clock: deps.clock }, sid);
  return s ? { userId: s.userId, session: { id: sid, csrfToken: s.csrfToken }, token: null } : null;
}

export function requirePrincipal(c: Context<AppEnv>): Principal {
  const p = c.get('principal');
  if (!p) throw new AppError('unauthenticated', 'Sign in first');
  return p;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie-authenticated writes must echo the session's CSRF token; token clients are not exposed to CSRF. */
export const csrfGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const p = c.get('principal');
  if (p?.session && !SAFE.has(c.req.method)) {
    const sent = Buffer.from(c.req.header('x-csrf-token') ?? '');
    const want = Buffer.from(p.session.csrfToken);
    if (sent.length !== want.length || !timingSafeEqual(sent, want)) {
      throw new AppError('csrf_failed', 'Missing or wrong X-CSRF-Token header');
    }
  }
  await next();
};

/**
 * Resolves `/api/t/:tenant/…` to a service context. A tenant the caller has no role in answers
 * 404, exactly like one that does not exist, so tenants cannot be discovered by probing.
 */
export function tenantScope(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = requirePrincipal(c);
    const slug = c.req.param('tenant') ?? '';
    const hidden = new AppError('not_found', `Tenant ${slug} not found`);
    const tenant = await getTenantBySlug({ db: deps.store.db }, slug).catch(() => {
      throw hidden;
    });
    let actor: Actor;
    if (p.token) {
      if (p.token.tenantId !== tenant.id) throw hidden;
      actor = p.token.ctx;
    } else {
      const m = await findMembership(deps.store.db, p.userId, tenant.id);
      if (!m || !isRole(m.role)) throw hidden;
      actor = { kind: 'user', id: p.userId, userId: p.userId, role: m.role };
    }
    c.set('tenant', { id: tenant.id, slug: tenant.slug, name: tenant.name });
    c.set('ctx', {
      db: deps.store.db,
      engine: deps.store.engine,
      tenantId: tenant.id,
      actor,
      clock: deps.clock,
    });
    await next();
  };
}
