import { type Insertable, sql, type Updateable } from 'kysely';
import type {
  Db,
  Engine,
  SavedViewTable,
  ServiceTable,
  ServiceTransitionTable,
  ServiceTypeTable,
} from '../../db/schema.ts';

/** Rows per statement when a long id list is split: well under both engines' parameter limits. */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ServiceFilter {
  tenantId: string;
  q?: string;
  type?: string;
  state?: string;
  vendorId?: string;
  billingAccountId?: string;
  ownerId?: string;
  costCenterId?: string;
  locationId?: string;
  rateItemId?: string;
  tag?: string;
  missing?: 'owner' | 'costCenter' | 'location' | 'rateItem';
}

export const SERVICE_SORTS = {
  identifier: 's.identifier',
  serviceType: 's.service_type',
  state: 's.state',
  description: 's.description',
  vendor: 'v.code',
  billingAccount: 'a.account_number',
  owner: 'p.name',
  costCenter: 'cc.code',
  location: 'l.code',
  rateItem: 'ri.name',
  expectedMonthly: 's.expected_monthly_nanos',
  activatedOn: 's.activated_on',
  disconnectedOn: 's.disconnected_on',
  lastReviewedOn: 's.last_reviewed_on',
  createdAt: 's.created_at',
  updatedAt: 's.updated_at',
} as const;
export type ServiceSort = (typeof SERVICE_SORTS)[keyof typeof SERVICE_SORTS];

const MISSING_COLUMN = {
  owner: 's.owner_id',
  costCenter: 's.cost_center_id',
  location: 's.location_id',
  rateItem: 's.rate_item_id',
} as const;

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Conditions on the services table (aliased s) alone, so a page of ids and its count never need a
 * join; `q` finds the owner by name through a subquery on the tenant's people.
 */
function applyFilter<Q>(q0: Q, f: ServiceFilter): Q {
  // biome-ignore lint/suspicious/noExplicitAny: shared by queries with different joins
  let q = q0 as any;
  q = q.where('s.tenant_id', '=', f.tenantId);
  if (f.type) q = q.where('s.service_type', '=', f.type);
  if (f.state) q = q.where('s.state', '=', f.state);
  if (f.vendorId) q = q.where('s.vendor_id', '=', f.vendorId);
  if (f.billingAccountId) q = q.where('s.billing_account_id', '=', f.billingAccountId);
  if (f.ownerId) q = q.where('s.owner_id', '=', f.ownerId);
  if (f.costCenterId) q = q.where('s.cost_center_id', '=', f.costCenterId);
  if (f.locationId) q = q.where('s.location_id', '=', f.locationId);
  if (f.rateItemId) q = q.where('s.rate_item_id', '=', f.rateItemId);
  if (f.missing) q = q.where(MISSING_COLUMN[f.missing], 'is', null);
  // tags_json is a sorted JSON array of quoted tags, so a quoted match is an exact tag match
  if (f.tag) q = q.where('s.tags_json', 'like', likePattern(JSON.stringify(f.tag.toLowerCase())));
  if (f.q) {
    const pattern = likePattern(f.q);
    const digits = f.q.replace(/[\s().-]/g, '');
    // biome-ignore lint/suspicious/noExplicitAny: expression builder of the dynamic query
    q = q.where((eb: any) =>
      eb.or([
        eb(sql`lower(s.identifier)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(s.description)`, 'like', sql`${pattern} escape '\\'`),
        eb(
          's.owner_id',
          'in',
          eb
            .selectFrom('people')
            .select('id')
            .where('tenant_id', '=', f.tenantId)
            .where(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
        ),
        ...(digits !== f.q && /^\+?\d{3,}$/.test(digits)
          ? [eb(sql`s.identifier`, 'like', sql`${likePattern(digits)} escape '\\'`)]
          : []),
      ]),
    );
  }
  return q as Q;
}

function withLabels(db: Db) {
  return db
    .selectFrom('services as s')
    .innerJoin('vendors as v', 'v.id', 's.vendor_id')
    .leftJoin('billing_accounts as a', 'a.id', 's.billing_account_id')
    .leftJoin('people as p', 'p.id', 's.owner_id')
    .leftJoin('cost_centers as cc', 'cc.id', 's.cost_center_id')
    .leftJoin('locations as l', 'l.id', 's.location_id')
    .leftJoin('rate_items as ri', 'ri.id', 's.rate_item_id')
    .leftJoin('contracts as ct', 'ct.id', 'ri.contract_id')
    .selectAll('s')
    .select([
      'v.code as vendor_code',
      'v.name as vendor_name',
      'a.account_number',
      'p.name as owner_name',
      'p.employee_id as owner_employee_id',
      'cc.code as cost_center_code',
      'l.code as location_code',
      'ri.name as rate_item_name',
      'ri.code as rate_item_code',
      'ct.id as contract_id',
      'ct.contract_number',
      'ct.name as contract_name',
    ]);
}

export type LabelledServiceRow = Awaited<
  ReturnType<ReturnType<typeof withLabels>['executeTakeFirstOrThrow']>
>;

/** The label a page is sorted by, joined on its own: filtering never needs a join. */
const SORT_JOINS: Partial<Record<ServiceSort, [table: string, alias: string, column: string]>> = {
  'v.code': ['vendors', 'v', 's.vendor_id'],
  'a.account_number': ['billing_accounts', 'a', 's.billing_account_id'],
  'p.name': ['people', 'p', 's.owner_id'],
  'cc.code': ['cost_centers', 'cc', 's.cost_center_id'],
  'l.code': ['locations', 'l', 's.location_id'],
  'ri.name': ['rate_items', 'ri', 's.rate_item_id'],
};

/**
 * One page of services in two steps: the ids of the page from the services table (with at most the
 * one join its sort needs, walking the tenant's indexes), then the labels of those ids only. At
 * 100,000 services, joining seven label tables before sorting and skipping would cost far more
 * than the page itself.
 */
export async function listServiceRows(
  db: Db,
  engine: Engine,
  f: ServiceFilter,
  sort: ServiceSort,
  dir: 'asc' | 'desc',
  limit: number,
  offset: number,
): Promise<{ rows: LabelledServiceRow[]; total: number }> {
  let page = db.selectFrom('services as s').select('s.id');
  const join = SORT_JOINS[sort];
  if (join) {
    const [table, alias, column] = join;
    // biome-ignore lint/suspicious/noExplicitAny: the join is chosen by the sort at run time
    page = (page as any).leftJoin(`${table} as ${alias}`, `${alias}.id`, column);
  }
  // A text search scans the table whatever the order, so the page counts its matches in the same
  // pass (`count(*) over ()`) instead of a second scan; `+` keeps SQLite from walking the whole sort
  // index to meet the few matches in order (3× slower than sorting what matched).
  const search = f.q !== undefined;
  const order =
    search && engine === 'sqlite' && sort.startsWith('s.') ? sql`+${sql.ref(sort)}` : sql.ref(sort);
  const ids = await applyFilter(page, f)
    .$if(search, (q) => q.select(sql<number>`count(*) over ()`.as('matches')))
    .orderBy(order, dir)
    .orderBy('s.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const windowed = ids[0] as { matches?: number } | undefined;
  const total =
    search && windowed
      ? Number(windowed.matches)
      : Number(
          (
            await applyFilter(db.selectFrom('services as s'), f)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
  const rows = await getLabelledRowsByIds(
    db,
    f.tenantId,
    ids.map((r) => r.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((r) => byId.get(r.id)!), total };
}

export const getServiceRow = (db: Db, tenantId: string, id: string) =>
  withLabels(db).where('s.tenant_id', '=', tenantId).where('s.id', '=', id).executeTakeFirst();

export async function getLabelledRowsByIds(db: Db, tenantId: string, ids: string[]) {
  const out: LabelledServiceRow[] = [];
  for (const part of chunks(ids)) {
    out.push(
      ...(await withLabels(db).where('s.tenant_id', '=', tenantId).where('s.id', 'in', part).execute()),
    );
  }
  return out;
}

export async function getServiceRowsByIds(db: Db, tenantId: string, ids: string[]) {
  const out: ServiceTable[] = [];
  for (const part of chunks(ids)) {
    out.push(
      ...(await db
        .selectFrom('services')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** Services with any of these identifiers, whatever the vendor: the caller matches the vendor. */
export async function findByIdentifiers(db: Db, tenantId: string, identifiers: string[]) {
  const out: LabelledServiceRow[] = [];
  for (const part of chunks([...new Set(identifiers)])) {
    out.push(
      ...(await withLabels(db)
        .where('s.tenant_id', '=', tenantId)
        .where('s.identifier', 'in', part)
        .execute()),
    );
  }
  return out;
}

export const findByNaturalKey = (db: Db, tenantId: string, vendorId: string, identifier: string) =>
  db
    .selectFrom('services')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('vendor_id', '=', vendorId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();

export async function insertServices(db: Db, rows: Insertable<ServiceTable>[]) {
  for (const part of chunks(rows, 200)) await db.insertInto('services').values(part).execute();
}

export const updateServiceRow = (db: Db, tenantId: string, id: string, set: Updateable<ServiceTable>) =>
  db.updateTable('services').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export async function updateServiceRows(
  db: Db,
  tenantId: string,
  ids: string[],
  set: Updateable<ServiceTable>,
) {
  for (const part of chunks(ids))
    await db
      .updateTable('services')
      .set(set)
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', part)
      .execute();
}

export async function deleteServiceRow(db: Db, tenantId: string, id: string) {
  await db
    .deleteFrom('service_transitions')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', id)
    .execute();
  await db.deleteFrom('services').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function insertTransitions(db: Db, rows: Insertable<ServiceTransitionTable>[]) {
  for (const part of chunks(rows)) await db.insertInto('service_transitions').values(part).execute();
}

export const listTransitionRows = (db: Db, tenantId: string, serviceId: string) =>
  db
    .selectFrom('service_transitions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('created_at')
    .orderBy('effective_on')
    .execute();

/** Other spellings the vendor bills the service under (merged in from discovery). */
export const aliasesOf = async (db: Db, tenantId: string, serviceId: string) =>
  (
    await db
      .selectFrom('service_aliases')
      .select('identifier')
      .where('tenant_id', '=', tenantId)
      .where('service_id', '=', serviceId)
      .execute()
  ).map((r) => r.identifier);

export const countDiscoveryLinks = async (db: Db, tenantId: string, serviceId: string) => {
  const [a, d] = await Promise.all([
    db
      .selectFrom('service_aliases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('discovery_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow(),
  ]);
  return Number(a.n) + Number(d.n);
};

/** Charges billed by the service's vendor under any of its identifiers, newest first. */
export const chargeRowsFor = (
  db: Db,
  tenantId: string,
  vendorId: string,
  identifiers: string[],
  limit: number,
) =>
  db
    .selectFrom('charges as c')
    .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
    .select([
      'c.invoice_id',
      'c.line_no',
      'c.kind',
      'c.description',
      'c.amount_nanos',
      'c.info_only',
      'c.period_start',
      'i.invoice_number',
      'i.invoice_date',
      'i.period_start as invoice_period_start',
      'i.currency',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('i.tenant_id', '=', tenantId)
    .where('i.vendor_id', '=', vendorId)
    .where('c.service_id', 'in', identifiers)
    .orderBy('i.invoice_date', 'desc')
    .orderBy('c.invoice_id')
    .orderBy('c.line_no')
    .limit(limit)
    .execute();

export const countChargesFor = async (db: Db, tenantId: string, vendorId: string, identifier: string) =>
  Number(
    (
      await db
        .selectFrom('charges as c')
        .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('c.tenant_id', '=', tenantId)
        .where('i.vendor_id', '=', vendorId)
        .where('c.service_id', '=', identifier)
        .executeTakeFirstOrThrow()
    ).n,
  );

// -- reference look-ups, always inside the tenant --

export const vendorRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('vendors')
    .select(['id', 'code'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const accountRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('billing_accounts')
    .select(['id', 'vendor_id', 'currency', 'account_number'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const rateItemRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('rate_items as ri')
    .innerJoin('contracts as ct', 'ct.id', 'ri.contract_id')
    .select(['ri.id', 'ct.vendor_id'])
    .where('ri.tenant_id', '=', tenantId)
    .where('ri.id', '=', id)
    .executeTakeFirst();

export async function existsIn(
  db: Db,
  table: 'people' | 'cost_centers' | 'locations',
  tenantId: string,
  id: string,
) {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** Everything an import resolves natural keys against, read once per file. */
export async function referenceKeys(db: Db, tenantId: string) {
  const [vendors, accounts, people, costCenters, locations, rateItems] = await Promise.all([
    db.selectFrom('vendors').select(['id', 'code']).where('tenant_id', '=', tenantId).execute(),
    db
      .selectFrom('billing_accounts')
      .select(['id', 'vendor_id', 'account_number', 'currency'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db.selectFrom('people').select(['id', 'employee_id']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('cost_centers').select(['id', 'code']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('locations').select(['id', 'code']).where('tenant_id', '=', tenantId).execute(),
    db
      .selectFrom('rate_items as ri')
      .innerJoin('contracts as ct', 'ct.id', 'ri.contract_id')
      .select(['ri.id', 'ri.name', 'ri.code', 'ct.contract_number', 'ct.vendor_id'])
      .where('ri.tenant_id', '=', tenantId)
      .execute(),
  ]);
  return { vendors, accounts, people, costCenters, locations, rateItems };
}

// -- service types --

export const serviceTypeRows = (db: Db, tenantId: string) =>
  db.selectFrom('service_types').selectAll().where('tenant_id', '=', tenantId).orderBy('code').execute();

export const serviceTypeRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('service_types')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertServiceType = (db: Db, row: Insertable<ServiceTypeTable>) =>
  db.insertInto('service_types').values(row).execute();

export const updateServiceType = (db: Db, tenantId: string, id: string, set: Updateable<ServiceTypeTable>) =>
  db.updateTable('service_types').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const deleteServiceType = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('service_types').where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const countServicesOfType = async (db: Db, tenantId: string, code: string) =>
  Number(
    (
      await db
        .selectFrom('services')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('service_type', '=', code)
        .executeTakeFirstOrThrow()
    ).n,
  );

// -- saved views --

export const savedViewRows = (db: Db, tenantId: string, userId: string, page: string) =>
  db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('page', '=', page)
    .orderBy('name')
    .execute();

export const savedViewByName = (db: Db, tenantId: string, userId: string, page: string, name: string) =>
  db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('page', '=', page)
    .where('name', '=', name)
    .executeTakeFirst();

export const savedViewRow = (db: Db, tenantId: string, id: string) =>
  db
    .selectFrom('saved_views')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertSavedView = (db: Db, row: Insertable<SavedViewTable>) =>
  db.insertInto('saved_views').values(row).execute();

export const updateSavedView = (db: Db, id: string, set: Updateable<SavedViewTable>) =>
  db.updateTable('saved_views').set(set).where('id', '=', id).execute();

export const deleteSavedViewRow = (db: Db, tenantId: string, id: string) =>
  db.deleteFrom('saved_views').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
