import { sql } from 'kysely';
import type { Db, Engine } from '../../../db/schema.ts';
import type { ResolvedScope } from '../rule.ts';
import { inScope } from '../scope.queries.ts';
import { accountsOfScope } from './invoice.queries.ts';

/**
 * Invoices received after another non-superseded invoice of the same vendor and account with the
 * same invoice number (`by_number`, the first received of that number) or the same content
 * (`by_content`, the first received of that fingerprint); "first" is by created_at, then id, and
 * either is the invoice itself when it has no earlier twin. The originals are looked up across
 * the whole account, in or out of the run's scope; the rule picks the earlier of the two.
 */
export function duplicateInvoiceRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const first = (by: string) =>
    sql<string>`first_value(o.id) over (partition by o.billing_account_id, o.vendor_id, ${sql.ref(`o.${by}`)} order by o.created_at, o.id)`;
  const original = (alias: 'n' | 'c') =>
    [
      `${alias}.invoice_number as ${alias}_number`,
      `${alias}.period_start as ${alias}_period_start`,
      `${alias}.invoice_date as ${alias}_invoice_date`,
      `${alias}.content_hash as ${alias}_content_hash`,
      `${alias}.current_charges_nanos as ${alias}_current_nanos`,
      `${alias}.created_at as ${alias}_created_at`,
    ] as const;
  return db
    .with('twins', (qb) =>
      qb
        .selectFrom('invoices as o')
        .select(['o.id', first('invoice_number').as('by_number'), first('content_hash').as('by_content')])
        .where('o.tenant_id', '=', tenantId)
        .where('o.status', '<>', 'superseded')
        .where(accountsOfScope('o.billing_account_id', tenantId, scope, engine)),
    )
    .selectFrom('twins as t')
    .innerJoin('invoices as i', 'i.id', 't.id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .innerJoin('invoices as n', 'n.id', 't.by_number')
    .innerJoin('invoices as c', 'c.id', 't.by_content')
    .select([
      'i.id',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.invoice_number',
      'i.invoice_date',
      'i.period_start',
      'i.currency',
      'i.content_hash',
      'i.current_charges_nanos',
      'i.created_at',
      't.by_number',
      't.by_content',
      ...original('n'),
      ...original('c'),
    ])
    .where((eb) => eb.or([eb('t.by_number', '<>', eb.ref('t.id')), eb('t.by_content', '<>', eb.ref('t.id'))]))
    .where(inScope('i.id', scope.invoiceIds, engine))
    .execute();
}

/** The columns that make two charges of one invoice the same charge. */
const SAME = [
  'service_id',
  'kind',
  'product_code',
  'description',
  'amount_nanos',
  'period_start',
  'period_end',
  'quantity',
] as const;

/**
 * Later copies of a payable, non-credit charge within one invoice: same service, kind, product
 * code, description, amount, charge period and quantity (missing values count as equal), each
 * with `first_line`, the copy kept. Grouping first (not a window over every line) keeps this one
 * aggregate pass: SQLite's window functions cost several times a GROUP BY on a million lines.
 */
export function duplicateChargeRows(db: Db, engine: Engine, tenantId: string, scope: ResolvedScope) {
  const groups = db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', 'i.id', 'ch.invoice_id')
    .select([
      'ch.invoice_id',
      ...SAME.map((c) => `ch.${c}` as const),
      sql<number>`min(ch.line_no)`.as('first_line'),
    ])
    .where('ch.tenant_id', '=', tenantId)
    .where('ch.info_only', '=', 0)
    .where('ch.kind', '<>', 'credit_adjustment')
    .where('ch.amount_nanos', '>', 0n)
    .where('i.status', '<>', 'superseded')
    .where(inScope('i.id', scope.invoiceIds, engine))
    .groupBy(['ch.invoice_id', ...SAME.map((c) => `ch.${c}` as const)])
    .having(sql<number>`count(*)`, '>', 1)
    .as('g');
  const same = (c: (typeof SAME)[number]) =>
    sql<boolean>`(${sql.ref(`c.${c}`)} = ${sql.ref(`g.${c}`)} or (${sql.ref(`c.${c}`)} is null and ${sql.ref(`g.${c}`)} is null))`;
  return db
    .selectFrom(groups)
    .innerJoin('charges as c', (j) =>
      j.on('c.tenant_id', '=', tenantId).onRef('c.invoice_id', '=', 'g.invoice_id'),
    )
    .innerJoin('invoices as i', 'i.id', 'g.invoice_id')
    .innerJoin('billing_accounts as a', 'a.id', 'i.billing_account_id')
    .select([
      'g.invoice_id',
      'c.line_no',
      'g.first_line',
      'c.service_id as identifier',
      'c.kind',
      'c.description',
      'c.product_code',
      'c.amount_nanos',
      'c.period_start as charge_period_start',
      'c.period_end as charge_period_end',
      'c.quantity',
      'i.vendor_id',
      'i.billing_account_id',
      'a.account_number',
      'i.invoice_number',
      'i.invoice_date',
      'i.period_start',
      'i.currency',
    ])
    .where('c.info_only', '=', 0)
    .whereRef('c.line_no', '>', 'g.first_line')
    .where((eb) => eb.and(SAME.map(same)))
    .orderBy('g.invoice_id')
    .orderBy('c.line_no')
    .execute();
}
