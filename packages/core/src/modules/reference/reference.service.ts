import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { type Dto, fieldValues, rowToDto, valuesToColumns } from './dto.ts';
import { type EntitySpec, entitySchema, readAction, writeAction } from './entity.ts';
import {
  countReferences,
  deleteRow,
  findByColumns,
  getRow,
  insertRow,
  listRows,
  updateRow,
} from './reference.queries.ts';
import { DEPENDENTS, ENTITIES } from './registry.ts';

export interface ListParams {
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
  filters?: Record<string, string>;
}

export const MAX_PAGE_SIZE = 500;

export async function listEntities(ctx: Ctx, e: EntitySpec, p: ListParams) {
  authorize(ctx.actor, readAction(e));
  const sortField = p.sort ?? e.defaultSort;
  const sortColumn =
    sortField === 'createdAt'
      ? 'created_at'
      : sortField === 'updatedAt'
        ? 'updated_at'
        : e.fields[sortField]?.column;
  if (!sortColumn) throw invalid(`Cannot sort ${e.plural} by ${sortField}`);
  const filters = Object.entries(p.filters ?? {}).map(([name, value]) => {
    const f = e.fields[name];
    if (!f) throw invalid(`Cannot filter ${e.plural} by ${name}`);
    return { column: f.column, value: value === '' || value === 'none' ? null : value };
  });
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), MAX_PAGE_SIZE);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total } = await listRows(ctx.db, e, ctx.tenantId, {
    search: p.q?.trim() || undefined,
    filters,
    sortColumn,
    sortDir: p.dir === 'desc' ? 'desc' : 'asc',
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows.map((r) => rowToDto(e, r)), total, page, pageSize };
}

export async function getEntity(ctx: Ctx, e: EntitySpec, id: string): Promise<Dto> {
  authorize(ctx.actor, readAction(e));
  const row = await getRow(ctx.db, e, ctx.tenantId, id);
  if (!row) throw notFound(e.label, id);
  return rowToDto(e, row);
}

/** Finds a row by its natural key (e.g. cost center code); null when absent. */
export async function findByNaturalKey(ctx: Ctx, e: EntitySpec, values: Record<string, unknown>) {
  const match = Object.fromEntries(e.naturalKey.map((k) => [e.fields[k]!.column, values[k] ?? null]));
  const [row] = await findByColumns(ctx.db, e.table, ctx.tenantId, match);
  return row ?? null;
}

async function validate(ctx: Ctx, e: EntitySpec, input: unknown, id: string | null) {
  const data = parseInput(entitySchema(e), input) as Record<string, unknown>;
  for (const [name, f] of Object.entries(e.fields)) {
    const value = data[name];
    if (!f.ref || value === null) continue;
    const match: Record<string, unknown> = { id: value };
    for (const s of f.ref.scope ?? []) match[s.column] = data[s.field];
    // Scoped to the tenant, so a row can never point at another tenant's data.
    if ((await findByColumns(ctx.db, f.ref.table, ctx.tenantId, match)).length === 0) {
      throw invalid(`${name}: no such ${f.label.toLowerCase()}`, {
        fields: [{ path: name, message: `no such ${f.label.toLowerCase()}` }],
      });
    }
  }
  const same = await findByNaturalKey(ctx, e, data);
  if (same && same.id !== id) {
    const key = e.naturalKey.map((k) => `${k}=${String(data[k])}`).join(', ');
    throw conflict(`A ${e.label.toLowerCase()} with ${key} already exists`, {
      fields: e.naturalKey.map((k) => ({ path: k, message: 'already exists' })),
    });
  }
  await e.check?.(ctx, data, id);
  return data;
}

export async function createEntity(ctx: Ctx, e: EntitySpec, input: unknown): Promise<Dto> {
  authorize(ctx.actor, writeAction(e));
  return inTransaction(ctx, async (tx) => {
    const data = await validate(tx, e, input, null);
    const now = isoNow(tx.clock);
    const id = newId();
    await insertRow(tx.db, e.table, {
      id,
      tenant_id: tx.tenantId,
      ...valuesToColumns(e, data),
      created_at: now,
      updated_at: now,
    });
    await recordChange(tx, { entity: e.name, entityId: id, action: 'create', after: data });
    return getEntity(tx, e, id);
  });
}

/** Applies a partial change; fields left out keep their values. Returns `changed: false` for a no-op. */
export async function updateEntity(ctx: Ctx, e: EntitySpec, id: string, patch: Record<string, unknown>) {
  authorize(ctx.actor, writeAction(e));
  return inTransaction(ctx, async (tx) => {
    const row = await getRow(tx.db, e, tx.tenantId, id);
    if (!row) throw notFound(e.label, id);
    const before = fieldValues(e, row);
    const data = await validate(tx, e, { ...before, ...patch }, id);
    const changed = Object.keys(e.fields).filter((k) => (before[k] ?? null) !== (data[k] ?? null));
    if (changed.length === 0) return { item: rowToDto(e, row), changed: false };
    const set = Object.fromEntries(changed.map((k) => [e.fields[k]!.column, data[k] ?? null]));
    await updateRow(tx.db, e.table, tx.tenantId, id, { ...set, updated_at: isoNow(tx.clock) });
    await recordChange(tx, {
      entity: e.name,
      entityId: id,
      action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, data[k]])),
    });
    return { item: await getEntity(tx, e, id), changed: true };
  });
}

export async function deleteEntity(ctx: Ctx, e: EntitySpec, id: string): Promise<void> {
  authorize(ctx.actor, writeAction(e));
  await inTransaction(ctx, async (tx) => {
    const row = await getRow(tx.db, e, tx.tenantId, id);
    if (!row) throw notFound(e.label, id);
    const users: string[] = [];
    for (const other of ENTITIES) {
      for (const f of Object.values(other.fields)) {
        if (f.ref?.table !== e.table) continue;
        const n = await countReferences(tx.db, other.table, f.column, tx.tenantId, id);
        if (n > 0) users.push(`${n} ${other.plural.replace(/-/g, ' ')} (${f.label.toLowerCase()})`);
      }
    }
    for (const d of DEPENDENTS.filter((x) => x.target === e.table)) {
      const n = await countReferences(tx.db, d.table, d.column, tx.tenantId, id);
      if (n > 0) users.push(`${n} ${d.label}`);
    }
    if (users.length > 0) throw conflict(`${e.label} is still used by ${users.join(', ')}`);
    await deleteRow(tx.db, e.table, tx.tenantId, id);
    await recordChange(tx, { entity: e.name, entityId: id, action: 'delete', before: fieldValues(e, row) });
  });
}
