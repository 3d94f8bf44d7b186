import type { Ctx } from '../../shared/context.ts';
import { formatNanos } from '../../shared/money.ts';
import { authorize } from '../access/permissions.ts';
import { type ContractRow, contractAccountRows, servicesBilled, spendByDate } from './contracts.queries.ts';
import { addMonths, todayOf } from './dates.ts';
import { termsOf } from './dto.ts';
import { contractRow } from './lookup.ts';
import { commitmentPeriod, elapsedDays, periodDays, projectSpend } from './terms.ts';

export interface CommitmentSummary {
  kind: 'spend' | 'volume';
  period: string;
  periodStart: string;
  periodEnd: string;
  elapsedDays: number;
  periodDays: number;
  currency: string;
  /** spend commitment; null for a volume commitment */
  committed: string | null;
  spendToDate: string;
  /** spend to date ÷ elapsed days × period days; null before the period starts */
  projected: string | null;
  /** max(0, committed − projected); null for volume commitments and before the period starts */
  shortfall: string | null;
  committedVolume: number | null;
  /** distinct services billed on the linked accounts in the period so far */
  servicesBilled: number;
  volumeShortfall: number | null;
}

export interface CommitmentPoint {
  /** YYYY-MM */
  month: string;
  spend: string;
  /** spend from the period start to the end of this month; null for months still to come */
  cumulative: string | null;
}

/**
 * Progress towards a contract's minimum commitment in the period running today. Spend is every
 * charge on invoices of the linked billing accounts in the contract currency, dated (invoice date,
 * else period start) in the period: taxes and information-only lines are left out, credits are
 * negative and reduce it, superseded invoices do not count.
 */
export async function commitmentOf(
  ctx: Ctx,
  row: ContractRow,
): Promise<{ summary: CommitmentSummary | null; series: CommitmentPoint[] }> {
  if (row.commitment_kind === 'none' || row.commitment_period === null) return { summary: null, series: [] };
  const today = todayOf(ctx.clock);
  const period = commitmentPeriod(termsOf(row), row.commitment_period, today);
  if (!period) return { summary: null, series: [] };
  const accountIds = (await contractAccountRows(ctx.db, ctx.tenantId, [row.id])).map((a) => a.id);
  const until = [today, period.end].sort()[0]!;
  const [byDate, services] = await Promise.all([
    spendByDate(ctx.db, ctx.tenantId, accountIds, row.currency, period.start, until),
    servicesBilled(ctx.db, ctx.tenantId, accountIds, row.currency, period.start, until),
  ]);
  const byMonth = new Map<string, bigint>();
  let spend = 0n;
  for (const r of byDate) {
    const month = (r.invoice_date ?? r.period_start)!.slice(0, 7);
    const amount = BigInt(r.amount_nanos ?? 0n);
    byMonth.set(month, (byMonth.get(month) ?? 0n) + amount);
    spend += amount;
  }
  const elapsed = elapsedDays(period, today);
  const total = periodDays(period);
  const projected = elapsed > 0 ? projectSpend(spend, elapsed, total) : null;
  const committed = row.commitment_kind === 'spend' ? row.commitment_nanos : null;
  const shortfall =
    committed !== null && projected !== null ? (committed > projected ? committed - projected : 0n) : null;
  const committedVolume = row.commitment_kind === 'volume' ? row.commitment_volume : null;

  const series: CommitmentPoint[] = [];
  let running = 0n;
  for (
    let m = `${period.start.slice(0, 7)}-01`;
    m.slice(0, 7) <= period.end.slice(0, 7);
    m = addMonths(m, 1)
  ) {
    const month = m.slice(0, 7);
    const amount = byMonth.get(month) ?? 0n;
    running += amount;
    const started = month <= until.slice(0, 7) && elapsed > 0;
    series.push({ month, spend: formatNanos(amount), cumulative: started ? formatNanos(running) : null });
  }
  return {
    summary: {
      kind: row.commitment_kind as 'spend' | 'volume',
      period: row.commitment_period,
      periodStart: period.start,
      periodEnd: period.end,
      elapsedDays: elapsed,
      periodDays: total,
      currency: row.currency,
      committed: committed === null ? null : formatNanos(committed),
      spendToDate: formatNanos(spend),
      projected: projected === null ? null : formatNanos(projected),
      shortfall: shortfall === null ? null : formatNanos(shortfall),
      committedVolume,
      servicesBilled: services,
      volumeShortfall: committedVolume === null ? null : Math.max(0, committedVolume - services),
    },
    series,
  };
}

export async function contractCommitment(ctx: Ctx, contractId: string) {
  authorize(ctx.actor, 'contract.read');
  return commitmentOf(ctx, await contractRow(ctx, contractId));
}
