import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { billsService } from '../scope.queries.ts';
import { withPrevious } from './invoice.queries.ts';

/** Invoices (not credit notes) whose current charges differ from their previous invoice's. */
export function varianceAccountRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  return withPrevious(db, engine, tenantId, scope)
    .selectFrom('cur')
    .innerJoin('invoices as p', 'p.id', 'cur.prev_id')
    .selectAll('cur')
    .select([
      'p.invoice_number as prev_number',
      'p.period_start as prev_period_start',
      'p.invoice_date as prev_invoice_date',
      'p.current_charges_nanos as prev_current_nanos',
    ])
    .where('cur.is_credit', '=', 0)
    .where(sql<boolean>`cur.current_charges_nanos <> p.current_charges_nanos`)
    .execute();
}

/**
 * Per invoice (not a credit note) and service identifier billed on both it and its previous
 * invoice: payable charges of every kind except tax on each. Only pairs that differ by more than
 * `minChange` come back; the rule applies each vendor's own thresholds to those. Each charge is
 * read once as "this" for its own invoice and once as "previous" for the invoice after it, and
 * both sides are summed in one aggregate: cheaper than summing every invoice and joining a
 * million sums with a million sums.
 */
export function varianceServiceRows(
  db: Db,
  engine: Engine,
  tenantId: string,
  scope: ResolvedScope,
  minChange: bigint,
) {
  const mine = sql<bigint>`sum(case when r.is_this = 1 then ch.amount_nanos else 0 end)`;
  const theirs = sql<bigint>`sum(case when r.is_this = 0 then ch.amount_nanos else 0 end)`;
  return withPrevious(db, engine, tenantId, scope)
    .with('pair', (qb) =>
      qb
        .selectFrom('cur')
        .select(['cur.id', 'cur.prev_id'])
        .where('cur.prev_id', 'is not', null)
        .where('cur.is_credit', '=', 0),
    )
    .with('r', (qb) =>
      qb
        .selectFrom('pair')
        .select(['pair.id as invoice_id', 'pair.id as cur_id', sql<number>`1`.as('is_this')])
        .unionAll(
          qb
            .selectFrom('pair')
            .select([
              sql<string>`pair.prev_id`.as('invoice_id'),
              'pair.id as cur_id',
              sql<number>`0`.as('is_this'),
            ]),
        ),
    )
    .with('moved', (qb) =>
      qb
        .selectFrom('r')
        .innerJoin('charges as ch', (j) =>
          j.on('ch.tenant_id', '=', tenantId).onRef('ch.invoice_id', '=', 'r.invoice_id'),
        )
        .select([
          'r.cur_id',
          'ch.service_id',
          mine.as('this_nanos'),
          theirs.as('prev_nanos'),
          sql<number>`min(case when r.is_this = 1 then ch.line_no end)`.as('first_line'),
        ])
        .where('ch.info_only', '=', 0)
        .where('ch.kind', '<>', 'tax')
        .where(billsService('ch'))
        .groupBy(['r.cur_id', 'ch.service_id'])
        .having(
          sql<boolean>`max(r.is_this) = 1 and min(r.is_this) = 0 and abs(${mine} - ${theirs}) > ${minChange}`,
        ),
    )
    .selectFrom('moved')
    .innerJoin('cur', 'cur.id', 'moved.cur_id')
    .innerJoin('invoices as p', 'p.id', 'cur.prev_id')
    .selectAll('cur')
    .select([
      'p.invoice_number as prev_number',
      'p.period_start as prev_period_start',
      'p.invoice_date as prev_invoice_date',
      'moved.service_id as identifier',
      'moved.first_line',
      'moved.this_nanos',
      'moved.prev_nanos',
    ])
    .execute();
}
