import { z } from 'zod';
import type { Db } from '../../db/schema.ts';
import { type Clock, isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { type Actor, authorize, can } from '../access/permissions.ts';
import { isRole, ROLES } from '../access/roles.ts';
import { recordChange } from '../audit-log/record.ts';
import { findMembership } from '../users/users.queries.ts';
import {
  findToken,
  findTokenByHash,
  insertToken,
  listTokens,
  revokeTokenRow,
  touchToken,
} from './auth.queries.ts';

export const TOKEN_PREFIX = 'temops_';

const tokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES).optional(),
  expiresAt: z.iso.datetime().optional(),
});

/**
 * Issues an API token for the acting user in the context's tenant. The secret is returned once
 * and only its hash is stored. A token can carry at most its owner's own role; admins may issue
 * narrower ones.
 */
export async function createToken(ctx: Ctx, input: unknown) {
  authorize(ctx.actor, 'token.create');
  const data = parseInput(tokenInput, input);
  return inTransaction(ctx, async (tx) => {
    const userId = tx.actor.userId;
    if (!userId) throw new AppError('validation_failed', 'Tokens belong to a user');
    const membership = await findMembership(tx.db, userId, tx.tenantId);
    if (!membership || !isRole(membership.role))
      throw new AppError('forbidden', 'Not a member of this tenant');
    // The caller's effective role caps the new token: a narrowed token cannot mint a wider one.
    const cap = tx.actor.role ?? membership.role;
    const role = data.role ?? cap;
    if (role !== cap && cap !== 'admin') {
      throw new AppError('forbidden', `Only an admin may issue a token with role ${role}`);
    }
    const secret = `${TOKEN_PREFIX}${newSecret(30)}`;
    const row = {
      id: newId(),
      tenant_id: tx.tenantId,
      user_id: userId,
      name: data.name,
      role,
      prefix: secret.slice(0, 12),
      token_hash: sha256(secret),
      created_at: isoNow(tx.clock),
      expires_at: data.expiresAt ?? null,
      revoked_at: null,
      last_used_at: null,
    };
    await insertToken(tx.db, row);
    const { token_hash: _hash, ...visible } = row;
    await recordChange(tx, { entity: 'api_token', entityId: row.id, action: 'create', after: visible });
    return { id: row.id, name: row.name, role, prefix: row.prefix, token: secret };
  });
}

/** Looks a presented bearer token up; null when unknown, revoked, expired or its user lost access. */
export async function resolveToken(deps: { db: Db; clock: Clock }, secret: string) {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await findTokenByHash(deps.db, sha256(secret));
  const now = isoNow(deps.clock);
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  const membership = await findMembership(deps.db, row.user_id, row.tenant_id);
  // A token never outranks its owner today: it dies if the owner left or was moved to another
  // role, unless the owner is an admin (who may hold tokens of any role).
  if (!membership || !isRole(row.role)) return null;
  if (membership.role !== row.role && membership.role !== 'admin') return null;
  await touchToken(deps.db, row.id, now);
  const actor: Actor = { kind: 'token', id: row.id, userId: row.user_id, role: row.role };
  return { tenantId: row.tenant_id, actor };
}

export async function listApiTokens(ctx: Ctx) {
  authorize(ctx.actor, 'token.create');
  const all = can(ctx.actor.role, 'token.manage') || ctx.actor.kind === 'system';
  const rows = await listTokens(ctx.db, ctx.tenantId, all ? null : ctx.actor.userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    prefix: r.prefix,
    owner: r.email,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  }));
}

export async function revokeToken(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'token.create');
  return inTransaction(ctx, async (tx) => {
    const row = await findToken(tx.db, tx.tenantId, id);
    if (!row) throw notFound('Token', id);
    if (row.user_id !== tx.actor.userId) authorize(tx.actor, 'token.manage');
    if (row.revoked_at) return;
    const at = isoNow(tx.clock);
    await revokeTokenRow(tx.db, id, at);
    await recordChange(tx, {
      entity: 'api_token',
      entityId: id,
      action: 'revoke',
      after: { revoked_at: at },
    });
  });
}
