import { z } from 'zod';
import type { Store } from '../../db/connect.ts';
import type { Clock } from '../../shared/clock.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize, systemActor } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { discoveredPage } from '../discovery/discovered-list.ts';
import { countBilledIdentifiers } from '../discovery/discovery.queries.ts';
import { listTenants } from '../tenants/tenants.service.ts';
import { addDays, todayOf } from './days.ts';
import { countServiceRules, listFailingServices, type RuleParams } from './rules.queries.ts';
import { DOMAIN_TITLES, DOMAINS, REVIEW_MAX_AGE_DAYS, RULES, ruleById, type ServiceRuleId } from './rules.ts';
import { bpToPercent, scoreCounts } from './scores.ts';
import { getDayScores, listScores, replaceDay } from './snapshots.queries.ts';

const paramsOf = (ctx: Ctx): RuleParams => {
  const today = todayOf(ctx.clock);
  return { tenantId: ctx.tenantId, today, reviewedSince: addDays(today, -REVIEW_MAX_AGE_DAYS) };
};

export type DataQualityReport = Awaited<ReturnType<typeof computeReport>>;

async function computeReport(ctx: Ctx) {
  const params = paramsOf(ctx);
  const [services, discovered] = await Promise.all([
    countServiceRules(ctx.db, params),
    countBilledIdentifiers(ctx.db, ctx.tenantId),
  ]);
  const counts = RULES.map((r) => {
    const c = r.id === 'discovered_pending' ? discovered : services.find((s) => s.id === r.id)!;
    return { ...r, failing: c.failing, population: c.population };
  });
  const scored = scoreCounts(counts);
  return {
    day: params.today,
    overall: bpToPercent(scored.overallBp),
    overallBp: scored.overallBp,
    domains: scored.domains.map((d) => ({
      domain: d.domain,
      title: DOMAIN_TITLES[d.domain],
      score: bpToPercent(d.scoreBp),
      scoreBp: d.scoreBp,
    })),
    rules: scored.rules.map((r) => ({
      id: r.id,
      domain: r.domain,
      title: r.title,
      description: r.description,
      failing: r.failing,
      population: r.population,
      score: bpToPercent(r.scoreBp),
      scoreBp: r.scoreBp,
    })),
  };
}

/** Today's scores, computed on read from the live data (nothing is stored). */
export async function dataQualityReport(ctx: Ctx): Promise<DataQualityReport> {
  authorize(ctx.actor, 'data_quality.read');
  return computeReport(ctx);
}

/**
 * Computes today's scores and stores them as today's snapshot, replacing an earlier snapshot of
 * the same day, so the trend holds one point per day however often this runs.
 */
export async function takeDataQualitySnapshot(ctx: Ctx): Promise<DataQualityReport> {
  authorize(ctx.actor, 'service.write');
  return inTransaction(ctx, async (tx) => {
    const report = await computeReport(tx);
    const previous = await getDayScores(tx.db, tx.tenantId, report.day);
    const scores = [{ domain: 'overall', scoreBp: report.overallBp }, ...report.domains];
    await replaceDay(
      tx.db,
      tx.tenantId,
      report.day,
      isoNow(tx.clock),
      report.rules.map((r) => ({
        rule: r.id,
        domain: r.domain,
        failing: r.failing,
        population: r.population,
      })),
      scores.map((s) => ({ domain: s.domain, scoreBp: s.scoreBp })),
    );
    const asMap = (rows: { domain: string; scoreBp: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.domain, r.scoreBp]));
    await recordChange(tx, {
      entity: 'data_quality',
      entityId: report.day,
      action: 'snapshot',
      before:
        previous.length > 0
          ? asMap(previous.map((p) => ({ domain: p.domain, scoreBp: p.score_bp })))
          : undefined,
      after: {
        ...asMap(scores),
        rules: Object.fromEntries(report.rules.map((r) => [r.id, [r.failing, r.population]])),
      },
    });
    return report;
  });
}

export interface TrendPoint {
  day: string;
  /** overall and per-domain scores in percent (two decimals) */
  overall: number | null;
  ownership: number | null;
  assignment: number | null;
  contracts: number | null;
  currency_of_data: number | null;
  identity: number | null;
}

const TrendInput = z.object({ days: z.number().int().min(1).max(3660).default(90) });

/** Stored daily scores of the last `days` days (today included), oldest first; days without a snapshot are absent. */
export async function dataQualityTrend(ctx: Ctx, input: { days?: number } = {}) {
  authorize(ctx.actor, 'data_quality.read');
  const { days } = parseInput(TrendInput, input);
  const today = todayOf(ctx.clock);
  const from = addDays(today, -(days - 1));
  const rows = await listScores(ctx.db, ctx.tenantId, from, today);
  const points = new Map<string, TrendPoint>();
  for (const r of rows) {
    let p = points.get(r.day);
    if (!p) {
      p = { day: r.day, overall: null, ...Object.fromEntries(DOMAINS.map((d) => [d, null])) } as TrendPoint;
      points.set(r.day, p);
    }
    if (r.domain === 'overall' || (DOMAINS as readonly string[]).includes(r.domain))
      p[r.domain as keyof Omit<TrendPoint, 'day'>] = bpToPercent(r.score_bp);
  }
  return { from, to: today, points: [...points.values()] };
}

const PageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});

/** The records failing one rule: services for the service rules, billed identifiers for `discovered_pending`. */
export async function listRuleItems(
  ctx: Ctx,
  ruleId: string,
  input: { page?: number; pageSize?: number } = {},
) {
  authorize(ctx.actor, 'data_quality.read');
  const rule = ruleById(ruleId);
  if (!rule) throw notFound('Data-quality rule', ruleId);
  const { page, pageSize } = parseInput(PageInput, input);
  if (rule.id === 'discovered_pending') {
    const found = await discoveredPage(ctx, { page, pageSize });
    return { rule: rule.id, kind: 'discovered' as const, ...found };
  }
  const { rows, total } = await listFailingServices(
    ctx.db,
    rule.id as ServiceRuleId,
    paramsOf(ctx),
    pageSize,
    (page - 1) * pageSize,
  );
  const items = rows.map((r) => ({
    id: r.id,
    identifier: r.identifier,
    serviceType: r.service_type,
    state: r.state,
    vendorId: r.vendor_id,
    vendorCode: r.vendor_code,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    leaverDate: r.leaver_date,
    costCenterId: r.cost_center_id,
    costCenterCode: r.cost_center_code,
    locationId: r.location_id,
    locationCode: r.location_code,
    locationStatus: r.location_status,
    locationClosedOn: r.location_closed_on,
    lastReviewedOn: r.last_reviewed_on,
    rateItemId: r.rate_item_id,
    rateItemName: r.rate_item_name,
    contractId: r.contract_id,
    contractNumber: r.contract_number,
    contractTermEnd: r.contract_term_end,
  }));
  return { rule: rule.id, kind: 'services' as const, items, total, page, pageSize };
}

/** Takes today's snapshot in every tenant, as the system; one tenant's failure does not stop the rest. */
export async function snapshotEveryTenant(
  store: Pick<Store, 'db' | 'engine'>,
  clock: Clock,
  label = 'dq-scheduler',
) {
  const results: { tenant: string; overall: number | null; error: string | null }[] = [];
  for (const t of await listTenants(store)) {
    const ctx: Ctx = { db: store.db, engine: store.engine, tenantId: t.id, actor: systemActor(label), clock };
    try {
      results.push({ tenant: t.slug, overall: (await takeDataQualitySnapshot(ctx)).overall, error: null });
    } catch (err) {
      results.push({
        tenant: t.slug,
        overall: null,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return results;
}
