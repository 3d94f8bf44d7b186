import { sql } from 'kysely';
import type { Db, Engine } from '../../db/schema.ts';

const ACTIVE = ['open', 'in_progress', 'disputed'];

/** How many active exceptions an invoice has, how many block it, and the money they put in doubt. */
export async function exceptionFacts(db: Db, tenantId: string, invoiceId: string) {
  const row = await db
    .selectFrom('findings')
    .select([
      sql<number>`count(*)`.as('active'),
      sql<number>`coalesce(sum(case when blocking = 1 then 1 else 0 end), 0)`.as('blocking'),
      sql<bigint>`coalesce(sum(case when variance_nanos > 0 then variance_nanos else 0 end), 0)`.as(
        'disputed_nanos',
      ),
    ])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('state', 'in', ACTIVE)
    .executeTakeFirstOrThrow();
  return {
    active: Number(row.active),
    blocking: Number(row.blocking),
    disputedNanos: BigInt(row.disputed_nanos),
  };
}

/** The invoice's workflow fields, locked on PostgreSQL for the approval decision. */
export function invoiceForDecision(db: Db, engine: Engine, tenantId: string, id: string) {
  const q = db
    .selectFrom('invoices')
    .select(['id', 'status', 'current_charges_nanos', 'approved_nanos', 'approved_at', 'approved_by'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  return (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export async function setDecision(
  db: Db,
  tenantId: string,
  id: string,
  d: {
    status: string;
    approved_nanos: bigint | null;
    approved_at: string | null;
    approved_by: string | null;
  },
) {
  await db.updateTable('invoices').set(d).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
