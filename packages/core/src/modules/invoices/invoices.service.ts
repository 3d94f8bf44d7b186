import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { formatNanos, parseDecimal } from '../../shared/money.ts';
import { authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { exceptionFacts } from './approval.queries.ts';
import {
  chargeGroups,
  getBatchRow,
  getInvoiceRow,
  INVOICE_SORTS,
  listBatchRows,
  listChargeRows,
  listInvoiceRows,
} from './invoices.queries.ts';

const money = (n: bigint | null) => (n === null ? null : formatNanos(n));
const page = (p: { page?: number; pageSize?: number }, max = 500) => {
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), max);
  const n = Math.max(p.page ?? 1, 1);
  return { pageSize, page: n, offset: (n - 1) * pageSize };
};

export interface InvoiceListParams {
  vendorId?: string;
  accountId?: string;
  status?: string;
  periodFrom?: string;
  periodTo?: string;
  minAmount?: string;
  maxAmount?: string;
  q?: string;
  batchId?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

function amountFilter(text: string | undefined, name: string) {
  if (text === undefined || text === '') return undefined;
  try {
    return parseDecimal(text).nanos;
  } catch {
    throw invalid(`${name}: not an amount`, { fields: [{ path: name, message: 'not an amount' }] });
  }
}

type InvoiceRow = NonNullable<Awaited<ReturnType<typeof getInvoiceRow>>>;

function invoiceDto(r: InvoiceRow) {
  return {
    id: r.id,
    vendorId: r.vendor_id,
    vendor: r.vendor_name,
    accountId: r.billing_account_id,
    accountNumber: r.account_number,
    invoiceNumber: r.invoice_number,
    invoiceDate: r.invoice_date,
    dueDate: r.due_date,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    currency: r.currency,
    isCredit: r.is_credit === 1,
    status: r.status,
    currentCharges: formatNanos(r.current_charges_nanos),
    infoOnly: formatNanos(r.info_only_nanos),
    statedCurrentCharges: money(r.stated_current_nanos),
    totalDue: money(r.stated_total_due_nanos),
    previousBalance: money(r.previous_balance_nanos),
    payments: money(r.payments_nanos),
    adjustments: money(r.adjustments_nanos),
    controlDifference: money(r.control_difference_nanos),
    chargeCount: r.charge_count,
    serviceCount: r.service_count,
    supersedesId: r.supersedes_id,
    batchId: r.batch_id,
    source: r.source_ref,
    warnings: JSON.parse(r.warnings_json) as { code: string; message: string }[],
    importedAt: r.created_at,
  };
}

export async function listInvoices(ctx: Ctx, p: InvoiceListParams) {
  authorize(ctx.actor, 'invoice.read');
  const sortKey = (p.sort ?? 'invoiceDate') as keyof typeof INVOICE_SORTS;
  const sort = INVOICE_SORTS[sortKey];
  if (!sort) throw invalid(`Cannot sort invoices by ${p.sort}`);
  const pg = page(p);
  const { rows, total } = await listInvoiceRows(
    ctx.db,
    {
      tenantId: ctx.tenantId,
      vendorId: p.vendorId,
      accountId: p.accountId,
      status: p.status,
      periodFrom: p.periodFrom,
      periodTo: p.periodTo,
      minNanos: amountFilter(p.minAmount, 'minAmount'),
      maxNanos: amountFilter(p.maxAmount, 'maxAmount'),
      q: p.q?.trim() || undefined,
      batchId: p.batchId,
    },
    sort,
    p.dir === 'asc' ? 'asc' : 'desc',
    pg.pageSize,
    pg.offset,
  );
  return { items: rows.map(invoiceDto), total, page: pg.page, pageSize: pg.pageSize };
}

/** One invoice with its balances, control check and charges summed by service and kind. */
export async function getInvoice(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'invoice.read');
  const row = await getInvoiceRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Invoice', id);
  const [groups, batch, exceptions] = await Promise.all([
    chargeGroups(ctx.db, ctx.tenantId, id),
    getBatchRow(ctx.db, ctx.tenantId, row.batch_id),
    exceptionFacts(ctx.db, ctx.tenantId, id),
  ]);
  return {
    ...invoiceDto(row),
    openExceptions: exceptions.active,
    blockingExceptions: exceptions.blocking,
    approved: money(row.approved_nanos),
    groups: groups.map((g) => ({
      serviceId: g.service_id,
      kind: g.kind,
      infoOnly: g.info_only === 1,
      lines: Number(g.lines),
      amount: formatNanos(BigInt(g.amount_nanos ?? 0n)),
    })),
    file: batch
      ? { batchId: batch.id, name: batch.file_name, sha256: batch.file_sha256, format: batch.format }
      : null,
  };
}

export async function listCharges(
  ctx: Ctx,
  invoiceId: string,
  p: { serviceId?: string; kind?: string; page?: number; pageSize?: number },
) {
  authorize(ctx.actor, 'invoice.read');
  if (!(await getInvoiceRow(ctx.db, ctx.tenantId, invoiceId))) throw notFound('Invoice', invoiceId);
  const pg = page(p, 1000);
  const { rows, total } = await listChargeRows(ctx.db, ctx.tenantId, invoiceId, p, pg.pageSize, pg.offset);
  const items = rows.map((c) => ({
    lineNo: c.line_no,
    serviceId: c.service_id,
    serviceIdRaw: c.service_id_raw,
    serviceType: c.service_type,
    kind: c.kind,
    description: c.description,
    productCode: c.product_code,
    quantity: c.quantity,
    unit: c.unit,
    unitRate: c.unit_rate,
    amount: formatNanos(c.amount_nanos),
    periodStart: c.period_start,
    periodEnd: c.period_end,
    infoOnly: c.info_only === 1,
    source: { line: c.source_line, segment: c.source_segment, ref: c.source_ref },
    attributes: c.attributes_json ? (JSON.parse(c.attributes_json) as Record<string, string>) : null,
  }));
  return { items, total, page: pg.page, pageSize: pg.pageSize };
}

type BatchRow = NonNullable<Awaited<ReturnType<typeof getBatchRow>>>;

const batchDto = (b: BatchRow) => ({
  id: b.id,
  file: b.file_name,
  sha256: b.file_sha256,
  format: b.format,
  status: b.status,
  error: b.error_code ? { code: b.error_code, message: b.error_message ?? '', line: b.error_line } : null,
  warnings: JSON.parse(b.warnings_json) as unknown[],
  summary: JSON.parse(b.summary_json) as unknown,
  invoiceCount: b.invoice_count,
  chargeCount: b.charge_count,
  actor: b.actor,
  at: b.created_at,
});

export async function listImportBatches(ctx: Ctx, p: { status?: string; page?: number; pageSize?: number }) {
  authorize(ctx.actor, 'invoice.read');
  const pg = page(p);
  const { rows, total } = await listBatchRows(ctx.db, ctx.tenantId, p.status, pg.pageSize, pg.offset);
  const names = await actorNamesOf(
    ctx,
    rows.map((r) => r.actor),
  );
  const items = rows.map((r) => ({ ...batchDto(r), actorName: names.get(r.actor) ?? r.actor }));
  return { items, total, page: pg.page, pageSize: pg.pageSize };
}

export async function getImportBatch(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'invoice.read');
  const row = await getBatchRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Import', id);
  return batchDto(row);
}
