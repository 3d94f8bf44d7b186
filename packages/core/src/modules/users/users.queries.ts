import type { Db, MembershipTable, UserTable } from '../../db/schema.ts';

export const insertUser = (db: Db, row: UserTable) => db.insertInto('users').values(row).execute();

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const findUserById = (db: Db, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const setPasswordHash = (db: Db, id: string, hash: string, at: string) =>
  db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: at })
    .where('id', '=', id)
    .execute();

export const findMembership = (db: Db, userId: string, tenantId: string) =>
  db
    .selectFrom('memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();

export const upsertMembership = async (db: Db, row: MembershipTable) => {
  await db
    .deleteFrom('memberships')
    .where('user_id', '=', row.user_id)
    .where('tenant_id', '=', row.tenant_id)
    .execute();
  await db.insertInto('memberships').values(row).execute();
};

export const deleteMembership = (db: Db, userId: string, tenantId: string) =>
  db.deleteFrom('memberships').where('user_id', '=', userId).where('tenant_id', '=', tenantId).execute();

export const listUserTenants = (db: Db, userId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
    .select(['tenants.id', 'tenants.slug', 'tenants.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('tenants.slug')
    .execute();

export const listTenantMembers = (db: Db, tenantId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.tenant_id', '=', tenantId)
    .orderBy('users.email')
    .execute();
