import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';

export interface InvoiceFilter {
  tenantId: string;
  vendorId?: string;
  accountId?: string;
  status?: string;
  periodFrom?: string;
  periodTo?: string;
  minNanos?: bigint;
  maxNanos?: bigint;
  q?: string;
  batchId?: string;
}

export const INVOICE_SORTS = {
  invoiceDate: 'i.invoice_date',
  periodStart: 'i.period_start',
  invoiceNumber: 'i.invoice_number',
  currentCharges: 'i.current_charges_nanos',
  vendor: 'v.name',
  accountNumber: 'a.account_number',
  createdAt: 'i.created_at',
} as const;

function filtered(db: Db, f: InvoiceFilter) {
  let q = db
    .selectFrom('invoices as i')
    .innerJoin('vendors as v', 'v.id', 'i.vendor_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .where('i.tenant_id', '=', f.tenantId);
  if (f.vendorId) q = q.where('i.vendor_id', '=', f.vendorId);
  if (f.accountId) q = q.where('i.billing_account_id', '=', f.accountId);
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.batchId) q = q.where('i.batch_id', '=', f.batchId);
  if (f.periodFrom) q = q.where('i.period_start', '>=', f.periodFrom);
  if (f.periodTo) q = q.where('i.period_start', '<=', f.periodTo);
  if (f.minNanos !== undefined) q = q.where('i.current_charges_nanos', '>=', f.minNanos);
  if (f.maxNanos !== undefined) q = q.where('i.current_charges_nanos', '<=', f.maxNanos);
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(i.invoice_number)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(a.account_number)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return q;
}

const columns = [
  'i.id',
  'i.invoice_number',
  'i.invoice_date',
  'i.due_date',
  'i.period_start',
  'i.period_end',
  'i.currency',
  'i.is_credit',
  'i.status',
  'i.current_charges_nanos',
  'i.info_only_nanos',
  'i.stated_current_nanos',
  'i.stated_total_due_nanos',
  'i.previous_balance_nanos',
  'i.payments_nanos',
  'i.adjustments_nanos',
  'i.control_difference_nanos',
  'i.charge_count',
  'i.service_count',
  'i.supersedes_id',
  'i.batch_id',
  'i.source_ref',
  'i.warnings_json',
  'i.created_at',
  'i.approved_nanos',
  'i.vendor_id',
  'i.billing_account_id',
  'v.name as vendor_name',
  'a.account_number',
] as const;

export async function listInvoiceRows(
  db: Db,
  f: InvoiceFilter,
  sort: (typeof INVOICE_SORTS)[keyof typeof INVOICE_SORTS],
  dir: 'asc' | 'desc',
  limit: number,
  offset: number,
) {
  const q = filtered(db, f);
  const [rows, count] = await Promise.all([
    q.select(columns).orderBy(sort, dir).orderBy('i.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export const getInvoiceRow = (db: Db, tenantId: string, id: string) =>
  filtered(db, { tenantId }).select(columns).where('i.id', '=', id).executeTakeFirst();

/** Charges of one invoice summed by service and kind: the shape an analyst reads a bill in. */
export const chargeGroups = (db: Db, tenantId: string, invoiceId: string) =>
  db
    .selectFrom('charges')
    .select((eb) => [
      'service_id',
      'kind',
      'info_only',
      eb.fn.countAll<number>().as('lines'),
      eb.fn.sum<bigint>('amount_nanos').as('amount_nanos'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .groupBy(['service_id', 'kind', 'info_only'])
    .orderBy('service_id')
    .orderBy('kind')
    .execute();

export async function listChargeRows(
  db: Db,
  tenantId: string,
  invoiceId: string,
  f: { serviceId?: string; kind?: string },
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('charges').where('tenant_id', '=', tenantId).where('invoice_id', '=', invoiceId);
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('line_no').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export const getBatchRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('import_batches')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function listBatchRows(
  db: Db,
  tenantId: string,
  status: string | undefined,
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('import_batches').where('tenant_id', '=', tenantId);
  if (status) q = q.where('status', '=', status);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
