import type { Insertable } from 'kysely';
import type {
  ChargeTable,
  ContractTable,
  InvoiceTable,
  RateItemTable,
  ServiceTable,
} from '../src/db/schema.ts';
import { runAudit } from '../src/modules/audit/run.service.ts';
import type { AuditScope } from '../src/modules/audit/scope.ts';
import { isoNow } from '../src/shared/clock.ts';
import type { Ctx } from '../src/shared/context.ts';
import { newId } from '../src/shared/ids.ts';
import { insertAccount, insertVendor } from './data-quality-fixtures.ts';

/**
 * Rows written straight into the tables the audit rules read, with every column settable, so a
 * rule's test states exactly the facts it is about. Amounts are nanos (use `usd`).
 */

export type ChargeInput = Partial<Omit<ChargeTable, 'invoice_id' | 'line_no' | 'tenant_id'>> & {
  amount_nanos: bigint;
};

export type InvoiceInput = Partial<Omit<InvoiceTable, 'id' | 'tenant_id' | 'batch_id'>> & {
  vendor_id: string;
  billing_account_id: string;
  invoice_number: string;
  charges: ChargeInput[];
};

/** An imported invoice with its batch; current charges default to the sum of the charges. */
export async function addInvoice(ctx: Ctx, inv: InvoiceInput): Promise<string> {
  const now = isoNow(ctx.clock);
  const batchId = newId();
  const { charges, ...fields } = inv;
  await ctx.db
    .insertInto('import_batches')
    .values({
      id: batchId,
      tenant_id: ctx.tenantId,
      file_sha256: batchId.replace(/-/g, ''),
      file_name: `${inv.invoice_number}.csv`,
      format: 'csv',
      status: 'imported',
      error_code: null,
      error_message: null,
      error_line: null,
      warnings_json: '[]',
      summary_json: '{}',
      invoice_count: 1,
      charge_count: charges.length,
      actor: 'system:test',
      created_at: now,
    })
    .execute();
  const id = newId();
  const payable = charges.filter((c) => !c.info_only).reduce((a, c) => a + c.amount_nanos, 0n);
  const row: Insertable<InvoiceTable> = {
    id,
    tenant_id: ctx.tenantId,
    invoice_date: '2026-11-01',
    due_date: null,
    period_start: null,
    period_end: null,
    currency: 'USD',
    is_credit: 0,
    status: 'received',
    current_charges_nanos: payable,
    info_only_nanos: 0n,
    stated_current_nanos: null,
    stated_total_due_nanos: null,
    previous_balance_nanos: null,
    payments_nanos: null,
    adjustments_nanos: null,
    control_difference_nanos: null,
    charge_count: charges.length,
    service_count: new Set(charges.map((c) => c.service_id ?? null)).size,
    content_hash: id,
    supersedes_id: null,
    source_ref: null,
    warnings_json: '[]',
    created_at: now,
    ...fields,
    batch_id: batchId,
  };
  await ctx.db.insertInto('invoices').values(row).execute();
  if (charges.length > 0)
    await ctx.db
      .insertInto('charges')
      .values(
        charges.map((c, i) => ({
          service_id: null,
          service_id_raw: c.service_id ?? null,
          service_type: null,
          kind: 'recurring',
          description: 'Monthly plan',
          product_code: null,
          quantity: null,
          unit: null,
          unit_rate: null,
          period_start: null,
          period_end: null,
          info_only: 0,
          source_line: i + 2,
          source_segment: null,
          source_ref: null,
          attributes_json: null,
          ...c,
          invoice_id: id,
          line_no: i + 1,
          tenant_id: ctx.tenantId,
        })),
      )
      .execute();
  return id;
}

export async function addService(
  ctx: Ctx,
  s: Partial<Omit<ServiceTable, 'id' | 'tenant_id'>> & { vendor_id: string; identifier: string },
): Promise<string> {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('services')
    .values({
      service_type: 'wireless',
      description: null,
      billing_account_id: null,
      owner_id: null,
      cost_center_id: null,
      location_id: null,
      rate_item_id: null,
      expected_monthly_nanos: null,
      currency: null,
      state: 'active',
      ordered_on: null,
      activated_on: '2024-01-01',
      suspended_on: null,
      disconnect_requested_on: null,
      disconnected_on: null,
      tags_json: '[]',
      attributes_json: '{}',
      last_reviewed_on: null,
      review_evidence: null,
      created_at: now,
      updated_at: now,
      ...s,
      id,
      tenant_id: ctx.tenantId,
    })
    .execute();
  return id;
}

export async function addContract(
  ctx: Ctx,
  c: Partial<Omit<ContractTable, 'id' | 'tenant_id'>> & { vendor_id: string; accountIds?: string[] },
): Promise<string> {
  const id = newId();
  const now = isoNow(ctx.clock);
  const { accountIds, ...fields } = c;
  await ctx.db
    .insertInto('contracts')
    .values({
      contract_number: `C-${id.slice(0, 8)}`,
      name: 'Master agreement',
      term_start: '2024-01-01',
      term_end: '2027-12-31',
      auto_renew: 0,
      renewal_months: null,
      notice_days: 60,
      currency: 'USD',
      commitment_kind: 'none',
      commitment_period: null,
      commitment_nanos: null,
      commitment_volume: null,
      status: 'active',
      notes: null,
      created_at: now,
      updated_at: now,
      ...fields,
      id,
      tenant_id: ctx.tenantId,
    })
    .execute();
  for (const accountId of accountIds ?? [])
    await ctx.db
      .insertInto('contract_accounts')
      .values({ tenant_id: ctx.tenantId, contract_id: id, billing_account_id: accountId })
      .execute();
  return id;
}

export async function addRateItem(
  ctx: Ctx,
  r: Partial<Omit<RateItemTable, 'id' | 'tenant_id'>> & { contract_id: string },
): Promise<string> {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('rate_items')
    .values({
      name: 'Rate item',
      code: null,
      description_pattern: null,
      charge_kind: 'recurring',
      unit: null,
      unit_rate_nanos: null,
      mrc_nanos: null,
      nrc_nanos: null,
      discount_ppm: null,
      effective_from: null,
      effective_to: null,
      currency: 'USD',
      created_at: now,
      updated_at: now,
      ...r,
      id,
      tenant_id: ctx.tenantId,
    })
    .execute();
  return id;
}

/** A vendor with one billing account, the starting point of most rule tests. */
export async function vendorWithAccount(ctx: Ctx, code = 'TELCO', accountNumber = 'A-100') {
  const vendorId = await insertVendor(ctx, code);
  const accountId = await insertAccount(ctx, vendorId, accountNumber);
  return { vendorId, accountId };
}

/** A tenant-level (no vendorId) or vendor-level override of one rule's settings. */
export async function putRuleSetting(
  ctx: Ctx,
  rule: string,
  s: { vendorId?: string; enabled?: boolean; params?: Record<string, string> },
) {
  await ctx.db
    .insertInto('audit_rule_settings')
    .values({
      tenant_id: ctx.tenantId,
      rule,
      vendor_key: s.vendorId ?? '',
      enabled: s.enabled === undefined ? null : s.enabled ? 1 : 0,
      severity: null,
      blocking: null,
      params_json: JSON.stringify(s.params ?? {}),
      updated_by: 'test',
      updated_at: isoNow(ctx.clock),
    })
    .execute();
}

/** The open findings of one rule, ordered by subject key, with their evidence parsed. */
export async function openFindings(ctx: Ctx, rule: string) {
  const rows = await ctx.db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenantId)
    .where('rule', '=', rule)
    .where('state', '=', 'open')
    .orderBy('subject_key')
    .execute();
  return rows.map((f) => ({ ...f, evidence: JSON.parse(f.evidence_json) as Record<string, unknown> }));
}

/** Runs one rule over a scope and returns its open findings. */
export async function auditRule(ctx: Ctx, rule: string, scope: AuditScope = {}) {
  await runAudit(ctx, scope, { rules: [rule] });
  return openFindings(ctx, rule);
}
