import type { Ctx } from '../../shared/context.ts';
import { authorize } from '../access/permissions.ts';
import { ATTR_PREFIX, COLUMNS } from './columns.ts';
import { fieldsOf } from './fields.ts';
import { serviceTypeMap } from './service-types.service.ts';
import { type LabelledServiceRow, listServiceRows } from './services.queries.ts';
import { type ServiceListFilters, serviceFilter } from './services.service.ts';
import { type TableFormat, writeCsv, writeXlsx } from './table-file.ts';

const PAGE = 5000;

function cells(r: LabelledServiceRow, attrKeys: string[]): string[] {
  const f = fieldsOf(r);
  const byColumn: Record<string, string | null> = {
    type: f.serviceType,
    identifier: f.identifier,
    vendor: r.vendor_code,
    billing_account: r.account_number,
    description: f.description,
    owner: r.owner_employee_id,
    cost_center: r.cost_center_code,
    location: r.location_code,
    contract: r.contract_number,
    rate_item: r.rate_item_code ?? r.rate_item_name,
    expected_monthly: f.expectedMonthly,
    currency: f.currency,
    state: f.state,
    ordered_on: f.orderedOn,
    activated_on: f.activatedOn,
    suspended_on: f.suspendedOn,
    disconnect_requested_on: f.disconnectRequestedOn,
    disconnected_on: f.disconnectedOn,
    tags: f.tags.join(';'),
    last_reviewed_on: f.lastReviewedOn,
    review_evidence: f.reviewEvidence,
  };
  return [...COLUMNS.map((c) => byColumn[c.name] ?? ''), ...attrKeys.map((k) => f.attributes[k] ?? '')];
}

/**
 * The services the list filters select, as a file with the import's columns: importing it back
 * changes nothing. Read a page of 5,000 at a time.
 */
export async function exportServices(ctx: Ctx, filters: ServiceListFilters, format: TableFormat = 'csv') {
  authorize(ctx.actor, 'service.read');
  const filter = serviceFilter(ctx, filters);
  const types = await serviceTypeMap(ctx);
  const attrKeys = [...new Set([...types.values()].flatMap((t) => t.attributes.map((a) => a.key)))].sort();
  const header = [...COLUMNS.map((c) => c.name), ...attrKeys.map((k) => `${ATTR_PREFIX}${k}`)];
  const rows: string[][] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await listServiceRows(ctx.db, ctx.engine, filter, 's.identifier', 'asc', PAGE, offset);
    for (const r of page.rows) rows.push(cells(r, attrKeys));
    if (page.rows.length < PAGE) break;
  }
  const body = format === 'xlsx' ? await writeXlsx(header, rows) : writeCsv(header, rows);
  return {
    fileName: `services.${format}`,
    contentType:
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
    body,
    rows: rows.length,
  };
}
