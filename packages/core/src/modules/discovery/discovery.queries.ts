import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, Db } from '../../db/schema.ts';

export interface DiscoveryKey {
  vendorId: string;
  identifier: string;
}

/**
 * An identifier a vendor bills is pending when it is neither a service of that vendor, nor an
 * alias of one, nor already decided on. The one definition behind the discovery list and the
 * `discovered_pending` rule.
 */
const pending = (tenantId: string, vendor: string, identifier: string) => sql<boolean>`(
  not exists (select 1 from services s where s.tenant_id = ${tenantId} and s.vendor_id = ${sql.ref(vendor)} and s.identifier = ${sql.ref(identifier)})
  and not exists (select 1 from service_aliases sa where sa.tenant_id = ${tenantId} and sa.vendor_id = ${sql.ref(vendor)} and sa.identifier = ${sql.ref(identifier)})
  and not exists (select 1 from discovery_decisions dd where dd.tenant_id = ${tenantId} and dd.vendor_id = ${sql.ref(vendor)} and dd.identifier = ${sql.ref(identifier)})
)`;

/** Charge lines that name a service, with the invoice (and so the vendor) that billed them. */
const billed = (db: Db, tenantId: string) =>
  db
    .selectFrom('charges as ch')
    .innerJoin('invoices as i', (j) =>
      j.onRef('i.id', '=', 'ch.invoice_id').onRef('i.tenant_id', '=', 'ch.tenant_id'),
    )
    .where('ch.tenant_id', '=', tenantId)
    .where('ch.service_id', 'is not', null)
    // a replaced invoice's lines were billed again on its replacement
    .where('i.status', '<>', 'superseded');

type BilledEb = ExpressionBuilder<
  Database & { ch: Database['charges']; i: Database['invoices'] },
  'ch' | 'i'
>;

const keyFilter = (eb: BilledEb, keys: DiscoveryKey[]) =>
  eb.or(
    keys.map((k) => eb.and([eb('i.vendor_id', '=', k.vendorId), eb('ch.service_id', '=', k.identifier)])),
  );

/** Distinct identifiers billed, and how many of them are pending (for the data-quality score). */
export async function countBilledIdentifiers(db: Db, tenantId: string) {
  const keys = billed(db, tenantId)
    .select(['i.vendor_id as vendor_id', 'ch.service_id as identifier'])
    .distinct()
    .as('k');
  const row = await db
    .selectFrom(keys)
    .select([
      sql<number>`count(*)`.as('population'),
      sql<number>`coalesce(sum(case when ${pending(tenantId, 'k.vendor_id', 'k.identifier')} then 1 else 0 end), 0)`.as(
        'failing',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { population: Number(row.population), failing: Number(row.failing) };
}

export interface DiscoveredFilter {
  tenantId: string;
  vendorId?: string;
  q?: string;
  keys?: DiscoveryKey[];
}

/** Pending identifiers, one row per vendor and identifier, most recently billed first. */
function discovered(db: Db, f: DiscoveredFilter) {
  let q = billed(db, f.tenantId)
    .innerJoin('vendors as v', (j) =>
      j.onRef('v.id', '=', 'i.vendor_id').onRef('v.tenant_id', '=', 'i.tenant_id'),
    )
    .where(pending(f.tenantId, 'i.vendor_id', 'ch.service_id'));
  if (f.vendorId) q = q.where('i.vendor_id', '=', f.vendorId);
  if (f.q) {
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql`lower(ch.service_id)`, 'like', sql`${pattern} escape '\\'`);
  }
  const keys = f.keys;
  if (keys) q = q.where((eb) => keyFilter(eb, keys));
  return q
    .select((eb) => [
      'i.vendor_id',
      'v.code as vendor_code',
      'v.name as vendor_name',
      'v.kind as vendor_kind',
      sql<string>`ch.service_id`.as('identifier'),
      eb.fn.min('i.invoice_date').as('first_seen'),
      eb.fn.max('i.invoice_date').as('last_seen'),
      eb.fn.count<number>('i.id').distinct().as('invoice_count'),
      eb.fn.max('ch.service_type').as('charge_service_type'),
    ])
    .groupBy(['i.vendor_id', 'v.code', 'v.name', 'v.kind', 'ch.service_id']);
}

export async function listDiscoveredRows(db: Db, f: DiscoveredFilter, limit: number, offset: number) {
  const grouped = discovered(db, f);
  const [rows, count] = await Promise.all([
    grouped
      .orderBy(sql`coalesce(max(i.invoice_date), '')`, 'desc')
      .orderBy('v.code')
      .orderBy('ch.service_id')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom(grouped.as('d'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The given identifiers that are still pending (callers pass at most a few hundred at a time). */
export const findDiscoveredRows = (db: Db, tenantId: string, keys: DiscoveryKey[]) =>
  keys.length === 0 ? Promise.resolve([]) : discovered(db, { tenantId, keys }).execute();

/**
 * The most recent `perKey` charge lines of each identifier, newest invoice first; the first line
 * of each also names the billing account that billed it last.
 */
export async function latestLines(db: Db, tenantId: string, keys: DiscoveryKey[], perKey: number) {
  if (keys.length === 0) return [];
  const ranked = billed(db, tenantId)
    .innerJoin('billing_accounts as a', (j) =>
      j.onRef('a.id', '=', 'i.billing_account_id').onRef('a.tenant_id', '=', 'i.tenant_id'),
    )
    .where((eb) => keyFilter(eb, keys))
    .select([
      'i.vendor_id',
      sql<string>`ch.service_id`.as('identifier'),
      'i.id as invoice_id',
      'i.invoice_number',
      'i.invoice_date',
      'i.currency',
      'i.billing_account_id',
      'a.account_number',
      'ch.line_no',
      'ch.kind',
      'ch.description',
      'ch.amount_nanos',
      sql<number>`row_number() over (partition by i.vendor_id, ch.service_id order by coalesce(i.invoice_date, '') desc, i.created_at desc, i.id, ch.line_no)`.as(
        'rn',
      ),
    ])
    .as('r');
  return db
    .selectFrom(ranked)
    .selectAll()
    .where('r.rn', '<=', perKey)
    .orderBy('r.vendor_id')
    .orderBy('r.identifier')
    .orderBy('r.rn')
    .execute();
}

/** Sum billed per identifier and currency on invoices dated from `from` to its last-seen date. */
export async function amountsSince(db: Db, tenantId: string, items: (DiscoveryKey & { from: string })[]) {
  if (items.length === 0) return [];
  return billed(db, tenantId)
    .where((eb) =>
      eb.or(
        items.map((k) =>
          eb.and([
            eb('i.vendor_id', '=', k.vendorId),
            eb('ch.service_id', '=', k.identifier),
            eb('i.invoice_date', '>=', k.from),
          ]),
        ),
      ),
    )
    .select((eb) => [
      'i.vendor_id',
      sql<string>`ch.service_id`.as('identifier'),
      'i.currency',
      eb.fn.sum<bigint>('ch.amount_nanos').as('amount_nanos'),
    ])
    .groupBy(['i.vendor_id', 'ch.service_id', 'i.currency'])
    .execute();
}

export const getDecision = (db: Db, tenantId: string, k: DiscoveryKey) =>
  db
    .selectFrom('discovery_decisions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', k.vendorId)
    .where('identifier', '=', k.identifier)
    .executeTakeFirst();

export const insertDecision = (
  db: Db,
  row: {
    tenant_id: string;
    vendor_id: string;
    identifier: string;
    decision: 'accepted' | 'merged' | 'ignored';
    service_id: string | null;
    note: string | null;
    actor: string;
    created_at: string;
  },
) => db.insertInto('discovery_decisions').values(row).execute();

export const deleteDecision = (db: Db, tenantId: string, k: DiscoveryKey) =>
  db
    .deleteFrom('discovery_decisions')
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', k.vendorId)
    .where('identifier', '=', k.identifier)
    .execute();

export const insertAlias = (
  db: Db,
  row: { tenant_id: string; vendor_id: string; identifier: string; service_id: string; created_at: string },
) => db.insertInto('service_aliases').values(row).execute();

export const deleteAlias = (db: Db, tenantId: string, k: DiscoveryKey) =>
  db
    .deleteFrom('service_aliases')
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', k.vendorId)
    .where('identifier', '=', k.identifier)
    .execute();

/** Services of the tenant among `ids`, with what a merge records about them. */
export const findServices = (db: Db, tenantId: string, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('services')
        .select(['id', 'vendor_id', 'identifier', 'state'])
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .execute();
