import type { Db } from '../../db/schema.ts';

export interface RuleCountRow {
  rule: string;
  domain: string;
  failing: number;
  population: number;
}

export const getDayScores = (db: Db, tenantId: string, day: string) =>
  db
    .selectFrom('dq_scores')
    .select(['domain', 'score_bp'])
    .where('tenant_id', '=', tenantId)
    .where('day', '=', day)
    .orderBy('domain')
    .execute();

/** Replaces one day's numbers: a second snapshot on the same day overwrites the first. */
export async function replaceDay(
  db: Db,
  tenantId: string,
  day: string,
  at: string,
  rules: RuleCountRow[],
  scores: { domain: string; scoreBp: number }[],
) {
  await db.deleteFrom('dq_rule_counts').where('tenant_id', '=', tenantId).where('day', '=', day).execute();
  await db.deleteFrom('dq_scores').where('tenant_id', '=', tenantId).where('day', '=', day).execute();
  await db
    .insertInto('dq_rule_counts')
    .values(rules.map((r) => ({ tenant_id: tenantId, day, created_at: at, ...r })))
    .execute();
  await db
    .insertInto('dq_scores')
    .values(
      scores.map((s) => ({
        tenant_id: tenantId,
        day,
        domain: s.domain,
        score_bp: s.scoreBp,
        created_at: at,
      })),
    )
    .execute();
}

/** Stored scores from `from` to `to` (inclusive), oldest first. */
export const listScores = (db: Db, tenantId: string, from: string, to: string) =>
  db
    .selectFrom('dq_scores')
    .select(['day', 'domain', 'score_bp'])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .orderBy('domain')
    .execute();
