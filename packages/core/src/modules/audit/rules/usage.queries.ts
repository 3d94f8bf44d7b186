import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import { inScope } from '../scope.queries.ts';
import { invoiceDay, resolveService } from './service.queries.ts';

/** The vendors of the invoices a run covers (null: every invoice). */
export async function vendorsOfInvoices(
  db: Db,
  engine: Engine,
  tenantId: string,
  invoiceIds: string[] | null,
) {
  const rows = await db
    .selectFrom('invoices')
    .select('vendor_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where(inScope('id', invoiceIds, engine))
    .execute();
  return rows.map((r) => r.vendor_id);
}

export interface UsageRow {
  invoice_id: string;
  invoice_number: string;
  vendor_id: string;
  billing_account_id: string;
  account_number: string;
  currency: string;
  period_day: string;
  service_row_id: string | null;
  identifier: string;
  usage_nanos: bigint;
  first_line: number | null;
  roaming_nanos: bigint;
  roaming_lines: number;
  roaming_description: string | null;
  p1_number: string | null;
  p1_day: string | null;
  p1_nanos: bigint | null;
  p2_number: string | null;
  p2_day: string | null;
  p2_nanos: bigint | null;
  p3_number: string | null;
  p3_day: string | null;
  p3_nanos: bigint | null;
}

const ROAMING = sql`(ch.kind = 'usage' and ch.amount_nanos > 0 and (lower(ch.description) like '%roam%'
  or lower(ch.description) like '%international%' or lower(ch.description) like '%premium%'))`;

const resolvedIdentifier = sql`coalesce(sd.identifier, sx.identifier, ch.service_id)`;

/**
 * Per in-scope invoice and service (inventory service, else the billed identifier): its usage,
 * its roaming / international / premium usage lines, and its usage on the up to 3 previous
 * invoices of the account that bill it at all. Only rows that may be a finding come back: usage
 * above the trailing average by more than `minAmount`, or roaming lines when `roaming` is asked.
 * History is read only for "hot" services, those with more than `minAmount` of usage (or a roaming
 * line) on an in-scope invoice: with no negative past usage, no other service can spike.
 */
export async function usageRows(
  db: Db,
  engine: Engine,
  tenantId: string,
  invoiceIds: string[] | null,
  opts: { minAmountNanos: bigint; roaming: boolean },
) {
  // History reaches past the scope: the previous invoices of the in-scope invoices' accounts.
  const accounts =
    invoiceIds === null
      ? sql`1 = 1`
      : sql`i.billing_account_id in (select x.billing_account_id from invoices x
          where x.tenant_id = ${tenantId} and ${inScope('x.id', invoiceIds, engine)})`;
  const k = sql`(case when t.p3_id is not null then 3 when t.p2_id is not null then 2 else 1 end)`;
  const previous = sql`(t.p1_nanos + coalesce(t.p2_nanos, 0) + coalesce(t.p3_nanos, 0))`;
  const sxJoin = sql`left join services sx on sx.id = sa.service_id`;
  const minAmount = sql`cast(${opts.minAmountNanos} as bigint)`;
  const roaming = opts.roaming ? sql`1 = 1` : sql`1 = 0`;
  const q = sql<UsageRow>`
    with ranked as (
      select i.id, i.billing_account_id, i.vendor_id,
        row_number() over (
          partition by i.billing_account_id order by ${invoiceDay('i')}, i.created_at, i.id
        ) as seq
      from invoices i
      where i.tenant_id = ${tenantId} and i.status <> 'superseded' and i.is_credit = 0 and ${accounts}
    ),
    hot as (
      select si.vendor_id, coalesce(sd.id, sa.service_id) as service_row_id,
        ${resolvedIdentifier} as identifier
      from invoices si
      cross join charges ch
      ${resolveService(tenantId, 'si.vendor_id')}
      ${sxJoin}
      where si.tenant_id = ${tenantId} and si.status <> 'superseded' and si.is_credit = 0
        and ${inScope('si.id', invoiceIds, engine)}
        and ch.invoice_id = si.id and ch.service_id is not null and ch.info_only = 0 and ch.kind = 'usage'
      group by si.id, si.vendor_id, coalesce(sd.id, sa.service_id), ${resolvedIdentifier}
      having sum(ch.amount_nanos) > ${minAmount}
        or (${roaming} and sum(case when ${ROAMING} then 1 else 0 end) > 0)
    ),
    -- Every raw identifier that resolves to a hot service. The cast gives the column text
    -- affinity, without which SQLite cannot index this CTE on it.
    hot_map as (
      select vendor_id, cast(identifier as text) as raw, service_row_id, identifier from hot
      union
      select ha.vendor_id, cast(ha.identifier as text), h.service_row_id, h.identifier
      from service_aliases ha
      join hot h on h.service_row_id = ha.service_id and h.vendor_id = ha.vendor_id
      where ha.tenant_id = ${tenantId} and not exists (
        select 1 from services hs
        where hs.tenant_id = ${tenantId} and hs.vendor_id = ha.vendor_id and hs.identifier = ha.identifier
      )
    ),
    -- cross joins fix SQLite's order: invoices, their charges by key, then the small hot map.
    per_svc as (
      select r.id as invoice_id, r.billing_account_id, r.seq, m.service_row_id, m.identifier,
        sum(case when ch.kind = 'usage' then ch.amount_nanos else 0 end) as usage_nanos,
        min(case when ch.kind = 'usage' then ch.line_no end) as first_line,
        sum(case when ${ROAMING} then ch.amount_nanos else 0 end) as roaming_nanos,
        sum(case when ${ROAMING} then 1 else 0 end) as roaming_lines,
        min(case when ${ROAMING} then ch.description end) as roaming_description
      from ranked r
      cross join charges ch
      cross join hot_map m
      where ch.invoice_id = r.id and ch.info_only = 0 and m.vendor_id = r.vendor_id and m.raw = ch.service_id
      group by r.id, r.billing_account_id, r.seq, m.service_row_id, m.identifier
    ),
    trail as (
      select p.*,
        lag(p.invoice_id, 1) over w as p1_id, lag(p.usage_nanos, 1) over w as p1_nanos,
        lag(p.invoice_id, 2) over w as p2_id, lag(p.usage_nanos, 2) over w as p2_nanos,
        lag(p.invoice_id, 3) over w as p3_id, lag(p.usage_nanos, 3) over w as p3_nanos
      from per_svc p
      window w as (partition by p.billing_account_id, p.identifier order by p.seq)
    )
    select t.invoice_id, i.invoice_number, i.vendor_id, t.billing_account_id, ba.account_number, i.currency,
      ${invoiceDay('i')} as period_day, t.service_row_id, t.identifier, t.usage_nanos, t.first_line,
      t.roaming_nanos, t.roaming_lines, t.roaming_description,
      i1.invoice_number as p1_number, ${invoiceDay('i1')} as p1_day, t.p1_nanos,
      i2.invoice_number as p2_number, ${invoiceDay('i2')} as p2_day, t.p2_nanos,
      i3.invoice_number as p3_number, ${invoiceDay('i3')} as p3_day, t.p3_nanos
    from trail t
    join invoices i on i.id = t.invoice_id
    join billing_accounts ba on ba.id = t.billing_account_id
    left join invoices i1 on i1.id = t.p1_id
    left join invoices i2 on i2.id = t.p2_id
    left join invoices i3 on i3.id = t.p3_id
    where ${inScope('t.invoice_id', invoiceIds, engine)}
      and ((${roaming} and t.roaming_lines > 0)
        or (t.p1_id is not null and t.usage_nanos * ${k} - ${previous} > ${minAmount} * ${k}))`;
  return (await q.execute(db)).rows;
}
