import { type Insertable, sql } from 'kysely';
import type { Db, Engine, FindingAttachmentTable, FindingCommentTable } from '../../db/schema.ts';
import { inScope } from '../audit/scope.queries.ts';

export interface ExceptionFilter {
  tenantId: string;
  /** null: every state */
  states: readonly string[] | null;
  rule?: string;
  severities?: readonly string[];
  vendorId?: string;
  accountId?: string;
  invoiceId?: string;
  queue?: string;
  /** a user id; null: only findings nobody owns */
  owner?: string | null;
  /** YYYY-MM-DD: only findings due before this day */
  dueBefore?: string;
  q?: string;
  /** only findings the run last touched */
  runId?: string;
}

export type ExceptionSort = 'variance' | 'age' | 'due' | 'severity' | 'opened';

function filtered(db: Db, f: ExceptionFilter) {
  let q = db
    .selectFrom('findings as f')
    .leftJoin('vendors as v', 'v.id', 'f.vendor_id')
    .leftJoin('billing_accounts as a', 'a.id', 'f.billing_account_id')
    .leftJoin('invoices as i', 'i.id', 'f.invoice_id')
    .leftJoin('users as u', 'u.id', 'f.owner_user_id')
    .where('f.tenant_id', '=', f.tenantId);
  if (f.states) q = q.where('f.state', 'in', f.states.length > 0 ? [...f.states] : ['']);
  if (f.rule) q = q.where('f.rule', '=', f.rule);
  if (f.severities) q = q.where('f.severity', 'in', f.severities.length > 0 ? [...f.severities] : ['']);
  if (f.vendorId) q = q.where('f.vendor_id', '=', f.vendorId);
  if (f.accountId) q = q.where('f.billing_account_id', '=', f.accountId);
  if (f.invoiceId) q = q.where('f.invoice_id', '=', f.invoiceId);
  if (f.queue) q = q.where('f.queue', '=', f.queue);
  if (f.owner === null) q = q.where('f.owner_user_id', 'is', null);
  else if (f.owner !== undefined) q = q.where('f.owner_user_id', '=', f.owner);
  if (f.dueBefore) q = q.where('f.due_on', '<', f.dueBefore);
  if (f.runId) q = q.where('f.last_run_id', '=', f.runId);
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(f.summary)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(f.service_identifier)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(i.invoice_number)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  return q;
}

const columns = [
  'f.id',
  'f.rule',
  'f.severity',
  'f.blocking',
  'f.state',
  'f.summary',
  'f.vendor_id',
  'f.billing_account_id',
  'f.invoice_id',
  'f.line_no',
  'f.service_identifier',
  'f.service_id',
  'f.contract_id',
  'f.cost_center_id',
  'f.period',
  'f.currency',
  'f.billed_nanos',
  'f.expected_nanos',
  'f.variance_nanos',
  'f.evidence_json',
  'f.resolution_reason',
  'f.queue',
  'f.owner_user_id',
  'f.due_on',
  'f.escalation_level',
  'f.escalated_at',
  'f.first_run_id',
  'f.last_run_id',
  'f.opened_at',
  'f.closed_at',
  'v.name as vendor_name',
  'a.account_number',
  'i.invoice_number',
  'u.name as owner_name',
] as const;

/** Days from opening to closing (or to `today` while open), in SQL so a page can be sorted by it. */
function ageDays(engine: Engine, today: string) {
  return engine === 'postgres'
    ? sql<number>`(coalesce(substr(f.closed_at, 1, 10), ${today})::date - substr(f.opened_at, 1, 10)::date)`
    : sql<number>`(julianday(coalesce(substr(f.closed_at, 1, 10), ${today})) - julianday(substr(f.opened_at, 1, 10)))`;
}

function sortExpression(sort: ExceptionSort, engine: Engine, today: string) {
  switch (sort) {
    case 'variance':
      return sql`f.variance_nanos`;
    case 'opened':
      return sql`f.opened_at`;
    // Findings with no due date sort as due last, on both engines alike.
    case 'due':
      return sql`coalesce(f.due_on, '9999-12-31')`;
    case 'severity':
      return sql`case f.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;
    case 'age':
      return ageDays(engine, today);
  }
}

export async function listExceptionRows(
  db: Db,
  engine: Engine,
  f: ExceptionFilter,
  order: { sort: ExceptionSort; dir: 'asc' | 'desc'; today: string },
  limit: number,
  offset: number,
) {
  const q = filtered(db, f);
  const [rows, totals] = await Promise.all([
    q
      .select(columns)
      .orderBy(sortExpression(order.sort, engine, order.today), order.dir)
      .orderBy('f.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q
      .select([
        sql<number>`count(*)`.as('n'),
        sql<bigint>`coalesce(sum(f.variance_nanos), 0)`.as('variance_nanos'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(totals.n), totalVarianceNanos: BigInt(totals.variance_nanos) };
}

export const exceptionRow = (db: Db, tenantId: string, id: string) =>
  filtered(db, { tenantId, states: null }).select(columns).where('f.id', '=', id).executeTakeFirst();

export type ExceptionRow = NonNullable<Awaited<ReturnType<typeof exceptionRow>>>;

/** The stored finding, locked on PostgreSQL so two people cannot move it at once. */
export function findingForUpdate(db: Db, engine: Engine, tenantId: string, id: string) {
  const q = db.selectFrom('findings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  return (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

export type FindingRow = NonNullable<Awaited<ReturnType<typeof findingForUpdate>>>;

export function findingsByIds(db: Db, engine: Engine, tenantId: string, ids: string[]) {
  const q = db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(inScope('id', ids, engine));
  return (engine === 'postgres' ? q.forUpdate() : q).execute();
}

/** Active findings past their due date that were not escalated yet today. */
export function overdueFindings(db: Db, engine: Engine, tenantId: string, today: string) {
  const q = db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state', 'in', ['open', 'in_progress', 'disputed'])
    .where('due_on', '<', today)
    .where((eb) => eb.or([eb('escalated_at', 'is', null), eb('escalated_at', '<', today)]))
    .orderBy('due_on')
    .orderBy('id');
  return (engine === 'postgres' ? q.forUpdate() : q).execute();
}

// ---- comments and attachments ----------------------------------------------------------------

export const commentRows = (db: Db, tenantId: string, findingId: string) =>
  db
    .selectFrom('finding_comments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('finding_id', '=', findingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const insertComment = (db: Db, row: Insertable<FindingCommentTable>) =>
  db.insertInto('finding_comments').values(row).execute();

export const attachmentRows = (db: Db, tenantId: string, findingId: string) =>
  db
    .selectFrom('finding_attachments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('finding_id', '=', findingId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const attachmentRow = (db: Db, tenantId: string, findingId: string, id: string) =>
  db
    .selectFrom('finding_attachments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('finding_id', '=', findingId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertAttachment = (db: Db, row: Insertable<FindingAttachmentTable>) =>
  db.insertInto('finding_attachments').values(row).execute();

// ---- chart and members -----------------------------------------------------------------------

export interface BilledSubject {
  vendorId?: string;
  identifier?: string;
  accountId?: string;
  currency: string;
}

/** Billed per month (YYYY-MM of the charge's period, else the invoice's) within [from, to]. */
export function monthlyBilled(db: Db, tenantId: string, s: BilledSubject, from: string, to: string) {
  const month = sql<string>`substr(coalesce(ch.period_start, i.period_start, i.invoice_date), 1, 7)`;
  let q = db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .select([month.as('month'), sql<bigint>`sum(ch.amount_nanos)`.as('billed_nanos')])
    .where('ch.tenant_id', '=', tenantId)
    .where('i.tenant_id', '=', tenantId)
    .where('ch.info_only', '=', 0)
    .where('i.status', '<>', 'superseded')
    .where('i.currency', '=', s.currency)
    .where(month, '>=', from)
    .where(month, '<=', to);
  if (s.identifier !== undefined && s.vendorId !== undefined)
    q = q.where('i.vendor_id', '=', s.vendorId).where('ch.service_id', '=', s.identifier);
  else if (s.accountId !== undefined) q = q.where('i.billing_account_id', '=', s.accountId);
  else return Promise.resolve([]);
  return q.groupBy(month).execute();
}

export async function memberIds(db: Db, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function isMember(db: Db, tenantId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
