import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { inScope } from '../scope.queries.ts';

// ---- the pricing pass (rate_variance, not_in_contract) ----------------------------------------

/** Every rate item of the tenant with its contract; drafts are loaded too (a service may point at one). */
export const pricingRateItems = (db: Db, tenantId: string) =>
  db
    .selectFrom('rate_items as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select([
      'r.id',
      'r.contract_id',
      'r.name',
      'r.code',
      'r.description_pattern',
      'r.charge_kind',
      'r.unit',
      'r.unit_rate_nanos',
      'r.mrc_nanos',
      'r.discount_ppm',
      'r.effective_from',
      'r.effective_to',
      'r.currency',
      'c.vendor_id',
      'c.contract_number',
      'c.status as contract_status',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('c.tenant_id', '=', tenantId)
    .execute();

export const contractLinks = (db: Db, tenantId: string) =>
  db
    .selectFrom('contract_accounts')
    .select(['contract_id', 'billing_account_id'])
    .where('tenant_id', '=', tenantId)
    .execute();

/** The invoices a pricing pass reads, in id order; the charges are then fetched a chunk of invoices at a time. */
export const pricingInvoices = (db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) =>
  db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .select([
      'i.id',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.invoice_number',
      'i.currency',
      'i.period_start',
      'i.invoice_date',
      'i.charge_count',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .orderBy('i.id')
    .execute();

/**
 * Payable recurring and one-time charges of some invoices, with the rate item of the inventory
 * service each names (by identifier, else through an alias). Either a list of invoices, or one
 * invoice from a line on (a very large invoice is read in pages). Only what pricing needs: every
 * column costs time on a million rows; `chargeDetails` adds the rest for the few reported.
 */
export function pricingCharges(
  db: Db,
  engine: Engine,
  tenantId: string,
  of: { invoiceIds: string[] } | { invoiceId: string; afterLine: number; limit: number },
) {
  const q = withService(db, tenantId)
    .select([
      'ch.invoice_id',
      'ch.line_no',
      'ch.kind',
      'ch.description',
      'ch.product_code',
      'ch.quantity',
      'ch.amount_nanos',
      'ch.period_start',
      'ch.period_end',
      sql<string | null>`coalesce(s.rate_item_id, s2.rate_item_id)`.as('rate_item_id'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where('ch.info_only', '=', 0)
    .where('ch.kind', 'in', ['recurring', 'one_time']);
  if ('invoiceIds' in of) return q.where(inScope('ch.invoice_id', of.invoiceIds, engine)).execute();
  return q
    .where('ch.invoice_id', '=', of.invoiceId)
    .where('ch.line_no', '>', of.afterLine)
    .orderBy('ch.line_no')
    .limit(of.limit)
    .execute();
}

export type PricingChargeRow = Awaited<ReturnType<typeof pricingCharges>>[number];

/** A charge with the inventory service its identifier names on the invoice's vendor, directly or through an alias. */
function withService(db: Db, tenantId: string) {
  return db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
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
    );
}

/** The service identifier, inventory service and cost center of some charges, by [invoice id, line]. */
export function chargeDetails(db: Db, engine: Engine, tenantId: string, keys: [string, number][]) {
  const list = JSON.stringify(keys);
  const pairs =
    engine === 'postgres'
      ? sql`(select k->>0, (k->>1)::int from jsonb_array_elements(${list}::jsonb) as k)`
      : sql`(select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${list}))`;
  return withService(db, tenantId)
    .select([
      'ch.invoice_id',
      'ch.line_no',
      'ch.service_id as identifier',
      sql<string | null>`coalesce(s.id, s2.id)`.as('service_row_id'),
      sql<string | null>`coalesce(s.cost_center_id, s2.cost_center_id)`.as('cost_center_id'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where(sql<boolean>`(ch.invoice_id, ch.line_no) in ${pairs}`)
    .execute();
}

// ---- contract terms (contract_expiry, commitment_shortfall) -----------------------------------

/** Contracts of the vendors in scope. */
export const contractsInScope = (db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) =>
  db
    .selectFrom('contracts as c')
    .select([
      'c.id',
      'c.vendor_id',
      'c.contract_number',
      'c.name',
      'c.term_start',
      'c.term_end',
      'c.auto_renew',
      'c.renewal_months',
      'c.notice_days',
      'c.currency',
      'c.commitment_kind',
      'c.commitment_period',
      'c.commitment_nanos',
      'c.status',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where(inScope('c.vendor_id', scope.vendorIds, engine))
    .orderBy('c.id')
    .execute();

export type TermsContractRow = Awaited<ReturnType<typeof contractsInScope>>[number];

/** Per contract of the vendors in scope: services not disconnected that are priced by one of its rate items. */
export const servicesOnContracts = (db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) =>
  db
    .selectFrom('services as s')
    .innerJoin('rate_items as r', 'r.id', 's.rate_item_id')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .select(['c.id as contract_id', sql<number>`count(*)`.as('services')])
    .where('s.tenant_id', '=', tenantId)
    .where('c.tenant_id', '=', tenantId)
    .where('s.state', '<>', 'disconnected')
    .where(inScope('c.vendor_id', scope.vendorIds, engine))
    .groupBy('c.id')
    .execute();
