import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import {
  countServicesUsing,
  deleteRateItemRow,
  getRateItemRow,
  insertRateItem,
  type RateItemRow,
  rateItemRows,
  searchRateItemRows,
  updateRateItemRow,
} from './contracts.queries.ts';
import {
  fromNanos,
  type RateItemDto,
  type RateItemInput,
  rateItemColumnsOf,
  rateItemDto,
  rateItemInputOf,
  rateItemSchema,
} from './dto.ts';
import { contractRow } from './lookup.ts';

const asObject = (input: unknown): Record<string, unknown> => {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw invalid('Expected a JSON object');
  return input as Record<string, unknown>;
};

async function rateItemRow(ctx: Ctx, id: string): Promise<RateItemRow> {
  const row = await getRateItemRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Rate item', id);
  return row;
}

export async function listRateItems(ctx: Ctx, contractId: string): Promise<RateItemDto[]> {
  authorize(ctx.actor, 'contract.read');
  await contractRow(ctx, contractId);
  return (await rateItemRows(ctx.db, ctx.tenantId, contractId)).map(rateItemDto);
}

/** Adds a rate item; its currency defaults to the contract's. */
export async function createRateItem(ctx: Ctx, contractId: string, input: unknown): Promise<RateItemDto> {
  authorize(ctx.actor, 'contract.write');
  return inTransaction(ctx, async (tx) => {
    const contract = await contractRow(tx, contractId);
    const data = parseInput(rateItemSchema, { currency: contract.currency, ...asObject(input) });
    const now = isoNow(tx.clock);
    const id = newId();
    await insertRateItem(tx.db, {
      id,
      tenant_id: tx.tenantId,
      contract_id: contractId,
      ...rateItemColumnsOf(data),
      created_at: now,
      updated_at: now,
    });
    await recordChange(tx, {
      entity: 'rate_item',
      entityId: id,
      action: 'create',
      after: { contractId, ...data },
    });
    return rateItemDto(await rateItemRow(tx, id));
  });
}

export async function updateRateItem(ctx: Ctx, id: string, patch: unknown) {
  authorize(ctx.actor, 'contract.write');
  const changes = asObject(patch);
  return inTransaction(ctx, async (tx) => {
    const row = await rateItemRow(tx, id);
    const before = rateItemInputOf(row);
    const data = parseInput(rateItemSchema, { ...before, ...changes });
    const keys = (Object.keys(data) as (keyof RateItemInput)[]).filter((k) => before[k] !== data[k]);
    if (keys.length === 0) return { item: rateItemDto(row), changed: false };
    await updateRateItemRow(tx.db, tx.tenantId, id, {
      ...rateItemColumnsOf(data),
      updated_at: isoNow(tx.clock),
    });
    await recordChange(tx, {
      entity: 'rate_item',
      entityId: id,
      action: 'update',
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, data[k]])),
    });
    return { item: rateItemDto(await rateItemRow(tx, id)), changed: true };
  });
}

/** Deletes a rate item no service is priced by. */
export async function deleteRateItem(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'contract.write');
  await inTransaction(ctx, async (tx) => {
    const row = await rateItemRow(tx, id);
    const used = await countServicesUsing(tx.db, tx.tenantId, { rateItemId: id });
    if (used > 0)
      throw conflict(`Rate item ${row.name} is still used by ${used} service(s); reassign them first`);
    await deleteRateItemRow(tx.db, tx.tenantId, id);
    await recordChange(tx, {
      entity: 'rate_item',
      entityId: id,
      action: 'delete',
      before: { contractId: row.contract_id, ...rateItemInputOf(row) },
    });
  });
}

export interface RateItemSearch {
  q?: string;
  vendorId?: string;
  contractId?: string;
  page?: number;
  pageSize?: number;
}

/** Rate items across contracts, for pickers (e.g. the rate item a service is priced by). */
export async function searchRateItems(ctx: Ctx, p: RateItemSearch) {
  authorize(ctx.actor, 'contract.read');
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), 500);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total } = await searchRateItemRows(
    ctx.db,
    ctx.tenantId,
    { q: p.q?.trim() || undefined, vendorId: p.vendorId, contractId: p.contractId },
    pageSize,
    (page - 1) * pageSize,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      code: r.code,
      contractId: r.contract_id,
      contractNumber: r.contract_number,
      vendorId: r.vendor_id,
      mrc: fromNanos(r.mrc_nanos),
      currency: r.currency,
    })),
    total,
    page,
    pageSize,
  };
}
