import type { Db, TenantTable } from '../../db/schema.ts';

export const insertTenant = (db: Db, row: TenantTable) => db.insertInto('tenants').values(row).execute();

export const findTenantBySlug = (db: Db, slug: string) =>
  db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();

export const findTenantById = (db: Db, id: string) =>
  db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();

export const listAllTenants = (db: Db) => db.selectFrom('tenants').selectAll().orderBy('slug').execute();
