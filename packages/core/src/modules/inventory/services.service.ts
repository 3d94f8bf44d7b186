import { z } from 'zod';
import type { ServiceTable } from '../../db/schema.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { formatNanos } from '../../shared/money.ts';
import { parseInput } from '../../shared/validate.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { listTenantEvents } from '../audit-log/audit-log.queries.ts';
import { recordChange } from '../audit-log/record.ts';
import {
  CreateServiceInput,
  changedFields,
  checkFields,
  columnsOf,
  fieldsOf,
  type Lookups,
  pick,
  type ServiceFields,
  ServiceFieldsInput,
} from './fields.ts';
import {
  canTransition,
  DATE_COLUMN,
  SERVICE_STATES,
  type ServiceState,
  transitionDates,
} from './lifecycle.ts';
import { serviceTypeMap } from './service-types.service.ts';
import type { ServiceTypeDef } from './service-types.ts';
import {
  accountRow,
  aliasesOf,
  chargeRowsFor,
  countChargesFor,
  countDiscoveryLinks,
  deleteServiceRow,
  existsIn,
  findByNaturalKey,
  getServiceRow,
  insertServices,
  insertTransitions,
  type LabelledServiceRow,
  listServiceRows,
  listTransitionRows,
  rateItemRow,
  SERVICE_SORTS,
  type ServiceFilter,
  updateServiceRow,
  vendorRow,
} from './services.queries.ts';

export const MAX_SERVICE_PAGE_SIZE = 500;

export const today = (ctx: Ctx) => isoNow(ctx.clock).slice(0, 10);

/** A service with the labels of what it points at, as the API returns it. */
export function serviceDto(r: LabelledServiceRow, types: Map<string, ServiceTypeDef>) {
  return {
    id: r.id,
    ...fieldsOf(r),
    serviceTypeName: types.get(r.service_type)?.name ?? r.service_type,
    vendorCode: r.vendor_code,
    vendorName: r.vendor_name,
    billingAccountNumber: r.account_number,
    ownerName: r.owner_name,
    ownerEmployeeId: r.owner_employee_id,
    costCenterCode: r.cost_center_code,
    locationCode: r.location_code,
    rateItemName: r.rate_item_name,
    rateItemCode: r.rate_item_code,
    contractId: r.contract_id,
    contractNumber: r.contract_number,
    contractName: r.contract_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
export type ServiceDto = ReturnType<typeof serviceDto>;

export function dbLookups(ctx: Ctx): Lookups {
  return {
    vendor: async (id) => (await vendorRow(ctx.db, ctx.tenantId, id)) !== undefined,
    account: async (id) => {
      const a = await accountRow(ctx.db, ctx.tenantId, id);
      return a ? { vendorId: a.vendor_id, currency: a.currency } : null;
    },
    rateItem: async (id) => {
      const r = await rateItemRow(ctx.db, ctx.tenantId, id);
      return r ? { vendorId: r.vendor_id } : null;
    },
    exists: (table, id) => existsIn(ctx.db, table, ctx.tenantId, id),
  };
}

export const ListParams = z.object({
  q: z.string().max(200).optional(),
  type: z.string().max(40).optional(),
  state: z.enum(SERVICE_STATES).optional(),
  vendorId: z.string().max(100).optional(),
  billingAccountId: z.string().max(100).optional(),
  ownerId: z.string().max(100).optional(),
  costCenterId: z.string().max(100).optional(),
  locationId: z.string().max(100).optional(),
  rateItemId: z.string().max(100).optional(),
  tag: z.string().max(40).optional(),
  missing: z.enum(['owner', 'costCenter', 'location', 'rateItem']).optional(),
});
export type ServiceListFilters = z.input<typeof ListParams>;
export interface ServiceListParams extends ServiceListFilters {
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export function serviceFilter(ctx: Ctx, p: ServiceListFilters): ServiceFilter {
  const f = parseInput(ListParams, p);
  return { tenantId: ctx.tenantId, ...f, q: f.q?.trim() || undefined, tag: f.tag?.trim() || undefined };
}

export async function listServices(ctx: Ctx, p: ServiceListParams) {
  authorize(ctx.actor, 'service.read');
  const { sort: sortKey, dir, page: pageIn, pageSize: sizeIn, ...filters } = p;
  const sort = SERVICE_SORTS[(sortKey ?? 'identifier') as keyof typeof SERVICE_SORTS];
  if (!sort) throw invalid(`Cannot sort services by ${sortKey}`);
  const pageSize = Math.min(Math.max(sizeIn ?? 50, 1), MAX_SERVICE_PAGE_SIZE);
  const page = Math.max(pageIn ?? 1, 1);
  const [{ rows, total }, types] = await Promise.all([
    listServiceRows(
      ctx.db,
      ctx.engine,
      serviceFilter(ctx, filters),
      sort,
      dir === 'desc' ? 'desc' : 'asc',
      pageSize,
      (page - 1) * pageSize,
    ),
    serviceTypeMap(ctx),
  ]);
  return { items: rows.map((r) => serviceDto(r, types)), total, page, pageSize };
}

async function loadRow(ctx: Ctx, id: string) {
  const row = await getServiceRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Service', id);
  return row;
}

/** One service with its lifecycle transitions (who moved it, when it took effect, why). */
export async function getService(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'service.read');
  const [row, types, transitions] = await Promise.all([
    loadRow(ctx, id),
    serviceTypeMap(ctx),
    listTransitionRows(ctx.db, ctx.tenantId, id),
  ]);
  const names = await actorNamesOf(
    ctx,
    transitions.map((t) => t.actor),
  );
  return {
    ...serviceDto(row, types),
    transitions: transitions.map((t) => ({
      id: t.id,
      from: t.from_state,
      to: t.to_state,
      effectiveOn: t.effective_on,
      actor: t.actor,
      actorName: names.get(t.actor) ?? t.actor,
      note: t.note,
      at: t.created_at,
    })),
  };
}

async function assertUnique(ctx: Ctx, f: ServiceFields, id: string | null) {
  const same = await findByNaturalKey(ctx.db, ctx.tenantId, f.vendorId, f.identifier);
  if (same && same.id !== id)
    throw conflict(`A service ${f.identifier} already exists at this vendor`, {
      fields: [{ path: 'identifier', message: 'already exists at this vendor' }],
    });
}

/** The row and first transition of a new service; its state's date defaults to today. */
export function newServiceRows(ctx: Ctx, f: ServiceFields, id = newId()) {
  const now = isoNow(ctx.clock);
  const column = DATE_COLUMN[f.state];
  const fields = { ...f };
  const dateKey = (
    {
      ordered: 'orderedOn',
      active: 'activatedOn',
      suspended: 'suspendedOn',
      disconnect_requested: 'disconnectRequestedOn',
      disconnected: 'disconnectedOn',
    } as const
  )[f.state];
  fields[dateKey] ??= today(ctx);
  const row: ServiceTable = {
    id,
    tenant_id: ctx.tenantId,
    ...columnsOf(fields),
    created_at: now,
    updated_at: now,
  };
  const transition = {
    id: newId(),
    tenant_id: ctx.tenantId,
    service_id: id,
    from_state: null,
    to_state: f.state,
    effective_on: row[column] as string,
    actor: actorLabel(ctx.actor),
    note: null,
    created_at: now,
  };
  return { row, fields, transition };
}

export async function createService(ctx: Ctx, input: CreateServiceInput): Promise<ServiceDto> {
  authorize(ctx.actor, 'service.write');
  const data = parseInput(CreateServiceInput, input);
  return inTransaction(ctx, async (tx) => {
    const f = await checkFields(dbLookups(tx), await serviceTypeMap(tx), data, data.state ?? 'active');
    await assertUnique(tx, f, null);
    const { row, fields, transition } = newServiceRows(tx, f);
    await insertServices(tx.db, [row]);
    await insertTransitions(tx.db, [transition]);
    await recordChange(tx, { entity: 'service', entityId: row.id, action: 'create', after: fields });
    return serviceDto(await loadRow(tx, row.id), await serviceTypeMap(tx));
  });
}

const PatchInput = ServiceFieldsInput.partial().strict();

/** Changes some fields; the state only moves through transitionService. Returns changed: false for a no-op. */
export async function updateService(ctx: Ctx, id: string, patch: unknown) {
  authorize(ctx.actor, 'service.write');
  if (patch && typeof patch === 'object' && 'state' in patch)
    throw invalid('state: use a transition to change the lifecycle state');
  const data = parseInput(PatchInput, patch);
  return inTransaction(ctx, async (tx) => {
    const row = await loadRow(tx, id);
    const before = fieldsOf(row);
    const merged = parseInput(ServiceFieldsInput, { ...before, ...data });
    const after = await checkFields(dbLookups(tx), await serviceTypeMap(tx), merged, before.state);
    const changed = changedFields(before, after);
    if (changed.length === 0) return { item: serviceDto(row, await serviceTypeMap(tx)), changed: false };
    if (changed.includes('identifier') || changed.includes('vendorId')) await assertUnique(tx, after, id);
    await updateServiceRow(tx.db, tx.tenantId, id, { ...columnsOf(after), updated_at: isoNow(tx.clock) });
    await recordChange(tx, {
      entity: 'service',
      entityId: id,
      action: 'update',
      before: pick(before, changed),
      after: pick(after, changed),
    });
    return { item: serviceDto(await loadRow(tx, id), await serviceTypeMap(tx)), changed: true };
  });
}

const TransitionInput = z.object({
  to: z.enum(SERVICE_STATES),
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date'),
  note: z.string().trim().max(1000).nullable().optional(),
});
export type TransitionInput = z.input<typeof TransitionInput>;

/**
 * Moves a service along its lifecycle inside the caller's transaction: checks the move is
 * allowed and not dated before the state it leaves, writes the date column, a transition row and
 * the audit event.
 */
export async function applyTransition(
  tx: Ctx,
  row: ServiceTable,
  to: ServiceState,
  effectiveOn: string,
  note: string | null,
) {
  const from = row.state as ServiceState;
  if (!canTransition(from, to))
    throw conflict(`state: a service cannot go from ${from} to ${to}`, { from, to });
  const since = row[DATE_COLUMN[from]];
  if (since && effectiveOn < since)
    throw invalid(`effectiveOn: ${effectiveOn} is before the service became ${from} (${since})`);
  const dates = transitionDates(row, to, effectiveOn);
  const now = isoNow(tx.clock);
  await updateServiceRow(tx.db, tx.tenantId, row.id, { state: to, ...dates, updated_at: now });
  await insertTransitions(tx.db, [
    {
      id: newId(),
      tenant_id: tx.tenantId,
      service_id: row.id,
      from_state: from,
      to_state: to,
      effective_on: effectiveOn,
      actor: actorLabel(tx.actor),
      note,
      created_at: now,
    },
  ]);
  const before = Object.fromEntries(Object.keys(dates).map((k) => [k, row[k as keyof ServiceTable]]));
  await recordChange(tx, {
    entity: 'service',
    entityId: row.id,
    action: 'transition',
    before: { state: from, ...before },
    after: { state: to, ...dates, effectiveOn, note },
  });
}

export async function transitionService(ctx: Ctx, id: string, input: TransitionInput) {
  authorize(ctx.actor, 'service.write');
  const data = parseInput(TransitionInput, input);
  return inTransaction(ctx, async (tx) => {
    await applyTransition(tx, await loadRow(tx, id), data.to, data.effectiveOn, data.note || null);
    return getService(tx, id);
  });
}

/** Only a service still on order and never billed can vanish; anything else is disconnected. */
export async function deleteService(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'service.write');
  await inTransaction(ctx, async (tx) => {
    const row = await loadRow(tx, id);
    if (row.state !== 'ordered')
      throw conflict(`Service ${row.identifier} is ${row.state}: disconnect it instead of deleting it`);
    if ((await countChargesFor(tx.db, tx.tenantId, row.vendor_id, row.identifier)) > 0)
      throw conflict(`Service ${row.identifier} has been billed: disconnect it instead of deleting it`);
    if ((await countDiscoveryLinks(tx.db, tx.tenantId, id)) > 0)
      throw conflict(`Service ${row.identifier} is linked to discovered identifiers: disconnect it instead`);
    await deleteServiceRow(tx.db, tx.tenantId, id);
    await recordChange(tx, { entity: 'service', entityId: id, action: 'delete', before: fieldsOf(row) });
  });
}

/** The audit trail of one service, newest first (readable by anyone who may read the service). */
export async function serviceHistory(ctx: Ctx, id: string, p: { page?: number; pageSize?: number } = {}) {
  authorize(ctx.actor, 'service.read');
  await loadRow(ctx, id);
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), 500);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total } = await listTenantEvents(ctx.db, {
    tenantId: ctx.tenantId,
    entity: 'service',
    entityId: id,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const names = await actorNamesOf(
    ctx,
    rows.map((r) => r.actor),
  );
  const parse = (json: string | null) => (json === null ? null : JSON.parse(json));
  const items = rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    actorName: names.get(r.actor) ?? r.actor,
    action: r.action,
    before: parse(r.before_json),
    after: parse(r.after_json),
  }));
  return { items, total, page, pageSize };
}

const CHARGE_WINDOW = 5000;

/**
 * What the vendor billed for the service: monthly totals (by the charge's period, else the
 * invoice's) under its identifier and any alias, plus the latest charge lines.
 */
export async function serviceCharges(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'service.read');
  const row = await loadRow(ctx, id);
  const identifiers = [row.identifier, ...(await aliasesOf(ctx.db, ctx.tenantId, id))];
  const charges = await chargeRowsFor(ctx.db, ctx.tenantId, row.vendor_id, identifiers, CHARGE_WINDOW);
  const months = new Map<string, { month: string; currency: string; nanos: bigint }>();
  for (const c of charges) {
    if (c.info_only === 1) continue;
    const month = (c.period_start ?? c.invoice_period_start ?? c.invoice_date ?? '').slice(0, 7);
    if (!month) continue;
    const key = `${month} ${c.currency}`;
    const m = months.get(key) ?? { month, currency: c.currency, nanos: 0n };
    m.nanos += BigInt(c.amount_nanos);
    months.set(key, m);
  }
  return {
    monthly: [...months.values()]
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency))
      .map((m) => ({ month: m.month, amount: formatNanos(m.nanos), currency: m.currency })),
    latest: charges.slice(0, 20).map((c) => ({
      invoiceId: c.invoice_id,
      invoiceNumber: c.invoice_number,
      invoiceDate: c.invoice_date,
      lineNo: c.line_no,
      kind: c.kind,
      description: c.description,
      amount: formatNanos(BigInt(c.amount_nanos)),
      currency: c.currency,
      periodStart: c.period_start ?? c.invoice_period_start,
      infoOnly: c.info_only === 1,
    })),
  };
}
