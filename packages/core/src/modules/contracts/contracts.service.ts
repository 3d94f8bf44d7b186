import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { commitmentOf } from './commitment.service.ts';
import {
  accountsOfVendor,
  contractAccountRows,
  countServicesUsing,
  deleteContractRows,
  documentRows,
  findContractByNumber,
  insertContract,
  listContractRows,
  rateItemRows,
  replaceContractAccounts,
  updateContractRow,
  vendorOf,
} from './contracts.queries.ts';
import { addDays, todayOf } from './dates.ts';
import { documentDto } from './documents.service.ts';
import {
  type ContractDto,
  type ContractInput,
  contractColumnsOf,
  contractDto,
  contractInputOf,
  contractSchema,
  rateItemDto,
} from './dto.ts';
import { contractRow } from './lookup.ts';

export interface ContractListParams {
  vendorId?: string;
  /** draft | active | terminated | expired ('active' leaves out the expired ones) */
  status?: string;
  /** contracts whose current term ends, or notice deadline falls, within this many days */
  expiringWithin?: number;
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

const SORTS: Record<string, (c: ContractDto) => string | number> = {
  contractNumber: (c) => c.contractNumber,
  name: (c) => c.name.toLowerCase(),
  vendor: (c) => c.vendor.toLowerCase(),
  termStart: (c) => c.termStart,
  // Evergreen contracts sort after every dated one.
  termEnd: (c) => c.currentTermEnd ?? '9999-12-31',
  noticeDeadline: (c) => c.noticeDeadline ?? '9999-12-31',
  status: (c) => c.effectiveStatus,
  updatedAt: (c) => c.updatedAt,
};

export const MAX_CONTRACT_PAGE = 500;

/**
 * Contracts, one page. Status "expired" and the expiry window depend on today and on renewals, so
 * they are worked out here rather than in SQL: a tenant has hundreds of contracts, not millions.
 */
export async function listContracts(ctx: Ctx, p: ContractListParams) {
  authorize(ctx.actor, 'contract.read');
  const sortKey = p.sort ?? 'contractNumber';
  const sortBy = SORTS[sortKey];
  if (!sortBy) throw invalid(`Cannot sort contracts by ${sortKey}`);
  if (p.status && !['draft', 'active', 'terminated', 'expired'].includes(p.status))
    throw invalid(`status: one of draft, active, terminated, expired`);
  const today = todayOf(ctx.clock);
  const rows = await listContractRows(ctx.db, ctx.tenantId, {
    vendorId: p.vendorId,
    q: p.q?.trim() || undefined,
  });
  let items = rows.map((r) => contractDto(r, today));
  if (p.status) items = items.filter((c) => c.effectiveStatus === p.status);
  if (p.expiringWithin !== undefined) {
    const within = p.expiringWithin;
    items = items.filter((c) => c.effectiveStatus === 'active' && dueWithin(c, today, within));
  }
  const dir = p.dir === 'desc' ? -1 : 1;
  items.sort((a, b) => {
    const x = sortBy(a);
    const y = sortBy(b);
    if (x !== y) return (x < y ? -1 : 1) * dir;
    return a.id < b.id ? -1 : 1;
  });
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), MAX_CONTRACT_PAGE);
  const page = Math.max(p.page ?? 1, 1);
  const slice = items.slice((page - 1) * pageSize, page * pageSize);
  const accounts = await contractAccountRows(
    ctx.db,
    ctx.tenantId,
    slice.map((c) => c.id),
  );
  return {
    items: slice.map((c) => ({ ...c, accountCount: accounts.filter((a) => a.contract_id === c.id).length })),
    total: items.length,
    page,
    pageSize,
  };
}

function dueWithin(c: ContractDto, today: string, days: number) {
  const limit = addDays(today, days);
  const dates = [c.autoRenew ? null : c.currentTermEnd, c.noticeDeadline].filter(
    (d): d is string => d !== null,
  );
  return dates.some((d) => d >= today && d <= limit);
}

/** One contract with its linked accounts, rate items, documents, alerts and commitment summary. */
export async function getContract(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'contract.read');
  const row = await contractRow(ctx, id);
  const [accounts, items, documents, commitment] = await Promise.all([
    contractAccountRows(ctx.db, ctx.tenantId, [id]),
    rateItemRows(ctx.db, ctx.tenantId, id),
    documentRows(ctx.db, ctx.tenantId, id),
    commitmentOf(ctx, row),
  ]);
  return {
    ...contractDto(row, todayOf(ctx.clock)),
    accounts: accounts.map((a) => ({ id: a.id, accountNumber: a.account_number, name: a.name })),
    rateItems: items.map(rateItemDto),
    documents: documents.map(documentDto),
    commitment: commitment.summary,
  };
}

async function checkContract(ctx: Ctx, c: ContractInput, id: string | null) {
  if (!(await vendorOf(ctx.db, ctx.tenantId, c.vendorId)))
    throw invalid('vendorId: no such vendor', { fields: [{ path: 'vendorId', message: 'no such vendor' }] });
  const same = await findContractByNumber(ctx.db, ctx.tenantId, c.vendorId, c.contractNumber);
  if (same && same.id !== id)
    throw conflict(`Contract ${c.contractNumber} already exists for this vendor`, {
      fields: [{ path: 'contractNumber', message: 'already exists for this vendor' }],
    });
}

export async function createContract(ctx: Ctx, input: unknown): Promise<ContractDto> {
  authorize(ctx.actor, 'contract.write');
  const data = parseInput(contractSchema, input);
  return inTransaction(ctx, async (tx) => {
    await checkContract(tx, data, null);
    const now = isoNow(tx.clock);
    const id = newId();
    await insertContract(tx.db, {
      id,
      tenant_id: tx.tenantId,
      ...contractColumnsOf(data),
      created_at: now,
      updated_at: now,
    });
    await recordChange(tx, { entity: 'contract', entityId: id, action: 'create', after: data });
    return contractDto(await contractRow(tx, id), todayOf(tx.clock));
  });
}

/** Changes some fields; the rest keep their values. `changed: false` when nothing differs. */
export async function updateContract(ctx: Ctx, id: string, patch: unknown) {
  authorize(ctx.actor, 'contract.write');
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw invalid('Expected a JSON object');
  return inTransaction(ctx, async (tx) => {
    const row = await contractRow(tx, id);
    const before = contractInputOf(row);
    const data = parseInput(contractSchema, { ...before, ...patch });
    const keys = (Object.keys(data) as (keyof ContractInput)[]).filter((k) => before[k] !== data[k]);
    if (keys.length === 0) return { item: contractDto(row, todayOf(tx.clock)), changed: false };
    if (data.vendorId !== before.vendorId) {
      const linked = await contractAccountRows(tx.db, tx.tenantId, [id]);
      if (linked.length > 0)
        throw conflict('Unlink the billing accounts before moving the contract to another vendor');
    }
    await checkContract(tx, data, id);
    await updateContractRow(tx.db, tx.tenantId, id, {
      ...contractColumnsOf(data),
      updated_at: isoNow(tx.clock),
    });
    await recordChange(tx, {
      entity: 'contract',
      entityId: id,
      action: 'update',
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, data[k]])),
    });
    return { item: contractDto(await contractRow(tx, id), todayOf(tx.clock)), changed: true };
  });
}

/** Deletes a contract with its rate items, account links and document rows, unless services are priced by it. */
export async function deleteContract(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'contract.write');
  await inTransaction(ctx, async (tx) => {
    const row = await contractRow(tx, id);
    const used = await countServicesUsing(tx.db, tx.tenantId, { contractId: id });
    if (used > 0)
      throw conflict(
        `Contract ${row.contract_number} is still used by ${used} service(s) through its rate items; reassign them first`,
      );
    const items = await rateItemRows(tx.db, tx.tenantId, id);
    const documents = await documentRows(tx.db, tx.tenantId, id);
    await deleteContractRows(tx.db, tx.tenantId, id);
    await recordChange(tx, {
      entity: 'contract',
      entityId: id,
      action: 'delete',
      before: {
        ...contractInputOf(row),
        rateItems: items.map((i) => i.id),
        documents: documents.map((d) => d.file_sha256),
      },
    });
  });
}

/** Replaces the billing accounts linked to a contract; they must belong to the contract's vendor. */
export async function setContractAccounts(ctx: Ctx, id: string, accountIds: unknown) {
  authorize(ctx.actor, 'contract.write');
  if (!Array.isArray(accountIds) || accountIds.some((a) => typeof a !== 'string'))
    throw invalid('accountIds: a list of billing account ids', {
      fields: [{ path: 'accountIds', message: 'a list of billing account ids' }],
    });
  const wanted = [...new Set(accountIds as string[])].sort();
  return inTransaction(ctx, async (tx) => {
    const row = await contractRow(tx, id);
    const found = await accountsOfVendor(tx.db, tx.tenantId, row.vendor_id, { ids: wanted });
    const missing = wanted.filter((w) => !found.some((f) => f.id === w));
    if (missing.length > 0)
      throw invalid(`accountIds: ${missing.join(', ')} not billing accounts of ${row.vendor_name}`, {
        fields: [{ path: 'accountIds', message: `not accounts of ${row.vendor_name}` }],
      });
    const before = (await contractAccountRows(tx.db, tx.tenantId, [id])).map((a) => a.id).sort();
    if (before.join() !== wanted.join()) {
      await replaceContractAccounts(tx.db, tx.tenantId, id, wanted);
      await updateContractRow(tx.db, tx.tenantId, id, { updated_at: isoNow(tx.clock) });
      await recordChange(tx, {
        entity: 'contract',
        entityId: id,
        action: 'set_accounts',
        before: { accountIds: before },
        after: { accountIds: wanted },
      });
    }
    const accounts = await contractAccountRows(tx.db, tx.tenantId, [id]);
    return {
      accounts: accounts.map((a) => ({ id: a.id, accountNumber: a.account_number, name: a.name })),
      changed: before.join() !== wanted.join(),
    };
  });
}
