import type { ApiTokenTable, Db, SessionTable } from '../../db/schema.ts';

export const insertSession = (db: Db, row: SessionTable) => db.insertInto('sessions').values(row).execute();

export const findSession = (db: Db, idHash: string) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();

export const deleteSession = (db: Db, idHash: string) =>
  db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();

export const deleteUserSessionsExcept = (db: Db, userId: string, keepIdHash: string) =>
  db.deleteFrom('sessions').where('user_id', '=', userId).where('id_hash', '!=', keepIdHash).execute();

export const deleteExpiredSessions = (db: Db, now: string) =>
  db.deleteFrom('sessions').where('expires_at', '<', now).execute();

export const countRecentFailures = async (db: Db, email: string, since: string) => {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', email)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
};

export const insertLoginFailure = (db: Db, email: string, at: string) =>
  db.insertInto('login_failures').values({ email, at }).execute();

export const clearLoginFailures = (db: Db, email: string) =>
  db.deleteFrom('login_failures').where('email', '=', email).execute();

export const insertToken = (db: Db, row: ApiTokenTable) => db.insertInto('api_tokens').values(row).execute();

export const findTokenByHash = (db: Db, hash: string) =>
  db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();

export const findToken = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('api_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const touchToken = (db: Db, id: string, at: string) =>
  db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();

export const revokeTokenRow = (db: Db, id: string, at: string) =>
  db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();

export const listTokens = (db: Db, tenantId: string, userId: string | null) => {
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.role',
      'api_tokens.prefix',
      'api_tokens.created_at',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.email',
    ])
    .where('api_tokens.tenant_id', '=', tenantId);
  if (userId) q = q.where('api_tokens.user_id', '=', userId);
  return q.orderBy('api_tokens.created_at', 'desc').execute();
};
