import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { billsService, inScope } from '../scope.queries.ts';

/**
 * Payable one-time charges (NRCs) that name a service identifier, on invoices that are not
 * superseded, with the inventory service the identifier names (directly or through an alias).
 * `invoices`: those of the scope; `vendors`: every invoice of the vendors the scope's invoices
 * belong to (the history an NRC is compared with).
 */
export function oneTimeCharges(
  db: Db,
  engine: Engine,
  tenantId: string,
  scope: ResolvedScope,
  of: 'invoices' | 'vendors',
) {
  let q = db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .leftJoin('services as s', (j) =>
      j
        .on('s.tenant_id', '=', tenantId)
        .onRef('s.vendor_id', '=', 'i.vendor_id')
        .onRef('s.identifier', '=', 'ch.service_id'),
    )
    .leftJoin('service_aliases as sa', (j) =>
      j
        .on('sa.tenant_id', '=', tenantId)
        .onRef('sa.vendor_id', '=', 'i.vendor_id')
        .onRef('sa.identifier', '=', 'ch.service_id')
        .on('s.id', 'is', null),
    )
    .leftJoin('services as s2', (j) =>
      j.on('s2.tenant_id', '=', tenantId).onRef('s2.id', '=', 'sa.service_id'),
    )
    .select([
      'i.id as invoice_id',
      'i.invoice_number',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.currency',
      'i.period_start as invoice_period_start',
      'i.invoice_date',
      'i.created_at as invoice_created_at',
      'i.content_hash',
      'ch.line_no',
      'ch.service_id as identifier',
      'ch.product_code',
      'ch.description',
      'ch.amount_nanos',
      'ch.period_start',
      sql<string | null>`coalesce(s.id, s2.id)`.as('service_row_id'),
      sql<string | null>`coalesce(s.identifier, s2.identifier)`.as('service_identifier'),
      sql<string | null>`coalesce(s.ordered_on, s2.ordered_on)`.as('ordered_on'),
      sql<string | null>`coalesce(s.activated_on, s2.activated_on)`.as('activated_on'),
      sql<string | null>`coalesce(s.cost_center_id, s2.cost_center_id)`.as('cost_center_id'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where('ch.kind', '=', 'one_time')
    .where('ch.info_only', '=', 0)
    .where(billsService('ch'))
    .where('ch.service_id', '<>', '')
    .where('i.status', '<>', 'superseded');
  if (of === 'invoices') q = q.where(inScope('i.id', scope.invoiceIds, engine));
  else if (scope.invoiceIds !== null)
    q = q.where(
      'i.vendor_id',
      'in',
      db
        .selectFrom('invoices as i2')
        .select('i2.vendor_id')
        .where('i2.tenant_id', '=', tenantId)
        .where(inScope('i2.id', scope.invoiceIds, engine)),
    );
  return q.orderBy('i.id').orderBy('ch.line_no').execute();
}

export type OneTimeChargeRow = Awaited<ReturnType<typeof oneTimeCharges>>[number];
