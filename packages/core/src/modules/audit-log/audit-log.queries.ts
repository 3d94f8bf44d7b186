import type { AuditEventTable, Db, Engine } from '../../db/schema.ts';

export async function lockChainHead(db: Db, engine: Engine) {
  const q = db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1);
  // PostgreSQL writers queue on the head row; SQLite already serialises writers.
  return (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
}

export async function appendEvent(db: Db, event: AuditEventTable): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
  await db
    .updateTable('audit_chain_head')
    .set({ seq: event.seq, hash: event.hash })
    .where('id', '=', 1)
    .execute();
}

export async function readChainHead(db: Db) {
  return db
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export async function readEventsAfter(db: Db, afterSeq: number, limit: number): Promise<AuditEventTable[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export interface EventFilter {
  tenantId: string;
  entity?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

export async function listTenantEvents(db: Db, f: EventFilter) {
  let q = db.selectFrom('audit_events').where('tenant_id', '=', f.tenantId);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Display names for actors: users by e-mail, tokens by name and owner. */
export async function actorNames(db: Db, userIds: string[], tokenIds: string[]) {
  const [users, tokens] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute() : [],
    tokenIds.length
      ? db
          .selectFrom('api_tokens')
          .innerJoin('users', 'users.id', 'api_tokens.user_id')
          .select(['api_tokens.id', 'api_tokens.name', 'users.email'])
          .where('api_tokens.id', 'in', tokenIds)
          .execute()
      : [],
  ]);
  const names = new Map<string, string>();
  for (const u of users) names.set(`user:${u.id}`, u.email);
  for (const t of tokens) names.set(`token:${t.id}`, `${t.email} (token “${t.name}”)`);
  return names;
}
