import { type RawBuilder, sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import { inScope } from '../scope.queries.ts';

/**
 * Account-level reads of the service rules (not billed, low usage, owner left, site closed).
 * "The account's last N invoices" are its N latest non-superseded, non-credit invoices by period
 * start (invoice date when there is none); a charge belongs to the inventory service of the
 * invoice's vendor with that identifier, or to the service an alias of the vendor points at.
 */

/** An integer setting that may differ per vendor: the vendors' own values and everyone else's. */
export interface VendorInts {
  byVendor: Map<string, number>;
  fallback: number;
}

/** A per-vendor setting as a SQL expression, so one set-based query honours every override. */
function perVendor(column: string, v: VendorInts): RawBuilder<number> {
  const groups = new Map<number, string[]>();
  for (const [vendor, n] of v.byVendor) {
    if (n !== v.fallback) groups.set(n, [...(groups.get(n) ?? []), vendor]);
  }
  if (groups.size === 0) return sql<number>`${sql.lit(v.fallback)}`;
  const ref = sql.ref(column);
  const whens = [...groups].map(([n, ids]) => sql`when ${ref} in (${sql.join(ids)}) then ${sql.lit(n)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(v.fallback)} end`;
}

/** The invoice's day for ordering; '' makes an undated invoice the oldest on both engines. */
export const invoiceDay = (alias: string) =>
  sql<string>`coalesce(${sql.ref(`${alias}.period_start`)}, ${sql.ref(`${alias}.invoice_date`)}, '')`;

/**
 * Left joins that resolve charge `ch` of an invoice of vendor `vendorColumn` to its service:
 * `sd` by identifier, else `sa` by alias (its `service_id` is the service row).
 */
export const resolveService = (tenantId: string, vendorColumn: string) => sql`
  left join services sd on sd.tenant_id = ${tenantId} and sd.vendor_id = ${sql.ref(vendorColumn)}
    and sd.identifier = ch.service_id
  left join service_aliases sa on sd.id is null and sa.tenant_id = ${tenantId}
    and sa.vendor_id = ${sql.ref(vendorColumn)} and sa.identifier = ch.service_id`;

/** The vendors of the accounts a run covers (null: every account). */
export async function vendorsOfAccounts(
  db: Db,
  engine: Engine,
  tenantId: string,
  accountIds: string[] | null,
) {
  const rows = await db
    .selectFrom('billing_accounts')
    .select('vendor_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where(inScope('id', accountIds, engine))
    .execute();
  return rows.map((r) => r.vendor_id);
}

/** Invoices of the accounts in scope, newest first per account (`rn` 1 = latest), with each vendor's `cycles`. */
function ranked(engine: Engine, tenantId: string, accountIds: string[] | null, cycles: VendorInts) {
  return sql`
    select i.id, i.billing_account_id, i.vendor_id, i.invoice_number, i.currency,
      ${invoiceDay('i')} as period_day,
      ${perVendor('i.vendor_id', cycles)} as cycles,
      row_number() over (
        partition by i.billing_account_id order by ${invoiceDay('i')} desc, i.created_at desc, i.id desc
      ) as rn
    from invoices i
    where i.tenant_id = ${tenantId} and i.status <> 'superseded' and i.is_credit = 0
      and ${inScope('i.billing_account_id', accountIds, engine)}`;
}

export interface WindowInvoiceRow {
  id: string;
  billing_account_id: string;
  invoice_number: string;
  period_day: string;
  currency: string;
  rn: number;
}

/** Each account's last `cycles` invoices: what the account rules looked at. */
export async function windowInvoices(
  db: Db,
  engine: Engine,
  tenantId: string,
  accountIds: string[] | null,
  cycles: VendorInts,
) {
  const q = sql<WindowInvoiceRow>`
    with ranked as (${ranked(engine, tenantId, accountIds, cycles)})
    select id, billing_account_id, invoice_number, period_day, currency, rn from ranked
    where rn <= cycles
    order by billing_account_id, rn`;
  return (await q.execute(db)).rows;
}

export interface UnbilledRow {
  service_row_id: string;
  identifier: string;
  vendor_id: string;
  billing_account_id: string;
  account_number: string;
  cost_center_id: string | null;
  activated_on: string | null;
  expected_monthly_nanos: bigint | null;
  currency: string;
  invoices: number;
  cycles: number;
  latest_day: string;
}

/**
 * Active services with a billing account whose last `cycles` invoices (the account has at least
 * that many) carry no charge line for them at all; the activation cut-off is the caller's.
 */
export async function unbilledServices(
  db: Db,
  engine: Engine,
  tenantId: string,
  accountIds: string[] | null,
  cycles: VendorInts,
) {
  // Each engine's fast anti-join: PostgreSQL hashes `not exists` but rescans a large `not in`
  // list per row; SQLite builds an index for `not in` but reruns a correlated `not exists`.
  const unseen =
    engine === 'postgres'
      ? sql`not exists (select 1 from seen where seen.service_row_id = s.id)`
      : sql`s.id not in (select service_row_id from seen where service_row_id is not null)`;
  const q = sql<UnbilledRow>`
    with ranked as (${ranked(engine, tenantId, accountIds, cycles)}),
    win as (select * from ranked where rn <= cycles),
    -- cross join: SQLite then reads the window's invoices first and their charges by key,
    -- instead of scanning every charge; PostgreSQL plans it like any inner join.
    seen as (
      select coalesce(sd.id, sa.service_id) as service_row_id
      from win w
      cross join charges ch
      ${resolveService(tenantId, 'w.vendor_id')}
      where ch.invoice_id = w.id and ch.service_id is not null
    ),
    accts as (
      select billing_account_id, count(*) as invoices, max(cycles) as cycles, max(period_day) as latest_day
      from win group by billing_account_id
    )
    select s.id as service_row_id, s.identifier, s.vendor_id, s.billing_account_id, ba.account_number,
      s.cost_center_id, s.activated_on, s.expected_monthly_nanos,
      coalesce(s.currency, ba.currency) as currency, a.invoices, a.cycles, a.latest_day
    from services s
    join accts a on a.billing_account_id = s.billing_account_id
    join billing_accounts ba on ba.id = s.billing_account_id
    where s.tenant_id = ${tenantId} and s.state = 'active' and a.invoices >= a.cycles
      and ${unseen}`;
  return (await q.execute(db)).rows;
}

export interface IdleRow {
  service_row_id: string;
  identifier: string;
  vendor_id: string;
  service_type: string;
  cost_center_id: string | null;
  billing_account_id: string;
  account_number: string;
  invoices: number;
  /** the recurring charges of the account's latest invoice */
  latest_nanos: bigint;
  recurring_nanos: bigint;
  usage_nanos: bigint;
}

/**
 * Active services of the given types billed a recurring charge on every one of their account's
 * last `cycles` invoices with no non-zero usage line on any of them.
 */
export async function idleServices(
  db: Db,
  engine: Engine,
  tenantId: string,
  accountIds: string[] | null,
  cycles: VendorInts,
  serviceTypes: readonly string[],
) {
  const q = sql<IdleRow>`
    with ranked as (${ranked(engine, tenantId, accountIds, cycles)}),
    win as (select * from ranked where rn <= cycles),
    idle as (
      select coalesce(sd.id, sa.service_id) as service_row_id, w.billing_account_id,
        count(distinct case when ch.kind = 'recurring' then w.id end) as invoices,
        sum(case when ch.kind = 'recurring' and w.rn = 1 then ch.amount_nanos else 0 end) as latest_nanos,
        sum(case when ch.kind = 'recurring' then ch.amount_nanos else 0 end) as recurring_nanos,
        sum(case when ch.kind = 'usage' then ch.amount_nanos else 0 end) as usage_nanos
      from win w
      cross join charges ch
      ${resolveService(tenantId, 'w.vendor_id')}
      where ch.invoice_id = w.id and ch.service_id is not null and ch.info_only = 0
        and ch.kind in ('recurring', 'usage') and (sd.id is not null or sa.service_id is not null)
      group by coalesce(sd.id, sa.service_id), w.billing_account_id, w.cycles
      having count(distinct case when ch.kind = 'recurring' then w.id end) = w.cycles
        and sum(case when ch.kind = 'usage' and ch.amount_nanos <> 0 then 1 else 0 end) = 0
    )
    select s.id as service_row_id, s.identifier, s.vendor_id, s.service_type, s.cost_center_id,
      q.billing_account_id, ba.account_number, q.invoices, q.latest_nanos, q.recurring_nanos, q.usage_nanos
    from idle q
    join services s on s.id = q.service_row_id
    join billing_accounts ba on ba.id = q.billing_account_id
    where s.state = 'active' and s.service_type in (${sql.join([...serviceTypes])})`;
  return (await q.execute(db)).rows;
}

export interface NobodyRow {
  service_row_id: string;
  identifier: string;
  vendor_id: string;
  cost_center_id: string | null;
  billing_account_id: string;
  account_number: string;
  invoice_id: string;
  invoice_number: string;
  period_day: string;
  currency: string;
  billed_nanos: bigint;
  lines: number;
  /** owner or location */
  party_id: string;
  party_label: string;
  /** leaver date or closed date */
  party_date: string;
}

/**
 * Services billed on their account's latest invoice whose owner left (`owner`) or whose location
 * closed (`location`) on or before that invoice's period start, with what that invoice bills them.
 */
export async function billedForNobody(
  db: Db,
  engine: Engine,
  tenantId: string,
  accountIds: string[] | null,
  party: 'owner' | 'location',
) {
  const gone =
    party === 'owner'
      ? sql`join people x on x.id = s.owner_id
          where x.leaver_date is not null and x.leaver_date <= b.period_day`
      : sql`join locations x on x.id = s.location_id
          where x.status = 'closed' and x.closed_on is not null and x.closed_on <= b.period_day`;
  const label = party === 'owner' ? sql`x.name` : sql`x.code`;
  const date = party === 'owner' ? sql`x.leaver_date` : sql`x.closed_on`;
  const q = sql<NobodyRow>`
    with ranked as (${ranked(engine, tenantId, accountIds, { byVendor: new Map(), fallback: 1 })}),
    latest as (select * from ranked where rn = 1),
    billed as (
      select l.id as invoice_id, l.billing_account_id, l.invoice_number, l.period_day, l.currency,
        coalesce(sd.id, sa.service_id) as service_row_id,
        sum(ch.amount_nanos) as billed_nanos, count(*) as lines
      from latest l
      join charges ch on ch.invoice_id = l.id
      ${resolveService(tenantId, 'l.vendor_id')}
      where ch.service_id is not null and ch.info_only = 0
      group by l.id, l.billing_account_id, l.invoice_number, l.period_day, l.currency,
        coalesce(sd.id, sa.service_id)
    )
    select s.id as service_row_id, s.identifier, s.vendor_id, s.cost_center_id, b.billing_account_id,
      ba.account_number, b.invoice_id, b.invoice_number, b.period_day, b.currency, b.billed_nanos, b.lines,
      x.id as party_id, ${label} as party_label, ${date} as party_date
    from billed b
    join services s on s.id = b.service_row_id
    join billing_accounts ba on ba.id = b.billing_account_id
    ${gone}`;
  return (await q.execute(db)).rows;
}
