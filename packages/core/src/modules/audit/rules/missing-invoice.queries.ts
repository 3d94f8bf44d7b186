import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { inScope } from '../scope.queries.ts';

/**
 * Active monthly accounts with their latest non-superseded invoice (by period start, else invoice
 * date; among copies of one period the first received). Accounts with no dated invoice are left
 * out: nothing tells when their bills are due.
 */
export function latestInvoiceRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const day = sql<string>`coalesce(i.period_start, i.invoice_date)`;
  const ranked = db
    .selectFrom('invoices as i')
    .select([
      'i.id',
      'i.billing_account_id',
      'i.invoice_number',
      'i.current_charges_nanos',
      'i.currency',
      day.as('day'),
      sql<number>`row_number() over (partition by i.billing_account_id order by ${day} desc, i.created_at, i.id)`.as(
        'rn',
      ),
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '<>', 'superseded')
    .where(sql<boolean>`${day} is not null`)
    .where(inScope('i.billing_account_id', scope.accountIds, engine))
    .as('l');
  return db
    .selectFrom('billing_accounts as a')
    .innerJoin(ranked, 'l.billing_account_id', 'a.id')
    .select([
      'a.id as account_id',
      'a.vendor_id',
      'a.account_number',
      'a.expected_invoice_day',
      'l.id as invoice_id',
      'l.invoice_number',
      'l.current_charges_nanos',
      'l.currency',
      'l.day',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.status', '=', 'active')
    .where('a.cadence', '=', 'monthly')
    .where(inScope('a.id', scope.accountIds, engine))
    .where('l.rn', '=', 1)
    .execute();
}
