import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { inScope } from '../scope.queries.ts';

/**
 * The accounts of the run's invoices: what an invoice is compared with lies in its own account,
 * so window functions over an account's invoices need read no others.
 */
export function accountsOfScope(column: string, tenantId: string, scope: ResolvedScope, engine: Engine) {
  if (scope.invoiceIds === null) return sql<boolean>`1 = 1`;
  return sql<boolean>`${sql.ref(column)} in (select s.billing_account_id from invoices s where s.tenant_id = ${tenantId} and ${inScope('s.id', scope.invoiceIds, engine)})`;
}

/**
 * The run's invoices (superseded ones skipped) as the CTE `cur`, each with `prev_id`, the invoice
 * it is compared with: the latest non-superseded invoice of the same account whose period
 * (period start, else invoice date) is strictly earlier. Credit notes are not part of an
 * account's monthly sequence, so they are never "the previous invoice"; among copies of one
 * period the first received wins (the original, not a duplicate). The previous invoice may lie
 * outside the run's scope. Join `invoices as p` on `cur.prev_id` for its facts.
 *
 * Set-based rather than a lookup per invoice: `firsts` holds each account's first invoice per
 * period with the account's next period after it, so "the latest earlier period" is a join on
 * the account and a range.
 */
export function withPrevious(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const day = sql<string>`coalesce(p.period_start, p.invoice_date)`;
  const curDay = sql<string>`coalesce(i.period_start, i.invoice_date)`;
  return db
    .with('seq', (qb) =>
      qb
        .selectFrom('invoices as p')
        .select([
          'p.id',
          'p.billing_account_id',
          day.as('day'),
          sql<number>`row_number() over (partition by p.billing_account_id, ${day} order by p.created_at, p.id)`.as(
            'k',
          ),
        ])
        .where('p.tenant_id', '=', tenantId)
        .where('p.status', '<>', 'superseded')
        .where('p.is_credit', '=', 0)
        .where(sql<boolean>`${day} is not null`)
        .where(accountsOfScope('p.billing_account_id', tenantId, scope, engine)),
    )
    .with('firsts', (qb) =>
      qb
        .selectFrom('seq')
        .select([
          'seq.id',
          'seq.billing_account_id',
          'seq.day',
          sql<string | null>`lead(seq.day) over (partition by seq.billing_account_id order by seq.day)`.as(
            'next_day',
          ),
        ])
        .where('seq.k', '=', 1),
    )
    .with('cur', (qb) =>
      qb
        .selectFrom('invoices as i')
        .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
        .leftJoin('firsts as f', (j) =>
          j
            .onRef('f.billing_account_id', '=', 'i.billing_account_id')
            .on(sql<boolean>`f.day < ${curDay}`)
            .on(sql<boolean>`(f.next_day is null or f.next_day >= ${curDay})`),
        )
        .select([
          'i.id',
          'i.vendor_id',
          'i.billing_account_id',
          'a.account_number',
          'i.invoice_number',
          'i.invoice_date',
          'i.period_start',
          'i.currency',
          'i.is_credit',
          'i.current_charges_nanos',
          'i.previous_balance_nanos',
          'i.payments_nanos',
          'f.id as prev_id',
        ])
        .where('i.tenant_id', '=', tenantId)
        .where('i.status', '<>', 'superseded')
        .where(inScope('i.id', scope.invoiceIds, engine)),
    );
}

/** Invoices whose stated current charges differ from the sum of their payable charges. */
export function controlTotalRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return db
    .selectFrom('invoices as i')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .select([
      'i.id as invoice_id',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.invoice_number',
      'i.invoice_date',
      'i.period_start',
      'i.currency',
      'i.current_charges_nanos',
      'i.stated_current_nanos',
      'i.charge_count',
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .where('i.stated_current_nanos', 'is not', null)
    .where(sql<boolean>`i.stated_current_nanos <> i.current_charges_nanos`)
    .execute();
}

/** Invoices stating a previous balance, with the total due their previous invoice stated. */
export function rollforwardRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return withPrevious(db, engine, tenantId, scope)
    .selectFrom('cur')
    .innerJoin('invoices as p', 'p.id', 'cur.prev_id')
    .selectAll('cur')
    .select([
      'p.invoice_number as prev_number',
      'p.period_start as prev_period_start',
      'p.invoice_date as prev_invoice_date',
      'p.stated_total_due_nanos as prev_total_due_nanos',
    ])
    .where('cur.previous_balance_nanos', 'is not', null)
    .where('p.stated_total_due_nanos', 'is not', null)
    .where(sql<boolean>`cur.previous_balance_nanos <> p.stated_total_due_nanos`)
    .execute();
}

/** Payable late-fee lines, with what the previous invoice asked for and what was paid since. */
export function lateFeeRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return withPrevious(db, engine, tenantId, scope)
    .selectFrom('cur')
    .innerJoin('charges as ch', (j) =>
      j.on('ch.tenant_id', '=', tenantId).onRef('ch.invoice_id', '=', 'cur.id'),
    )
    .leftJoin('invoices as p', 'p.id', 'cur.prev_id')
    .selectAll('cur')
    .select([
      'ch.line_no',
      'ch.service_id as identifier',
      'ch.description',
      'ch.amount_nanos',
      'p.invoice_number as prev_number',
      'p.period_start as prev_period_start',
      'p.invoice_date as prev_invoice_date',
      'p.due_date as prev_due_date',
      'p.stated_total_due_nanos as prev_total_due_nanos',
      'p.payments_nanos as prev_payments_nanos',
    ])
    .where('ch.kind', '=', 'late_fee')
    .where('ch.info_only', '=', 0)
    .execute();
}

/** Per invoice: payable taxes and surcharges against the payable recurring, one-time and usage base. */
export function taxRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const sumOf = (kinds: string) =>
    sql<bigint>`coalesce(sum(case when ch.kind in (${sql.raw(kinds)}) then ch.amount_nanos else 0 end), 0)`;
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('charges as ch')
        .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
        .select([
          'i.id as invoice_id',
          sumOf(`'tax'`).as('tax_nanos'),
          sumOf(`'surcharge_fee'`).as('surcharge_nanos'),
          sumOf(`'recurring', 'one_time', 'usage'`).as('base_nanos'),
        ])
        .where('ch.tenant_id', '=', tenantId)
        .where('ch.info_only', '=', 0)
        .where('ch.kind', 'in', ['tax', 'surcharge_fee', 'recurring', 'one_time', 'usage'])
        .where('i.status', '<>', 'superseded')
        .where(inScope('i.id', scope.invoiceIds, engine))
        .groupBy('i.id')
        .as('t'),
    )
    .innerJoin('invoices as i', 'i.id', 't.invoice_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .select([
      't.invoice_id',
      't.tax_nanos',
      't.surcharge_nanos',
      't.base_nanos',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.invoice_number',
      'i.invoice_date',
      'i.period_start',
      'i.currency',
    ])
    .where('t.base_nanos', '>', 0n)
    .execute();
}

/** The vendors of the run's invoices, to look up each one's thresholds before querying. */
export async function vendorsInScope(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const rows = await db
    .selectFrom('invoices as i')
    .select('i.vendor_id')
    .distinct()
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .execute();
  return rows.map((r) => r.vendor_id);
}
