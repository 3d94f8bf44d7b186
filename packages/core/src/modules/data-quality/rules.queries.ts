import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/schema.ts';
import type { ServiceRuleId } from './rules.ts';

/**
 * The SQL of each service rule, as two predicates over `serviceBase` (aliases s, p, l, ri, c):
 * which services the rule looks at, and which of those fail. Text dates compare
 * lexicographically, so the same predicates hold on SQLite and PostgreSQL.
 */
export interface RuleSql {
  population: RawBuilder<unknown>;
  failing: RawBuilder<unknown>;
}

export interface RuleParams {
  tenantId: string;
  /** YYYY-MM-DD from the context's clock */
  today: string;
  /** the oldest last-reviewed date that still counts as reviewed */
  reviewedSince: string;
}

// Suspended services are still billed (often at a reduced rate), so they need the same care.
const ACTIVE = sql`s.state in ('active', 'suspended')`;
const NOT_DISCONNECTED = sql`s.state <> 'disconnected'`;

/** no_owner: active service with no owner. */
export const noOwner = (): RuleSql => ({ population: ACTIVE, failing: sql`s.owner_id is null` });

/** owner_left: the owner of a service not yet disconnected has a leaver date of today or earlier. */
export const ownerLeft = (p: RuleParams): RuleSql => ({
  population: sql`${NOT_DISCONNECTED} and s.owner_id is not null`,
  failing: sql`p.leaver_date is not null and p.leaver_date <= ${p.today}`,
});

/** no_cost_center: active service with no cost center. */
export const noCostCenter = (): RuleSql => ({ population: ACTIVE, failing: sql`s.cost_center_id is null` });

/** no_location: active service with no location. */
export const noLocation = (): RuleSql => ({ population: ACTIVE, failing: sql`s.location_id is null` });

/** location_closed: a service not yet disconnected sits at a location closed today or earlier. */
export const locationClosed = (p: RuleParams): RuleSql => ({
  population: sql`${NOT_DISCONNECTED} and s.location_id is not null`,
  failing: sql`l.status = 'closed' and (l.closed_on is null or l.closed_on <= ${p.today})`,
});

/** no_contract_item: active service with no rate item. */
export const noContractItem = (): RuleSql => ({ population: ACTIVE, failing: sql`s.rate_item_id is null` });

/**
 * contract_expired: an active service's rate item belongs to a terminated contract, or to one
 * whose term ended before today and does not renew (auto-renew off, or no renewal length: the
 * same test as the contracts module's effective status).
 */
export const contractExpired = (p: RuleParams): RuleSql => ({
  population: sql`${ACTIVE} and s.rate_item_id is not null`,
  failing: sql`(c.status = 'terminated' or (c.term_end is not null and c.term_end < ${p.today} and not (c.auto_renew = 1 and coalesce(c.renewal_months, 0) > 0)))`,
});

/** not_reviewed: active service never reviewed, or last reviewed before `reviewedSince`. */
export const notReviewed = (p: RuleParams): RuleSql => ({
  population: ACTIVE,
  failing: sql`(s.last_reviewed_on is null or s.last_reviewed_on < ${p.reviewedSince})`,
});

/** duplicate_identifier: the identifier is on another service that is not disconnected (any vendor). */
export const duplicateIdentifier = (p: RuleParams): RuleSql => ({
  population: NOT_DISCONNECTED,
  failing: sql`s.identifier in (select d.identifier from services d where d.tenant_id = ${p.tenantId} and d.state <> 'disconnected' group by d.identifier having count(*) > 1)`,
});

export const SERVICE_RULES: Record<ServiceRuleId, (p: RuleParams) => RuleSql> = {
  no_owner: noOwner,
  owner_left: ownerLeft,
  no_cost_center: noCostCenter,
  no_location: noLocation,
  location_closed: locationClosed,
  no_contract_item: noContractItem,
  contract_expired: contractExpired,
  not_reviewed: notReviewed,
  duplicate_identifier: duplicateIdentifier,
};

/** A tenant's services with what the rules look at: owner, location, rate item and its contract. */
function serviceBase(db: Db, tenantId: string) {
  return db
    .selectFrom('services as s')
    .innerJoin('vendors as v', (j) =>
      j.onRef('v.id', '=', 's.vendor_id').onRef('v.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('people as p', (j) =>
      j.onRef('p.id', '=', 's.owner_id').onRef('p.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('cost_centers as cc', (j) =>
      j.onRef('cc.id', '=', 's.cost_center_id').onRef('cc.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('locations as l', (j) =>
      j.onRef('l.id', '=', 's.location_id').onRef('l.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('rate_items as ri', (j) =>
      j.onRef('ri.id', '=', 's.rate_item_id').onRef('ri.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('contracts as c', (j) =>
      j.onRef('c.id', '=', 'ri.contract_id').onRef('c.tenant_id', '=', 's.tenant_id'),
    )
    .where('s.tenant_id', '=', tenantId);
}

/** Population and failing count of every service rule, in one pass over the services. */
export async function countServiceRules(db: Db, p: RuleParams) {
  const entries = Object.entries(SERVICE_RULES) as [ServiceRuleId, (p: RuleParams) => RuleSql][];
  const row = await serviceBase(db, p.tenantId)
    .select(
      entries.flatMap(([id, rule]) => {
        const r = rule(p);
        return [
          sql<number>`coalesce(sum(case when (${r.population}) then 1 else 0 end), 0)`.as(
            `${id}__population`,
          ),
          sql<number>`coalesce(sum(case when (${r.population}) and (${r.failing}) then 1 else 0 end), 0)`.as(
            `${id}__failing`,
          ),
        ];
      }),
    )
    .executeTakeFirstOrThrow();
  const counts = row as Record<string, unknown>;
  return entries.map(([id]) => ({
    id,
    population: Number(counts[`${id}__population`]),
    failing: Number(counts[`${id}__failing`]),
  }));
}

/** One page of the services failing a rule, with what an analyst needs to fix them. */
export async function listFailingServices(
  db: Db,
  id: ServiceRuleId,
  p: RuleParams,
  limit: number,
  offset: number,
) {
  const r = SERVICE_RULES[id](p);
  const q = serviceBase(db, p.tenantId).where(sql<boolean>`(${r.population}) and (${r.failing})`);
  const [rows, count] = await Promise.all([
    q
      .select([
        's.id',
        's.identifier',
        's.service_type',
        's.state',
        's.vendor_id',
        'v.code as vendor_code',
        's.owner_id',
        'p.name as owner_name',
        'p.leaver_date',
        's.cost_center_id',
        'cc.code as cost_center_code',
        's.location_id',
        'l.code as location_code',
        'l.status as location_status',
        'l.closed_on as location_closed_on',
        's.last_reviewed_on',
        's.rate_item_id',
        'ri.name as rate_item_name',
        'c.id as contract_id',
        'c.contract_number',
        'c.term_end as contract_term_end',
      ])
      .orderBy('s.identifier')
      .orderBy('s.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
