import { z } from 'zod';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { ROLES } from '../access/roles.ts';
import { recordChange } from '../audit-log/record.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/password.ts';
import {
  deleteMembership,
  findMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  listTenantMembers,
  listUserTenants,
  setPasswordHash,
  upsertMembership,
} from './users.queries.ts';

const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(200);

export const memberInput = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200).optional(),
  password: password.optional(),
  role: z.enum(ROLES),
});

/** Public shape of a user: never the password hash. */
const publicUser = (u: { id: string; email: string; name: string }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
});

/**
 * Adds a person to the context's tenant with a role, creating their login if it does not exist
 * yet. An existing user keeps their password: one login for every tenant they work in.
 */
export async function addMember(ctx: Ctx, input: unknown) {
  authorize(ctx.actor, 'member.manage');
  const data = parseInput(memberInput, input);
  return inTransaction(ctx, async (tx) => {
    let user = await findUserByEmail(tx.db, data.email);
    if (!user) {
      if (!data.password)
        throw new AppError('validation_failed', 'A new user needs a password', {
          fields: [{ path: 'password', message: 'required for a new user' }],
        });
      const now = isoNow(tx.clock);
      user = {
        id: newId(),
        email: data.email,
        name: data.name ?? data.email,
        password_hash: await hashPassword(data.password),
        disabled_at: null,
        created_at: now,
        password_changed_at: now,
      };
      await insertUser(tx.db, user);
      await recordChange(tx, {
        tenantId: null,
        entity: 'user',
        entityId: user.id,
        action: 'create',
        after: publicUser(user),
      });
    }
    const before = await findMembership(tx.db, user.id, tx.tenantId);
    const row = {
      user_id: user.id,
      tenant_id: tx.tenantId,
      role: data.role,
      created_at: before?.created_at ?? isoNow(tx.clock),
    };
    await upsertMembership(tx.db, row);
    await recordChange(tx, {
      entity: 'membership',
      entityId: user.id,
      action: before ? 'update' : 'create',
      before: before ? { role: before.role } : undefined,
      after: { email: user.email, role: data.role },
    });
    return { ...publicUser(user), role: data.role };
  });
}

export async function removeMember(ctx: Ctx, userId: string) {
  authorize(ctx.actor, 'member.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await findMembership(tx.db, userId, tx.tenantId);
    if (!before) throw notFound('Member', userId);
    if (tx.actor.userId === userId) throw conflict('You cannot remove your own membership');
    await deleteMembership(tx.db, userId, tx.tenantId);
    await recordChange(tx, {
      entity: 'membership',
      entityId: userId,
      action: 'delete',
      before: { role: before.role },
    });
  });
}

export async function listMembers(ctx: Ctx) {
  authorize(ctx.actor, 'member.read');
  return (await listTenantMembers(ctx.db, ctx.tenantId)).map((m) => ({
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    since: m.created_at,
  }));
}

const passwordChange = z.object({ currentPassword: z.string().min(1), newPassword: password });

/** A user changes their own password; other sessions are signed out by the caller. */
export async function changePassword(ctx: Ctx, userId: string, input: unknown) {
  const data = parseInput(passwordChange, input);
  return inTransaction(ctx, async (tx) => {
    const user = await findUserById(tx.db, userId);
    if (!user) throw notFound('User', userId);
    if (!(await verifyPassword(user.password_hash, data.currentPassword))) {
      throw new AppError('validation_failed', 'The current password is wrong', {
        fields: [{ path: 'currentPassword', message: 'wrong password' }],
      });
    }
    await setPasswordHash(tx.db, userId, await hashPassword(data.newPassword), isoNow(tx.clock));
    await recordChange(tx, { tenantId: null, entity: 'user', entityId: userId, action: 'change_password' });
  });
}

export async function userProfile(ctx: Pick<Ctx, 'db'>, userId: string) {
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('User', userId);
  const tenants = await listUserTenants(ctx.db, userId);
  return { user: publicUser(user), tenants };
}
