import type { Insertable } from 'kysely';
import type { AuditRunTable, Db } from '../../db/schema.ts';

export async function insertRun(db: Db, row: Insertable<AuditRunTable>) {
  await db.insertInto('audit_runs').values(row).execute();
}

export async function listRunRows(db: Db, tenantId: string, limit: number, offset: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('audit_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('audit_runs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const getRunRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('audit_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
