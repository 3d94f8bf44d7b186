import { type Insertable, sql, type Updateable } from 'kysely';
import type { ContractDocumentTable, ContractTable, Db, RateItemTable } from '../../db/schema.ts';

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---- contracts ------------------------------------------------------------------------------

const contractColumns = [
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
  'c.commitment_volume',
  'c.status',
  'c.notes',
  'c.created_at',
  'c.updated_at',
  'v.name as vendor_name',
  'v.code as vendor_code',
] as const;

function contracts(db: Db, tenantId: string) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('vendors as v', 'v.id', 'c.vendor_id')
    .where('c.tenant_id', '=', tenantId);
}

export type ContractRow = NonNullable<Awaited<ReturnType<typeof getContractRow>>>;

export const getContractRow = (db: Db, tenantId: string, id: string) =>
  contracts(db, tenantId).select(contractColumns).where('c.id', '=', id).executeTakeFirst();

export const findContractByNumber = (db: Db, tenantId: string, vendorId: string, contractNumber: string) =>
  contracts(db, tenantId)
    .select(contractColumns)
    .where('c.vendor_id', '=', vendorId)
    .where('c.contract_number', '=', contractNumber)
    .executeTakeFirst();

/**
 * Contracts matching the stored-column filters; the derived ones (expired, expiring) are applied
 * by the service, which knows today's date and how renewals roll.
 */
export function listContractRows(db: Db, tenantId: string, f: { vendorId?: string; q?: string }) {
  let q = contracts(db, tenantId).select(contractColumns);
  if (f.vendorId) q = q.where('c.vendor_id', '=', f.vendorId);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(c.contract_number)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(c.name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(v.name)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return q.orderBy('c.id').execute();
}

export const insertContract = (db: Db, row: Insertable<ContractTable>) =>
  db.insertInto('contracts').values(row).execute();

export const updateContractRow = (db: Db, tenantId: string, id: string, set: Updateable<ContractTable>) =>
  db.updateTable('contracts').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

/** Removes a contract with its accounts, rate items and document rows (the blobs stay in the store). */
export async function deleteContractRows(db: Db, tenantId: string, id: string) {
  await db
    .deleteFrom('contract_accounts')
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', id)
    .execute();
  await db
    .deleteFrom('contract_documents')
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', id)
    .execute();
  await db.deleteFrom('rate_items').where('tenant_id', '=', tenantId).where('contract_id', '=', id).execute();
  await db.deleteFrom('contracts').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Services priced by one of the contract's rate items (or by one given rate item). */
export async function countServicesUsing(
  db: Db,
  tenantId: string,
  by: { contractId?: string; rateItemId?: string },
) {
  let q = db
    .selectFrom('services as s')
    .innerJoin('rate_items as r', 'r.id', 's.rate_item_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.tenant_id', '=', tenantId)
    .where('r.tenant_id', '=', tenantId);
  if (by.contractId) q = q.where('r.contract_id', '=', by.contractId);
  if (by.rateItemId) q = q.where('r.id', '=', by.rateItemId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export const vendorOf = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('vendors')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const vendorByCode = (db: Db, tenantId: string, code: string) =>
  db
    .selectFrom('vendors')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .executeTakeFirst();

// ---- linked billing accounts ----------------------------------------------------------------

export const contractAccountRows = (db: Db, tenantId: string, contractIds: string[]) =>
  contractIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('contract_accounts as ca')
        .innerJoin('billing_accounts as a', 'a.id', 'ca.billing_account_id')
        .select(['ca.contract_id', 'a.id', 'a.account_number', 'a.name', 'a.vendor_id'])
        .where('ca.tenant_id', '=', tenantId)
        .where('ca.contract_id', 'in', contractIds)
        .orderBy('a.account_number')
        .execute();

export const accountsOfVendor = (
  db: Db,
  tenantId: string,
  vendorId: string,
  by: { ids?: string[]; numbers?: string[] },
) => {
  let q = db
    .selectFrom('billing_accounts')
    .select(['id', 'account_number', 'vendor_id'])
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', vendorId);
  if (by.ids) q = q.where('id', 'in', by.ids.length ? by.ids : ['']);
  if (by.numbers) q = q.where('account_number', 'in', by.numbers.length ? by.numbers : ['']);
  return q.execute();
};

export async function replaceContractAccounts(
  db: Db,
  tenantId: string,
  contractId: string,
  accountIds: string[],
) {
  await db
    .deleteFrom('contract_accounts')
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .execute();
  if (accountIds.length === 0) return;
  await db
    .insertInto('contract_accounts')
    .values(
      accountIds.map((id) => ({ tenant_id: tenantId, contract_id: contractId, billing_account_id: id })),
    )
    .execute();
}

// ---- rate items -----------------------------------------------------------------------------

export const rateItemRows = (db: Db, tenantId: string, contractId: string) =>
  db
    .selectFrom('rate_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .orderBy('name')
    .orderBy('effective_from')
    .orderBy('id')
    .execute();

export type RateItemRow = NonNullable<Awaited<ReturnType<typeof getRateItemRow>>>;

export const getRateItemRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('rate_items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertRateItem = (db: Db, row: Insertable<RateItemTable>) =>
  db.insertInto('rate_items').values(row).execute();

export const updateRateItemRow = (db: Db, tenantId: string, id: string, set: Updateable<RateItemTable>) =>
  db.updateTable('rate_items').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const deleteRateItemRow = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('rate_items').where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export async function searchRateItemRows(
  db: Db,
  tenantId: string,
  f: { q?: string; vendorId?: string; contractId?: string },
  limit: number,
  offset: number,
) {
  let q = db
    .selectFrom('rate_items as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .where('r.tenant_id', '=', tenantId)
    .where('c.tenant_id', '=', tenantId);
  if (f.vendorId) q = q.where('c.vendor_id', '=', f.vendorId);
  if (f.contractId) q = q.where('r.contract_id', '=', f.contractId);
  if (f.q) {
    const pattern = likePattern(f.q);
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(r.name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(r.code)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(c.contract_number)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .select([
        'r.id',
        'r.name',
        'r.code',
        'r.contract_id',
        'c.contract_number',
        'c.vendor_id',
        'r.mrc_nanos',
        'r.currency',
      ])
      .orderBy('c.contract_number')
      .orderBy('r.name')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ---- documents ------------------------------------------------------------------------------

export const documentRows = (db: Db, tenantId: string, contractId: string) =>
  db
    .selectFrom('contract_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .orderBy('created_at')
    .orderBy('file_name')
    .orderBy('id')
    .execute();

export const getDocumentRow = (db: Db, tenantId: string, contractId: string, id: string) =>
  db
    .selectFrom('contract_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertDocument = (db: Db, row: Insertable<ContractDocumentTable>) =>
  db.insertInto('contract_documents').values(row).execute();

export const deleteDocumentRow = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('contract_documents').where('tenant_id', '=', tenantId).where('id', '=', id).execute();

// ---- commitment -----------------------------------------------------------------------------

/** Charges that count towards a spend commitment: billed to the accounts, in the currency, dated in [from, to]. */
function committedCharges(
  db: Db,
  tenantId: string,
  accountIds: string[],
  currency: string,
  from: string,
  to: string,
) {
  return db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .where('ch.tenant_id', '=', tenantId)
    .where('i.tenant_id', '=', tenantId)
    .where('i.billing_account_id', 'in', accountIds)
    .where('i.currency', '=', currency)
    .where('i.status', '!=', 'superseded')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('i.invoice_date', 'is not', null),
          eb('i.invoice_date', '>=', from),
          eb('i.invoice_date', '<=', to),
        ]),
        eb.and([
          eb('i.invoice_date', 'is', null),
          eb('i.period_start', '>=', from),
          eb('i.period_start', '<=', to),
        ]),
      ]),
    );
}

/** Spend by invoice date (tax and information-only lines left out; credits are negative and reduce it). */
export const spendByDate = (
  db: Db,
  tenantId: string,
  accountIds: string[],
  currency: string,
  from: string,
  to: string,
) =>
  accountIds.length === 0
    ? Promise.resolve([])
    : committedCharges(db, tenantId, accountIds, currency, from, to)
        .where('ch.kind', '!=', 'tax')
        .where('ch.info_only', '=', 0)
        .select((eb) => [
          'i.invoice_date',
          'i.period_start',
          eb.fn.sum<bigint>('ch.amount_nanos').as('amount_nanos'),
        ])
        .groupBy(['i.invoice_date', 'i.period_start'])
        .execute();

/** Distinct services billed in the period, for volume commitments. */
export async function servicesBilled(
  db: Db,
  tenantId: string,
  accountIds: string[],
  currency: string,
  from: string,
  to: string,
) {
  if (accountIds.length === 0) return 0;
  const row = await committedCharges(db, tenantId, accountIds, currency, from, to)
    .where('ch.service_id', 'is not', null)
    .select((eb) => eb.fn.count<number>('ch.service_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
