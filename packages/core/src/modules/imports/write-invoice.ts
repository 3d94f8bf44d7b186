import { CHARGE_KINDS, type ChargeKind } from '@temops/formats';
import { isoNow } from '../../shared/clock.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { formatNanos } from '../../shared/money.ts';
import { recordChange } from '../audit-log/record.ts';
import { billingAccountEntity } from '../billing-accounts/billing-account.entity.ts';
import { createEntity } from '../reference/reference.service.ts';
import { vendorEntity } from '../vendors/vendor.entity.ts';
import {
  findAccount,
  findInvoicesByNumber,
  findVendorByCodeOrName,
  insertCharges,
  insertInvoice,
  markSuperseded,
} from './imports.queries.ts';
import type { NormalizedInvoice } from './normalize.ts';

/** The per-invoice part of `temops import --json` (documented in docs/import-json.md). */
export interface InvoiceSummary {
  id: string;
  vendor: string;
  accountNumber: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  currency: string;
  currentCharges: string;
  totalDue: string | null;
  chargeCount: number;
  serviceCount: number;
  byKind: Record<ChargeKind, string>;
  supersedes: string | null;
}

interface WriteOptions {
  batchId: string;
  vendorHint?: string;
  onConflict: 'reject' | 'replace' | 'keep_both';
}

type Written =
  | { summary: InvoiceSummary; conflict?: undefined }
  | { summary?: undefined; conflict: { invoiceNumber: string; accountNumber: string; existingId: string } }
  | { summary?: undefined; conflict?: undefined };

export async function writeInvoice(ctx: Ctx, inv: NormalizedInvoice, opts: WriteOptions): Promise<Written> {
  const p = inv.parsed;
  const vendor = await resolveVendor(ctx, opts.vendorHint ?? null, p.vendorCode, p.vendorName);
  const accountId = await resolveAccount(ctx, vendor.id, p.accountNumber, p.currency);
  const previous = await findInvoicesByNumber(ctx.db, ctx.tenantId, accountId, p.invoiceNumber);
  // The same invoice re-sent (inside another file) is already counted; nothing to do.
  if (previous.some((x) => x.content_hash === inv.contentHash)) return {};
  let supersedes: string | null = null;
  if (previous.length > 0) {
    if (opts.onConflict === 'reject') {
      return {
        conflict: {
          invoiceNumber: p.invoiceNumber,
          accountNumber: p.accountNumber,
          existingId: previous[0]!.id,
        },
      };
    }
    if (opts.onConflict === 'replace') {
      supersedes = previous[0]!.id;
      // The old invoice's content stays as it was; only its workflow status records the correction.
      await markSuperseded(ctx.db, ctx.tenantId, supersedes);
      await recordChange(ctx, {
        entity: 'invoice',
        entityId: supersedes,
        action: 'supersede',
        after: { status: 'superseded' },
      });
    }
  }
  const id = newId();
  const now = isoNow(ctx.clock);
  await insertInvoice(ctx.db, {
    id,
    tenant_id: ctx.tenantId,
    vendor_id: vendor.id,
    billing_account_id: accountId,
    invoice_number: p.invoiceNumber,
    invoice_date: p.invoiceDate,
    due_date: p.dueDate,
    period_start: p.periodStart,
    period_end: p.periodEnd,
    currency: p.currency,
    is_credit: p.isCredit ? 1 : 0,
    status: 'received',
    current_charges_nanos: inv.currentNanos,
    info_only_nanos: inv.infoOnlyNanos,
    stated_current_nanos: inv.stated.currentCharges,
    stated_total_due_nanos: inv.stated.totalDue,
    previous_balance_nanos: inv.stated.previousBalance,
    payments_nanos: inv.stated.paymentsReceived,
    adjustments_nanos: inv.stated.adjustments,
    control_difference_nanos: inv.controlDifference,
    charge_count: inv.charges.length,
    service_count: inv.serviceCount,
    content_hash: inv.contentHash,
    supersedes_id: supersedes,
    batch_id: opts.batchId,
    source_ref: sourceText(p.source),
    warnings_json: JSON.stringify(inv.warnings),
    created_at: now,
  });
  await insertCharges(
    ctx.db,
    inv.charges.map((c) => ({
      invoice_id: id,
      line_no: c.lineNo,
      tenant_id: ctx.tenantId,
      service_id: c.serviceId,
      service_id_raw: c.serviceIdRaw,
      service_type: c.serviceType,
      kind: c.kind,
      description: c.description,
      product_code: c.productCode,
      quantity: c.quantity,
      unit: c.unit,
      unit_rate: c.unitRate,
      amount_nanos: c.amountNanos,
      period_start: c.periodStart,
      period_end: c.periodEnd,
      info_only: c.infoOnly ? 1 : 0,
      source_line: c.sourceLine,
      source_segment: c.sourceSegment,
      source_ref: c.sourceRef,
      attributes_json: c.attributes ? JSON.stringify(c.attributes) : null,
    })),
  );
  const summary: InvoiceSummary = {
    id,
    vendor: vendor.name,
    accountNumber: p.accountNumber,
    invoiceNumber: p.invoiceNumber,
    invoiceDate: p.invoiceDate,
    dueDate: p.dueDate,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    currency: p.currency,
    currentCharges: formatNanos(inv.currentNanos),
    totalDue: inv.stated.totalDue === null ? null : formatNanos(inv.stated.totalDue),
    chargeCount: inv.charges.length,
    serviceCount: inv.serviceCount,
    byKind: Object.fromEntries(CHARGE_KINDS.map((k) => [k, formatNanos(inv.byKind[k])])) as Record<
      ChargeKind,
      string
    >,
    supersedes,
  };
  const { byKind: _k, ...audited } = summary;
  await recordChange(ctx, {
    entity: 'invoice',
    entityId: id,
    action: supersedes ? 'replace' : 'import',
    after: audited,
  });
  return { summary };
}

const sourceText = (s: { line?: number; segment?: number; ref?: string }) =>
  s.segment ? `segment ${s.segment}` : s.line ? `line ${s.line}` : (s.ref ?? null);

/**
 * The vendor is the party that issues the bill. It is matched by the hint, else by the issuer's
 * name, else (when the file names no issuer) by its code; an unknown one is created for review.
 * Name before code because one provider code can cover several issuing entities (AWS Inc., AWS
 * EMEA …) whose invoices must not be mistaken for one another.
 */
async function resolveVendor(ctx: Ctx, hint: string | null, code: string | null, name: string | null) {
  if (hint) {
    const v = await findVendorByCodeOrName(ctx.db, ctx.tenantId, hint, hint);
    if (!v) throw new AppError('validation_failed', `No vendor with code or name "${hint}"`);
    return v;
  }
  if (!code && !name)
    throw new AppError(
      'validation_failed',
      'The file does not say which vendor billed it; name one with --vendor',
    );
  const found = await findVendorByCodeOrName(ctx.db, ctx.tenantId, name ? null : code, name);
  if (found) return found;
  const label = (name ?? code)!;
  const base =
    (code ?? label)
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '')
      .slice(0, 20) || 'VENDOR';
  let newCode = base;
  for (let n = 2; await findVendorByCodeOrName(ctx.db, ctx.tenantId, newCode, null); n++)
    newCode = `${base}${n}`;
  const created = await createEntity(ctx, vendorEntity, {
    code: newCode,
    name: label.slice(0, 200),
    review: 'pending',
  });
  return { id: created.id, code: newCode, name: label };
}

async function resolveAccount(ctx: Ctx, vendorId: string, accountNumber: string, currency: string) {
  const found = await findAccount(ctx.db, ctx.tenantId, vendorId, accountNumber);
  if (found) return found.id;
  const created = await createEntity(ctx, billingAccountEntity, {
    vendorId,
    accountNumber: accountNumber.slice(0, 64),
    currency,
    review: 'pending',
  });
  return created.id;
}
