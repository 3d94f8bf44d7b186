import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { billsService, inScope } from '../scope.queries.ts';

/**
 * Per invoice and billed identifier: what was billed for an identifier that is neither a service
 * of the invoice's vendor nor an alias of one.
 */
export function notInInventoryRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .select([
      'i.id as invoice_id',
      'i.invoice_number',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.currency',
      'i.period_start',
      'i.invoice_date',
      'ch.service_id as identifier',
      sql<bigint>`sum(ch.amount_nanos)`.as('billed_nanos'),
      sql<number>`count(*)`.as('lines'),
      sql<number>`min(ch.line_no)`.as('first_line'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where(billsService('ch'))
    .where('ch.info_only', '=', 0)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .where(
      sql<boolean>`not exists (select 1 from services s where s.tenant_id = ${tenantId} and s.vendor_id = i.vendor_id and s.identifier = ch.service_id)`,
    )
    .where(
      sql<boolean>`not exists (select 1 from service_aliases sa where sa.tenant_id = ${tenantId} and sa.vendor_id = i.vendor_id and sa.identifier = ch.service_id)`,
    )
    .groupBy([
      'i.id',
      'i.invoice_number',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.currency',
      'i.period_start',
      'i.invoice_date',
      'ch.service_id',
    ])
    .execute();
}

/**
 * Per invoice and disconnected service: charges for periods that start after the service's
 * disconnect date (a charge period that straddles the date is the final, prorated bill).
 */
export function afterDisconnectRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const chargeDay = sql<string>`coalesce(ch.period_start, i.period_start, i.invoice_date)`;
  return db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .innerJoin('services as s', (j) =>
      j
        .on('s.tenant_id', '=', tenantId)
        .onRef('s.vendor_id', '=', 'i.vendor_id')
        .onRef('s.identifier', '=', 'ch.service_id'),
    )
    .select([
      'i.id as invoice_id',
      'i.invoice_number',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.currency',
      's.id as service_row_id',
      's.identifier',
      's.cost_center_id',
      's.disconnected_on',
      sql<string>`min(${chargeDay})`.as('first_day'),
      sql<bigint>`sum(ch.amount_nanos)`.as('billed_nanos'),
      sql<number>`count(*)`.as('lines'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where('ch.info_only', '=', 0)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .where('s.disconnected_on', 'is not', null)
    .where(sql<boolean>`${chargeDay} > s.disconnected_on`)
    .groupBy([
      'i.id',
      'i.invoice_number',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.currency',
      's.id',
      's.identifier',
      's.cost_center_id',
      's.disconnected_on',
    ])
    .execute();
}
