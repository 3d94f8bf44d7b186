import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { EntitySpec } from './entity.ts';

// Entity specs name tables and columns at run time, so these queries use Kysely's untyped form;
// every identifier comes from a spec, never from user input.
// biome-ignore lint/suspicious/noExplicitAny: dynamic table and column names from entity specs
type AnyDb = Kysely<any>;
const raw = (db: Db) => db as unknown as AnyDb;

export type Row = Record<string, unknown>;

export interface ListQuery {
  search?: string;
  filters: { column: string; value: string | null }[];
  sortColumn: string;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
}

// Reference columns are joined for search and labels; labels are selected only where rows are read.
function joined(db: Db, e: EntitySpec, tenantId: string) {
  let q = raw(db).selectFrom(`${e.table} as t`).where('t.tenant_id', '=', tenantId);
  for (const [name, f] of Object.entries(e.fields)) {
    if (f.ref) q = q.leftJoin(`${f.ref.table} as r_${name}`, `r_${name}.id`, `t.${f.column}`);
  }
  return q;
}

function withLabels(e: EntitySpec, q: ReturnType<typeof joined>) {
  for (const [name, f] of Object.entries(e.fields)) {
    if (f.ref) q = q.select(sql.ref(`r_${name}.${f.ref.keyColumn}`).as(`${f.column}__label`));
  }
  return q.selectAll('t');
}

export async function listRows(db: Db, e: EntitySpec, tenantId: string, lq: ListQuery) {
  let q = joined(db, e, tenantId);
  if (lq.search) {
    const pattern = `%${lq.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or(
        e.search.map((field) => {
          const f = e.fields[field]!;
          const col = f.ref ? `r_${field}.${f.ref.keyColumn}` : `t.${f.column}`;
          return eb(sql`lower(${sql.ref(col)})`, 'like', sql`${pattern} escape '\\'`);
        }),
      ),
    );
  }
  for (const f of lq.filters) {
    q = f.value === null ? q.where(`t.${f.column}`, 'is', null) : q.where(`t.${f.column}`, '=', f.value);
  }
  const [rows, count] = await Promise.all([
    withLabels(e, q)
      .orderBy(`t.${lq.sortColumn}`, lq.sortDir)
      .orderBy('t.id')
      .limit(lq.limit)
      .offset(lq.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as Row[], total: Number(count.n) };
}

export async function getRow(db: Db, e: EntitySpec, tenantId: string, id: string): Promise<Row | undefined> {
  return withLabels(e, joined(db, e, tenantId))
    .where('t.id', '=', id)
    .executeTakeFirst();
}

export async function findByColumns(db: Db, table: string, tenantId: string, match: Record<string, unknown>) {
  let q = raw(db).selectFrom(table).selectAll().where('tenant_id', '=', tenantId);
  for (const [column, value] of Object.entries(match)) {
    q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value);
  }
  return (await q.limit(2).execute()) as Row[];
}

export const insertRow = (db: Db, table: string, row: Row) => raw(db).insertInto(table).values(row).execute();

export const updateRow = (db: Db, table: string, tenantId: string, id: string, values: Row) =>
  raw(db).updateTable(table).set(values).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const deleteRow = (db: Db, table: string, tenantId: string, id: string) =>
  raw(db).deleteFrom(table).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

/** Parent pointers of a self-referencing table, to walk up a tree. */
export async function parentOf(db: Db, table: string, column: string, tenantId: string, id: string) {
  const row = await raw(db)
    .selectFrom(table)
    .select(sql.ref(column).as('p'))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return (row?.p as string | null | undefined) ?? null;
}

/** Which other tables still point at a row; used to explain why it cannot be deleted. */
export async function countReferences(db: Db, table: string, column: string, tenantId: string, id: string) {
  const row = await raw(db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where(column, '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
