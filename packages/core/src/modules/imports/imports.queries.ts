import type { CompiledQuery, Insertable } from 'kysely';
import type {
  ChargeTable,
  Db,
  ImportBatchTable,
  InvoiceTable,
  MappingProfileTable,
} from '../../db/schema.ts';

export const findImportedBatchByHash = (db: Db, tenantId: string, sha: string) =>
  db
    .selectFrom('import_batches')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('file_sha256', '=', sha)
    .where('status', '=', 'imported')
    .executeTakeFirst();

export const insertBatch = (db: Db, row: ImportBatchTable) =>
  db.insertInto('import_batches').values(row).execute();

export async function rememberFile(
  db: Db,
  row: { tenant_id: string; sha256: string; file_name: string; size: number; created_at: string },
) {
  const seen = await db
    .selectFrom('stored_files')
    .select('sha256')
    .where('tenant_id', '=', row.tenant_id)
    .where('sha256', '=', row.sha256)
    .executeTakeFirst();
  if (!seen) await db.insertInto('stored_files').values(row).execute();
}

export const findVendorByCodeOrName = (db: Db, tenantId: string, code: string | null, name: string | null) =>
  db
    .selectFrom('vendors')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(code ? [eb(eb.fn('lower', ['code']), '=', code.toLowerCase())] : []),
        ...(name ? [eb(eb.fn('lower', ['name']), '=', name.toLowerCase())] : []),
      ]),
    )
    .orderBy('code')
    .executeTakeFirst();

export const findAccount = (db: Db, tenantId: string, vendorId: string, accountNumber: string) =>
  db
    .selectFrom('billing_accounts')
    .select(['id', 'currency'])
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', vendorId)
    .where('account_number', '=', accountNumber)
    .executeTakeFirst();

export const findInvoicesByNumber = (db: Db, tenantId: string, accountId: string, invoiceNumber: string) =>
  db
    .selectFrom('invoices')
    .select(['id', 'content_hash', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('billing_account_id', '=', accountId)
    .where('invoice_number', '=', invoiceNumber)
    .orderBy('created_at', 'desc')
    .execute();

export const insertInvoice = (db: Db, row: Insertable<InvoiceTable>) =>
  db.insertInto('invoices').values(row).execute();

// Stays under SQLite's 32,766 bound parameters per statement.
const CHARGE_BATCH = 1000;

const CHARGE_COLUMNS = [
  'invoice_id',
  'line_no',
  'tenant_id',
  'service_id',
  'service_id_raw',
  'service_type',
  'kind',
  'description',
  'product_code',
  'quantity',
  'unit',
  'unit_rate',
  'amount_nanos',
  'period_start',
  'period_end',
  'info_only',
  'source_line',
  'source_segment',
  'source_ref',
  'attributes_json',
] as const satisfies readonly (keyof ChargeTable)[];

/**
 * Charges are the bulk of every import. Kysely compiles the multi-row insert once per batch size
 * (with the engine's own placeholders) and each batch only swaps the parameters, instead of
 * building and compiling a fresh query tree of 20,000 values per statement.
 */
const templates = new WeakMap<object, Map<number, CompiledQuery>>();

function chargeInsert(db: Db, rows: number): CompiledQuery {
  const key = db.getExecutor().adapter;
  let byCount = templates.get(key);
  if (!byCount) {
    byCount = new Map();
    templates.set(key, byCount);
  }
  let compiled = byCount.get(rows);
  if (!compiled) {
    const blank = Object.fromEntries(CHARGE_COLUMNS.map((c) => [c, null])) as unknown as ChargeTable;
    compiled = db
      .insertInto('charges')
      .values(Array.from({ length: rows }, () => blank))
      .compile();
    byCount.set(rows, compiled);
  }
  return compiled;
}

export async function insertCharges(db: Db, rows: ChargeTable[]) {
  for (let i = 0; i < rows.length; i += CHARGE_BATCH) {
    const batch = rows.slice(i, i + CHARGE_BATCH);
    const parameters = batch.flatMap((r) => CHARGE_COLUMNS.map((c) => r[c]));
    await db.executeQuery({ ...chargeInsert(db, batch.length), parameters });
  }
}

export const listProfileRows = (db: Db, tenantId: string) =>
  db
    .selectFrom('mapping_profiles')
    .select(['id', 'name', 'profile_json'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();

export const updateBatch = (
  db: Db,
  tenantId: string,
  id: string,
  values: Pick<ImportBatchTable, 'warnings_json' | 'summary_json' | 'invoice_count' | 'charge_count'>,
) =>
  db
    .updateTable('import_batches')
    .set(values)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();

export const findBatchSha = async (db: Db, id: string) =>
  (await db.selectFrom('import_batches').select('file_sha256').where('id', '=', id).executeTakeFirst())
    ?.file_sha256;

export const markSuperseded = (db: Db, tenantId: string, id: string) =>
  db
    .updateTable('invoices')
    .set({ status: 'superseded' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();

export const findProfileRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('mapping_profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function upsertProfileRow(db: Db, row: MappingProfileTable) {
  await db
    .deleteFrom('mapping_profiles')
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .execute();
  await db.insertInto('mapping_profiles').values(row).execute();
}

export const deleteProfileRow = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('mapping_profiles').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
