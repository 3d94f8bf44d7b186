import { sql } from 'kysely';
import type { Db } from '../db/schema.ts';
import { ACTIVE_STATES } from '../modules/audit/reconcile.ts';

/**
 * The tenant's active findings with what identifies them in a bill: invoice and account number,
 * the service identifier (the finding's, else its service row's, else its charge line's) and the
 * contract number.
 */
export function activeFindings(db: Db, tenantId: string) {
  return db
    .selectFrom('findings as f')
    .leftJoin('invoices as i', 'i.id', 'f.invoice_id')
    .leftJoin('billing_accounts as a', 'a.id', 'f.billing_account_id')
    .leftJoin('services as s', 's.id', 'f.service_id')
    .leftJoin('contracts as c', 'c.id', 'f.contract_id')
    .leftJoin('charges as ch', (j) =>
      j.onRef('ch.invoice_id', '=', 'f.invoice_id').onRef('ch.line_no', '=', 'f.line_no'),
    )
    .select([
      'f.id',
      'f.rule',
      'f.subject_key',
      'f.summary',
      'f.line_no',
      'f.period',
      'i.invoice_number',
      'a.account_number',
      sql<string | null>`coalesce(f.service_identifier, s.identifier, ch.service_id)`.as('identifier'),
      'c.contract_number',
    ])
    .where('f.tenant_id', '=', tenantId)
    .where('f.state', 'in', [...ACTIVE_STATES])
    .orderBy('f.rule')
    .orderBy('f.subject_key')
    .execute();
}

/** Audit runs that failed (a rule threw): an in-cycle audit records its failure and the import goes on. */
export const failedRuns = async (db: Db, tenantId: string) =>
  Number(
    (
      await db
        .selectFrom('audit_runs')
        .select(sql<number>`count(*)`.as('n'))
        .where('tenant_id', '=', tenantId)
        .where('status', '=', 'failed')
        .executeTakeFirstOrThrow()
    ).n,
  );

export const invoiceCount = async (db: Db, tenantId: string) =>
  Number(
    (
      await db
        .selectFrom('invoices')
        .select(sql<number>`count(*)`.as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );
