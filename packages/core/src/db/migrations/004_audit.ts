import type { CreateTableBuilder, Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Tenant-level settings have vendor_key '' so the key needs no nullable column.
  await db.schema
    .createTable('audit_rule_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('vendor_key', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer')
    .addColumn('severity', 'text')
    .addColumn('blocking', 'integer')
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_rule_settings_pk', ['tenant_id', 'rule', 'vendor_key'])
    .execute();

  await db.schema
    .createTable('audit_runs')
    .$call(tenantOwned)
    // 'import' | 'manual' | 'schedule'
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('scope_json', 'text', (c) => c.notNull())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('invoices_checked', 'integer', (c) => c.notNull())
    .addColumn('charges_checked', 'integer', (c) => c.notNull())
    .addColumn('opened', 'integer', (c) => c.notNull())
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('still_open', 'integer', (c) => c.notNull())
    .addColumn('auto_closed', 'integer', (c) => c.notNull())
    .addColumn('rule_counts_json', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('audit_runs_started')
    .on('audit_runs')
    .columns(['tenant_id', 'started_at'])
    .execute();

  // A finding is also the exception an analyst works: one row, from detection to resolution.
  await db.schema
    .createTable('findings')
    .$call(tenantOwned)
    .addColumn('rule', 'text', (c) => c.notNull())
    // identifies the subject within the rule; re-runs find the same row by it
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('blocking', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('billing_account_id', 'text', (c) => c.references('billing_accounts.id'))
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('line_no', 'integer')
    .addColumn('service_identifier', 'text')
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
    .addColumn('cost_center_id', 'text', (c) => c.references('cost_centers.id'))
    .addColumn('period', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('billed_nanos', 'bigint')
    .addColumn('expected_nanos', 'bigint')
    .addColumn('variance_nanos', 'bigint', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    // hash of the amounts: a resolved finding reopens only when these change
    .addColumn('facts_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('resolution_reason', 'text')
    .addColumn('queue', 'text')
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_on', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('first_run_id', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .$call(timestamps)
    .addUniqueConstraint('findings_subject', ['tenant_id', 'rule', 'subject_key'])
    .execute();
  for (const [name, columns] of [
    ['state', ['tenant_id', 'state', 'due_on']],
    ['invoice', ['tenant_id', 'invoice_id']],
    ['account', ['tenant_id', 'billing_account_id']],
    ['owner', ['tenant_id', 'owner_user_id', 'state']],
    ['variance', ['tenant_id', 'variance_nanos']],
  ] as const) {
    await db.schema
      .createIndex(`findings_by_${name}`)
      .on('findings')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('finding_comments')
    .$call(tenantOwned)
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('finding_comments_finding')
    .on('finding_comments')
    .columns(['tenant_id', 'finding_id'])
    .execute();

  await db.schema
    .createTable('finding_attachments')
    .$call(tenantOwned)
    .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('finding_attachments_finding')
    .on('finding_attachments')
    .columns(['tenant_id', 'finding_id'])
    .execute();

  // First matching rule by position wins; every condition left null matches anything.
  await db.schema
    .createTable('routing_rules')
    .$call(tenantOwned)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text')
    .addColumn('vendor_id', 'text', (c) => c.references('vendors.id'))
    .addColumn('billing_account_id', 'text', (c) => c.references('billing_accounts.id'))
    .addColumn('cost_center_id', 'text', (c) => c.references('cost_centers.id'))
    .addColumn('min_variance_nanos', 'bigint')
    .addColumn('queue', 'text')
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .$call(timestamps)
    .execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('escalate_to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_policies_pk', ['tenant_id', 'severity'])
    .execute();

  // The approval decision on an invoice: a workflow fact, the invoice's content stays as posted.
  await db.schema.alterTable('invoices').addColumn('approved_nanos', 'bigint').execute();
  await db.schema.alterTable('invoices').addColumn('approved_at', 'text').execute();
  await db.schema.alterTable('invoices').addColumn('approved_by', 'text').execute();
  await db.schema
    .createIndex('invoices_account_period')
    .on('invoices')
    .columns(['tenant_id', 'billing_account_id', 'period_start'])
    .execute();
  await db.schema.createIndex('charges_tenant_kind').on('charges').columns(['tenant_id', 'kind']).execute();
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
