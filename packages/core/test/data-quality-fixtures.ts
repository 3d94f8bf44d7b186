import { isoNow } from '../src/shared/clock.ts';
import type { Ctx } from '../src/shared/context.ts';
import { newId } from '../src/shared/ids.ts';

/**
 * Rows written straight into the tables the data-quality rules and discovery read, so their tests
 * do not depend on the inventory, contract or import services that normally write them.
 */
export async function insertVendor(ctx: Ctx, code: string, kind = 'telecom') {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('vendors')
    .values({
      id,
      tenant_id: ctx.tenantId,
      code,
      name: `${code} Inc`,
      kind,
      dispute_window_days: 45,
      dispute_contact: null,
      remit_to: null,
      review: 'confirmed',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertAccount(ctx: Ctx, vendorId: string, accountNumber: string) {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('billing_accounts')
    .values({
      id,
      tenant_id: ctx.tenantId,
      vendor_id: vendorId,
      account_number: accountNumber,
      parent_id: null,
      name: null,
      currency: 'USD',
      expected_invoice_day: null,
      cadence: 'monthly',
      status: 'active',
      review: 'confirmed',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertPerson(ctx: Ctx, name: string, leaverDate: string | null = null) {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('people')
    .values({
      id,
      tenant_id: ctx.tenantId,
      employee_id: `E-${id.slice(0, 8)}`,
      name,
      email: null,
      cost_center_id: null,
      manager_id: null,
      location_id: null,
      leaver_date: leaverDate,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertCostCenter(ctx: Ctx, code: string) {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('cost_centers')
    .values({
      id,
      tenant_id: ctx.tenantId,
      code,
      name: code,
      parent_id: null,
      manager_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function insertLocation(ctx: Ctx, code: string, closedOn: string | null = null) {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('locations')
    .values({
      id,
      tenant_id: ctx.tenantId,
      code,
      name: code,
      address: null,
      city: null,
      region: null,
      country: null,
      status: closedOn ? 'closed' : 'open',
      closed_on: closedOn,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A contract with one rate item; returns the rate item's id. */
export async function insertRateItem(
  ctx: Ctx,
  vendorId: string,
  contract: {
    number: string;
    termEnd: string | null;
    autoRenew?: boolean;
    renewalMonths?: number;
    status?: string;
  },
) {
  const now = isoNow(ctx.clock);
  const contractId = newId();
  await ctx.db
    .insertInto('contracts')
    .values({
      id: contractId,
      tenant_id: ctx.tenantId,
      vendor_id: vendorId,
      contract_number: contract.number,
      name: contract.number,
      term_start: '2024-01-01',
      term_end: contract.termEnd,
      auto_renew: contract.autoRenew ? 1 : 0,
      renewal_months: contract.renewalMonths ?? null,
      notice_days: 30,
      currency: 'USD',
      commitment_kind: 'none',
      commitment_period: null,
      commitment_nanos: null,
      commitment_volume: null,
      status: contract.status ?? 'active',
      notes: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const id = newId();
  await ctx.db
    .insertInto('rate_items')
    .values({
      id,
      tenant_id: ctx.tenantId,
      contract_id: contractId,
      name: `Plan ${contract.number}`,
      code: null,
      description_pattern: null,
      charge_kind: 'recurring',
      unit: null,
      unit_rate_nanos: null,
      mrc_nanos: 40_000_000_000n,
      nrc_nanos: null,
      discount_ppm: null,
      effective_from: null,
      effective_to: null,
      currency: 'USD',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface ServiceRow {
  vendorId: string;
  identifier: string;
  state?: string;
  ownerId?: string | null;
  costCenterId?: string | null;
  locationId?: string | null;
  rateItemId?: string | null;
  lastReviewedOn?: string | null;
  serviceType?: string;
}

export async function insertService(ctx: Ctx, s: ServiceRow) {
  const id = newId();
  const now = isoNow(ctx.clock);
  await ctx.db
    .insertInto('services')
    .values({
      id,
      tenant_id: ctx.tenantId,
      service_type: s.serviceType ?? 'wireless',
      identifier: s.identifier,
      description: null,
      vendor_id: s.vendorId,
      billing_account_id: null,
      owner_id: s.ownerId ?? null,
      cost_center_id: s.costCenterId ?? null,
      location_id: s.locationId ?? null,
      rate_item_id: s.rateItemId ?? null,
      expected_monthly_nanos: null,
      currency: null,
      state: s.state ?? 'active',
      ordered_on: null,
      activated_on: null,
      suspended_on: null,
      disconnect_requested_on: null,
      disconnected_on: null,
      tags_json: '[]',
      attributes_json: '{}',
      last_reviewed_on: s.lastReviewedOn ?? null,
      review_evidence: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface ChargeLine {
  serviceId: string | null;
  amountNanos: bigint;
  kind?: string;
  serviceType?: string | null;
  description?: string;
}

/** An imported invoice (with its batch) carrying the given lines. */
export async function insertInvoice(
  ctx: Ctx,
  inv: {
    vendorId: string;
    accountId: string;
    number: string;
    date: string;
    periodStart?: string;
    status?: string;
    lines: ChargeLine[];
  },
) {
  const now = isoNow(ctx.clock);
  const batchId = newId();
  await ctx.db
    .insertInto('import_batches')
    .values({
      id: batchId,
      tenant_id: ctx.tenantId,
      file_sha256: batchId.replace(/-/g, ''),
      file_name: `${inv.number}.csv`,
      format: 'csv',
      status: 'imported',
      error_code: null,
      error_message: null,
      error_line: null,
      warnings_json: '[]',
      summary_json: '{}',
      invoice_count: 1,
      charge_count: inv.lines.length,
      actor: 'system:test',
      created_at: now,
    })
    .execute();
  const id = newId();
  const total = inv.lines.reduce((a, l) => a + l.amountNanos, 0n);
  await ctx.db
    .insertInto('invoices')
    .values({
      id,
      tenant_id: ctx.tenantId,
      vendor_id: inv.vendorId,
      billing_account_id: inv.accountId,
      invoice_number: inv.number,
      invoice_date: inv.date,
      due_date: null,
      period_start: inv.periodStart ?? null,
      period_end: null,
      currency: 'USD',
      is_credit: 0,
      status: inv.status ?? 'received',
      current_charges_nanos: total,
      info_only_nanos: 0n,
      stated_current_nanos: null,
      stated_total_due_nanos: null,
      previous_balance_nanos: null,
      payments_nanos: null,
      adjustments_nanos: null,
      control_difference_nanos: null,
      charge_count: inv.lines.length,
      service_count: new Set(inv.lines.map((l) => l.serviceId)).size,
      content_hash: id,
      supersedes_id: null,
      batch_id: batchId,
      source_ref: null,
      warnings_json: '[]',
      created_at: now,
    })
    .execute();
  if (inv.lines.length > 0)
    await ctx.db
      .insertInto('charges')
      .values(
        inv.lines.map((l, i) => ({
          invoice_id: id,
          line_no: i + 1,
          tenant_id: ctx.tenantId,
          service_id: l.serviceId,
          service_id_raw: l.serviceId,
          service_type: l.serviceType ?? null,
          kind: l.kind ?? 'recurring',
          description: l.description ?? 'Monthly plan',
          product_code: null,
          quantity: null,
          unit: null,
          unit_rate: null,
          amount_nanos: l.amountNanos,
          period_start: null,
          period_end: null,
          info_only: 0,
          source_line: i + 2,
          source_segment: null,
          source_ref: null,
          attributes_json: null,
        })),
      )
      .execute();
  return id;
}

export const usd = (units: number) => BigInt(Math.round(units * 100)) * 10_000_000n;

let billedCount = 0;

/** Bills a never-seen identifier on a new invoice of the vendor and account; returns the identifier. */
export async function billNewIdentifier(ctx: Ctx, vendorId: string, accountId: string) {
  const identifier = `NEW-${++billedCount}-${newId().slice(0, 8)}`;
  await insertInvoice(ctx, {
    vendorId,
    accountId,
    number: `INV-${identifier}`,
    date: isoNow(ctx.clock).slice(0, 10),
    lines: [{ serviceId: identifier, amountNanos: usd(12.5) }],
  });
  return identifier;
}
