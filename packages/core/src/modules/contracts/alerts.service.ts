import type { Ctx } from '../../shared/context.ts';
import { authorize } from '../access/permissions.ts';
import { listContractRows } from './contracts.queries.ts';
import { todayOf } from './dates.ts';
import { termsOf } from './dto.ts';
import { ALERT_THRESHOLDS, type AlertThreshold, termAlerts } from './terms.ts';

export interface ContractAlert {
  contractId: string;
  contractNumber: string;
  vendor: string;
  kind: 'expiry' | 'notice';
  date: string;
  daysLeft: number;
  threshold: AlertThreshold;
}

/**
 * Renewal alerts due today (ctx.clock) across the tenant's active contracts, soonest first. See
 * `termAlerts` for the rules; `withinDays` keeps only those at most that many days away.
 */
export async function contractAlerts(ctx: Ctx, opts: { withinDays?: number } = {}): Promise<ContractAlert[]> {
  authorize(ctx.actor, 'contract.read');
  const within = opts.withinDays ?? ALERT_THRESHOLDS[0];
  const today = todayOf(ctx.clock);
  const rows = await listContractRows(ctx.db, ctx.tenantId, {});
  const alerts = rows.flatMap((r) =>
    termAlerts(termsOf(r), today).map((a) => ({
      contractId: r.id,
      contractNumber: r.contract_number,
      vendor: r.vendor_name,
      ...a,
    })),
  );
  return alerts
    .filter((a) => a.daysLeft <= within)
    .sort(
      (a, b) =>
        a.daysLeft - b.daysLeft ||
        a.contractNumber.localeCompare(b.contractNumber) ||
        a.kind.localeCompare(b.kind) ||
        a.contractId.localeCompare(b.contractId),
    );
}
