import { sql } from 'kysely';
import type { Db, Engine } from '../../db/schema.ts';

export interface ScopeFilter {
  invoiceIds?: string[];
  accountId?: string;
  vendorId?: string;
  /** YYYY-MM: invoices whose period starts in that month */
  period?: string;
}

/**
 * The invoices a scope names (with the invoices they superseded, so findings on a replaced bill
 * are closed), and the accounts and vendors those invoices belong to.
 */
export async function scopeRows(db: Db, tenantId: string, f: ScopeFilter) {
  let q = db
    .selectFrom('invoices')
    .select(['id', 'billing_account_id', 'vendor_id', 'supersedes_id'])
    .where('tenant_id', '=', tenantId);
  if (f.invoiceIds) q = q.where('id', 'in', f.invoiceIds.length > 0 ? f.invoiceIds : ['']);
  if (f.accountId) q = q.where('billing_account_id', '=', f.accountId);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.period)
    q = q.where('period_start', '>=', `${f.period}-01`).where('period_start', '<=', `${f.period}-31`);
  return q.execute();
}

export async function accountsOfVendor(db: Db, tenantId: string, vendorId: string) {
  const rows = await db
    .selectFrom('billing_accounts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', vendorId)
    .execute();
  return rows.map((r) => r.id);
}

export async function vendorOfAccount(db: Db, tenantId: string, accountId: string) {
  const row = await db
    .selectFrom('billing_accounts')
    .select('vendor_id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.vendor_id ?? null;
}

// Long id lists go in as one JSON parameter: both engines expand it without a bound-variable limit.
const idList = (ids: string[]) => JSON.stringify(ids);

/**
 * Keeps a rule's query to the run's scope; a null list means "all". Example:
 * `.where(inScope('i.id', env.scope.invoiceIds, env.engine))`.
 */
export function inScope(column: string, ids: string[] | null, engine: Engine) {
  if (ids === null) return sql<boolean>`1 = 1`;
  const ref = sql.ref(column);
  return engine === 'postgres'
    ? // `= any(array(…))` lets the planner see the list's size; `in (select …)` is guessed at 100
      // rows and turned a one-invoice run into a scan of every charge.
      sql<boolean>`${ref} = any(array(select jsonb_array_elements_text(${idList(ids)}::jsonb)))`
    : sql<boolean>`${ref} in (select value from json_each(${idList(ids)}))`;
}

/**
 * Charges that bill a service, not the account itself: readers give account-level lines (an
 * EDI 811 late-payment charge, account taxes) the account number as identifier and type
 * `account`, and those are no service to look up in inventory.
 */
export const billsService = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.service_id`)} is not null and coalesce(${sql.ref(`${alias}.service_type`)}, '') <> 'account')`;
