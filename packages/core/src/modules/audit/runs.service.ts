import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { accountsByRef, invoicesByRef, vendorsByRef } from './refs.queries.ts';
import { runAudit } from './run.service.ts';
import { getRunRow, listRunRows } from './runs.queries.ts';
import type { AuditScope } from './scope.ts';

type RunRow = NonNullable<Awaited<ReturnType<typeof getRunRow>>>;

const runDto = (r: RunRow, actor: string) => ({
  id: r.id,
  trigger: r.trigger,
  scope: JSON.parse(r.scope_json) as Record<string, unknown>,
  rulesVersion: r.rules_version,
  status: r.status,
  error: r.error,
  invoicesChecked: r.invoices_checked,
  chargesChecked: r.charges_checked,
  opened: r.opened,
  reopened: r.reopened,
  stillOpen: r.still_open,
  autoClosed: r.auto_closed,
  rules: JSON.parse(r.rule_counts_json) as Record<
    string,
    {
      candidates: number;
      opened: number;
      reopened: number;
      stillOpen: number;
      autoClosed: number;
      ms: number;
    }
  >,
  durationMs: r.duration_ms,
  actor,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
export type AuditRunDto = ReturnType<typeof runDto>;

async function withNames(ctx: Ctx, rows: RunRow[]) {
  const names = await actorNamesOf(
    ctx,
    rows.map((r) => r.actor),
  );
  return rows.map((r) => runDto(r, names.get(r.actor) ?? r.actor));
}

/** Audit runs, newest first. */
export async function listAuditRuns(ctx: Ctx, p: { page?: number; pageSize?: number } = {}) {
  authorize(ctx.actor, 'audit.read');
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), 500);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total } = await listRunRows(ctx.db, ctx.tenantId, pageSize, (page - 1) * pageSize);
  return { items: await withNames(ctx, rows), total, page, pageSize };
}

export async function getAuditRun(ctx: Ctx, id: string): Promise<AuditRunDto> {
  authorize(ctx.actor, 'audit.read');
  const row = await getRunRow(ctx.db, ctx.tenantId, id);
  if (!row) throw notFound('Audit run', id);
  return (await withNames(ctx, [row]))[0]!;
}

export interface AuditRunInput {
  invoiceId?: string;
  accountId?: string;
  vendorId?: string;
  /** YYYY-MM */
  period?: string;
  rules?: string[];
}

/** Runs the audit now over the scope asked for (the whole tenant when none) and returns the recorded run. */
export async function startAuditRun(ctx: Ctx, input: AuditRunInput = {}): Promise<AuditRunDto> {
  authorize(ctx.actor, 'audit.run');
  const scope: AuditScope = {};
  if (input.invoiceId) scope.invoiceId = input.invoiceId;
  if (input.accountId) scope.accountId = input.accountId;
  if (input.vendorId) scope.vendorId = input.vendorId;
  if (input.period) scope.period = input.period;
  const result = await runAudit(ctx, scope, { rules: input.rules });
  const row = await getRunRow(ctx.db, ctx.tenantId, result.id);
  if (!row) throw notFound('Audit run', result.id);
  return (await withNames(ctx, [row]))[0]!;
}

function one<T extends { id: string }>(what: string, ref: string, rows: T[]): string {
  if (rows.length === 0) throw notFound(what, ref);
  const exact = rows.find((r) => r.id === ref);
  if (exact) return exact.id;
  if (rows.length > 1) throw invalid(`${rows.length} ${what.toLowerCase()}s match ${ref}: give the id`);
  return rows[0]!.id;
}

/**
 * Ids for what a person names on the command line: an invoice by number, an account by number, a
 * vendor by code (or any of them by id). A re-issued invoice number means its current version.
 */
export async function resolveAuditTargets(
  ctx: Ctx,
  refs: { invoice?: string; account?: string; vendor?: string },
) {
  authorize(ctx.actor, 'audit.read');
  const out: { invoiceId?: string; accountId?: string; vendorId?: string } = {};
  if (refs.invoice) {
    const rows = await invoicesByRef(ctx.db, ctx.tenantId, refs.invoice);
    const current = rows.filter((r) => r.status !== 'superseded');
    out.invoiceId = one('Invoice', refs.invoice, current.length > 0 ? current : rows);
  }
  if (refs.account)
    out.accountId = one(
      'Billing account',
      refs.account,
      await accountsByRef(ctx.db, ctx.tenantId, refs.account),
    );
  if (refs.vendor)
    out.vendorId = one('Vendor', refs.vendor, await vendorsByRef(ctx.db, ctx.tenantId, refs.vendor));
  return out;
}
