import { z } from 'zod';
import type { Db } from '../../db/schema.ts';
import { type Clock, isoNow } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { findUserByEmail } from '../users/users.queries.ts';
import {
  clearLoginFailures,
  countRecentFailures,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessionsExcept,
  findSession,
  insertLoginFailure,
  insertSession,
} from './auth.queries.ts';
import { verifyPassword } from './password.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;

const loginInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  password: z.string().min(1).max(200),
});

export interface SessionDeps {
  db: Db;
  clock: Clock;
}

/**
 * Checks a password and opens a session. Failures are counted per e-mail in the database so the
 * limit holds across server instances; the same answer is given for unknown users and wrong
 * passwords so logins cannot be used to discover accounts.
 */
export async function login(deps: SessionDeps, input: unknown) {
  const { email, password } = parseInput(loginInput, input);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  if ((await countRecentFailures(deps.db, email, since)) >= MAX_FAILURES) {
    throw new AppError('rate_limited', 'Too many failed sign-ins; try again in 15 minutes');
  }
  const user = await findUserByEmail(deps.db, email);
  const ok = user && !user.disabled_at && (await verifyPassword(user.password_hash, password));
  if (!ok || !user) {
    await insertLoginFailure(deps.db, email, now.toISOString());
    throw new AppError('unauthenticated', 'Wrong e-mail or password');
  }
  await clearLoginFailures(deps.db, email);
  await deleteExpiredSessions(deps.db, now.toISOString());
  const sessionId = newSecret();
  const csrfToken = newSecret();
  await insertSession(deps.db, {
    id_hash: sha256(sessionId),
    user_id: user.id,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return { sessionId, csrfToken, userId: user.id };
}

export async function resolveSession(deps: SessionDeps, sessionId: string) {
  const row = await findSession(deps.db, sha256(sessionId));
  if (!row || row.expires_at <= isoNow(deps.clock)) return null;
  return { userId: row.user_id, csrfToken: row.csrf_token, idHash: row.id_hash };
}

export const logout = (deps: SessionDeps, sessionId: string) => deleteSession(deps.db, sha256(sessionId));

/** After a password change every other session of the user ends. */
export const endOtherSessions = (deps: SessionDeps, userId: string, sessionId: string) =>
  deleteUserSessionsExcept(deps.db, userId, sha256(sessionId));
