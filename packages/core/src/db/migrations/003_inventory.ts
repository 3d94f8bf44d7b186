import type { CreateTableBuilder, Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/** Inventory of services, contracts with rate items, discovery decisions and data-quality scores. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('contracts')
    .$call(tenantOwned)
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('contract_number', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text')
    .addColumn('auto_renew', 'integer', (c) => c.notNull())
    .addColumn('renewal_months', 'integer')
    .addColumn('notice_days', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // 'none' | 'spend' | 'volume'; the period is 'monthly' | 'annual' | 'term'
    .addColumn('commitment_kind', 'text', (c) => c.notNull())
    .addColumn('commitment_period', 'text')
    .addColumn('commitment_nanos', 'bigint')
    .addColumn('commitment_volume', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .$call(timestamps)
    .addUniqueConstraint('contracts_number', ['tenant_id', 'vendor_id', 'contract_number'])
    .execute();
  await db.schema
    .createIndex('contracts_term_end')
    .on('contracts')
    .columns(['tenant_id', 'term_end'])
    .execute();

  await db.schema
    .createTable('contract_accounts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('billing_account_id', 'text', (c) => c.notNull().references('billing_accounts.id'))
    .addPrimaryKeyConstraint('contract_accounts_pk', ['contract_id', 'billing_account_id'])
    .execute();
  await db.schema
    .createIndex('contract_accounts_account')
    .on('contract_accounts')
    .columns(['tenant_id', 'billing_account_id'])
    .execute();

  await db.schema
    .createTable('contract_documents')
    .$call(tenantOwned)
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // 'local' (content-addressed in the data directory) | 's3'
    .addColumn('storage', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contract_documents_contract')
    .on('contract_documents')
    .columns(['tenant_id', 'contract_id'])
    .execute();

  await db.schema
    .createTable('rate_items')
    .$call(tenantOwned)
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // product / USOC / plan code, matched exactly (case-insensitive)
    .addColumn('code', 'text')
    // description pattern with * wildcards, matched case-insensitively when no code matches
    .addColumn('description_pattern', 'text')
    .addColumn('charge_kind', 'text')
    .addColumn('unit', 'text')
    .addColumn('unit_rate_nanos', 'bigint')
    .addColumn('mrc_nanos', 'bigint')
    .addColumn('nrc_nanos', 'bigint')
    // discount in parts per million: 12.5 % = 125000
    .addColumn('discount_ppm', 'integer')
    .addColumn('effective_from', 'text')
    .addColumn('effective_to', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .$call(timestamps)
    .execute();
  await db.schema
    .createIndex('rate_items_contract')
    .on('rate_items')
    .columns(['tenant_id', 'contract_id'])
    .execute();
  await db.schema.createIndex('rate_items_code').on('rate_items').columns(['tenant_id', 'code']).execute();

  await db.schema
    .createTable('service_types')
    .$call(tenantOwned)
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // how identifiers of this type are normalised: 'phone' | 'circuit' | 'sku' | 'account' | 'text'
    .addColumn('identifier_kind', 'text', (c) => c.notNull())
    // custom attribute definitions: [{ key, label, type: 'text' | 'number' | 'date' | 'enum', values? }]
    .addColumn('attributes_json', 'text', (c) => c.notNull())
    .$call(timestamps)
    .addUniqueConstraint('service_types_code', ['tenant_id', 'code'])
    .execute();

  await db.schema
    .createTable('services')
    .$call(tenantOwned)
    .addColumn('service_type', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('billing_account_id', 'text', (c) => c.references('billing_accounts.id'))
    .addColumn('owner_id', 'text', (c) => c.references('people.id'))
    .addColumn('cost_center_id', 'text', (c) => c.references('cost_centers.id'))
    .addColumn('location_id', 'text', (c) => c.references('locations.id'))
    .addColumn('rate_item_id', 'text', (c) => c.references('rate_items.id'))
    .addColumn('expected_monthly_nanos', 'bigint')
    .addColumn('currency', 'text')
    // ordered → active → suspended → disconnect_requested → disconnected
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('ordered_on', 'text')
    .addColumn('activated_on', 'text')
    .addColumn('suspended_on', 'text')
    .addColumn('disconnect_requested_on', 'text')
    .addColumn('disconnected_on', 'text')
    // JSON array of lower-case tags, sorted
    .addColumn('tags_json', 'text', (c) => c.notNull())
    // values of the type's custom attributes, JSON object
    .addColumn('attributes_json', 'text', (c) => c.notNull())
    .addColumn('last_reviewed_on', 'text')
    .addColumn('review_evidence', 'text')
    .$call(timestamps)
    .addUniqueConstraint('services_identifier', ['tenant_id', 'vendor_id', 'identifier'])
    .execute();
  // With the id, the list's default order (identifier, id) is read from the index alone, so a
  // page deep in 100,000 services skips index entries instead of table rows.
  await db.schema
    .createIndex('services_by_identifier')
    .on('services')
    .columns(['tenant_id', 'identifier', 'id'])
    .execute();
  for (const column of [
    'state',
    'owner_id',
    'cost_center_id',
    'location_id',
    'billing_account_id',
    'rate_item_id',
    'updated_at',
  ]) {
    await db.schema
      .createIndex(`services_by_${column}`)
      .on('services')
      .columns(['tenant_id', column])
      .execute();
  }

  // Who moved a service between lifecycle states, when it took effect, and why.
  await db.schema
    .createTable('service_transitions')
    .$call(tenantOwned)
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('service_transitions_service')
    .on('service_transitions')
    .columns(['tenant_id', 'service_id'])
    .execute();

  // Other spellings a vendor bills a service under (a discovered identifier merged into it).
  await db.schema
    .createTable('service_aliases')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_aliases_pk', ['tenant_id', 'vendor_id', 'identifier'])
    .execute();

  // What an analyst decided about an identifier seen on invoices but not in inventory.
  await db.schema
    .createTable('discovery_decisions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    // 'accepted' | 'merged' | 'ignored'
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('note', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('discovery_decisions_pk', ['tenant_id', 'vendor_id', 'identifier'])
    .execute();

  await db.schema
    .createTable('saved_views')
    .$call(tenantOwned)
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('page', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .$call(timestamps)
    .addUniqueConstraint('saved_views_name', ['tenant_id', 'user_id', 'page', 'name'])
    .execute();

  // One row per tenant, day and rule: the trend of data quality is read from here.
  await db.schema
    .createTable('dq_rule_counts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('failing', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dq_rule_counts_pk', ['tenant_id', 'day', 'rule'])
    .execute();
  // Scores in basis points (10000 = 100 %), per domain and 'overall'.
  await db.schema
    .createTable('dq_scores')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('score_bp', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dq_scores_pk', ['tenant_id', 'day', 'domain'])
    .execute();
}

function tenantOwned<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'));
}

function timestamps<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}
