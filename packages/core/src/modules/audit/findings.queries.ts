import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db, Engine, FindingTable } from '../../db/schema.ts';
import type { ResolvedScope } from './rule.ts';
import { inScope } from './scope.queries.ts';

/** Findings of `rules` whose invoice, account or vendor lies in the scope (all of them for a whole-tenant run). */
export async function findingsInScope(
  db: Db,
  engine: Engine,
  tenantId: string,
  rules: string[],
  scope: ResolvedScope,
) {
  let q = db
    .selectFrom('findings')
    .select([
      'id',
      'rule',
      'subject_key',
      'state',
      'facts_hash',
      'invoice_id',
      'billing_account_id',
      'vendor_id',
      'severity',
    ])
    .where('tenant_id', '=', tenantId)
    .where('rule', 'in', rules.length > 0 ? rules : ['']);
  if (scope.invoiceIds !== null || scope.accountIds !== null || scope.vendorIds !== null)
    q = q.where((eb) =>
      eb.or([
        inScope('invoice_id', scope.invoiceIds ?? [], engine),
        inScope('billing_account_id', scope.accountIds ?? [], engine),
        inScope('vendor_id', scope.vendorIds ?? [], engine),
      ]),
    );
  return q.execute();
}

const CHUNK = 200;

export async function insertFindings(db: Db, rows: Insertable<FindingTable>[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('findings')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

export async function updateFinding(db: Db, tenantId: string, id: string, patch: Updateable<FindingTable>) {
  await db
    .updateTable('findings')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function chargesInScope(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const row = await db
    .selectFrom('invoices as i')
    .select([
      sql<number>`count(*)`.as('invoices'),
      sql<number>`coalesce(sum(i.charge_count), 0)`.as('charges'),
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .executeTakeFirstOrThrow();
  return { invoices: Number(row.invoices), charges: Number(row.charges) };
}

/** Invoices still in the audit stages of the workflow, with how many active findings each has. */
export async function auditableInvoices(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return db
    .selectFrom('invoices as i')
    .select([
      'i.id',
      'i.status',
      (eb) =>
        eb
          .selectFrom('findings as f')
          .select(sql<number>`count(*)`.as('n'))
          .where('f.tenant_id', '=', tenantId)
          .whereRef('f.invoice_id', '=', 'i.id')
          .where('f.state', 'in', ['open', 'in_progress', 'disputed'])
          .as('active'),
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', 'in', ['received', 'audited', 'in_review'])
    .where(inScope('i.id', scope.invoiceIds, engine))
    .execute();
}

export async function setInvoiceStatus(db: Db, tenantId: string, id: string, status: string) {
  await db
    .updateTable('invoices')
    .set({ status })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
