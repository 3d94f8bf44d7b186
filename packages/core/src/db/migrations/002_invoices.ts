import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Vendors and accounts first seen on a bill are created for an analyst to confirm.
  for (const table of ['vendors', 'billing_accounts']) {
    await db.schema
      .alterTable(table)
      .addColumn('review', 'text', (c) => c.notNull().defaultTo('confirmed'))
      .execute();
  }

  await db.schema
    .createTable('stored_files')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stored_files_pk', ['tenant_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_line', 'integer')
    .addColumn('warnings_json', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('invoice_count', 'integer', (c) => c.notNull())
    .addColumn('charge_count', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_batches_file')
    .on('import_batches')
    .columns(['tenant_id', 'file_sha256'])
    .execute();
  await db.schema
    .createIndex('import_batches_created')
    .on('import_batches')
    .columns(['tenant_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('billing_account_id', 'text', (c) => c.notNull().references('billing_accounts.id'))
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('invoice_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('is_credit', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_charges_nanos', 'bigint', (c) => c.notNull())
    .addColumn('info_only_nanos', 'bigint', (c) => c.notNull())
    .addColumn('stated_current_nanos', 'bigint')
    .addColumn('stated_total_due_nanos', 'bigint')
    .addColumn('previous_balance_nanos', 'bigint')
    .addColumn('payments_nanos', 'bigint')
    .addColumn('adjustments_nanos', 'bigint')
    .addColumn('control_difference_nanos', 'bigint')
    .addColumn('charge_count', 'integer', (c) => c.notNull())
    .addColumn('service_count', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('supersedes_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('batch_id', 'text', (c) => c.notNull().references('import_batches.id'))
    .addColumn('source_ref', 'text')
    .addColumn('warnings_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoices_number')
    .on('invoices')
    .columns(['tenant_id', 'billing_account_id', 'invoice_number'])
    .execute();
  await db.schema
    .createIndex('invoices_period')
    .on('invoices')
    .columns(['tenant_id', 'period_start'])
    .execute();
  await db.schema.createIndex('invoices_batch').on('invoices').columns(['batch_id']).execute();

  await db.schema
    .createTable('charges')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('service_id_raw', 'text')
    .addColumn('service_type', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('product_code', 'text')
    .addColumn('quantity', 'text')
    .addColumn('unit', 'text')
    .addColumn('unit_rate', 'text')
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('info_only', 'integer', (c) => c.notNull())
    .addColumn('source_line', 'integer')
    .addColumn('source_segment', 'integer')
    .addColumn('source_ref', 'text')
    .addColumn('attributes_json', 'text')
    .addPrimaryKeyConstraint('charges_pk', ['invoice_id', 'line_no'])
    .execute();
  await db.schema.createIndex('charges_service').on('charges').columns(['tenant_id', 'service_id']).execute();

  await db.schema
    .createTable('mapping_profiles')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('profile_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mapping_profiles_pk', ['tenant_id', 'id'])
    .execute();
}
