import type { Db } from '../../db/schema.ts';

export async function vendorNames(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('vendors')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Invoices whose id or invoice number is `ref`. */
export const invoicesByRef = (db: Db, tenantId: string, ref: string) =>
  db
    .selectFrom('invoices')
    .select(['id', 'invoice_number', 'status'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('invoice_number', '=', ref)]))
    .orderBy('created_at')
    .execute();

/** Billing accounts whose id or account number is `ref`. */
export const accountsByRef = (db: Db, tenantId: string, ref: string) =>
  db
    .selectFrom('billing_accounts')
    .select(['id', 'account_number'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('account_number', '=', ref)]))
    .execute();

/** Vendors whose id or code is `ref`. */
export const vendorsByRef = (db: Db, tenantId: string, ref: string) =>
  db
    .selectFrom('vendors')
    .select(['id', 'code'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('id', '=', ref), eb('code', '=', ref)]))
    .execute();
