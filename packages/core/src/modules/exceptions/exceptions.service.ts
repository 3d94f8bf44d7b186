import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { formatNanos } from '../../shared/money.ts';
import { authorize, can } from '../access/permissions.ts';
import { ACTIVE_STATES, AUTO_CLOSED, FINDING_STATES, RESOLVED_STATES } from '../audit/reconcile.ts';
import { SEVERITIES } from '../audit/rule.ts';
import { getRunRow } from '../audit/runs.queries.ts';
import { actorNamesOf } from '../audit-log/actor-names.ts';
import { listTenantEvents } from '../audit-log/audit-log.queries.ts';
import { todayOf } from '../data-quality/days.ts';
import { attachmentDto, exceptionItem, isActive } from './dto.ts';
import {
  attachmentRows,
  commentRows,
  type ExceptionRow,
  type ExceptionSort,
  exceptionRow,
  listExceptionRows,
  monthlyBilled,
} from './exceptions.queries.ts';
import { allowedTransitions } from './transitions.ts';

export interface ExceptionListParams {
  /** `active` (default), `closed`, `all`, or a comma list of states */
  state?: string;
  rule?: string;
  /** one severity or a comma list */
  severity?: string;
  vendorId?: string;
  accountId?: string;
  invoiceId?: string;
  queue?: string;
  /** `me`, `unassigned`, or a user id */
  owner?: string;
  overdue?: boolean;
  q?: string;
  /** only the findings an audit run last touched */
  runId?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export const MAX_EXCEPTION_PAGE = 500;
const SORTS: readonly ExceptionSort[] = ['variance', 'age', 'due', 'severity', 'opened'];
const CLOSED_STATES: readonly string[] = [...RESOLVED_STATES, AUTO_CLOSED];

const field = (path: string, message: string) =>
  invalid(`${path}: ${message}`, { fields: [{ path, message }] });

function statesOf(text: string | undefined): readonly string[] | null {
  const parts = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return ACTIVE_STATES;
  if (parts.includes('all')) return null;
  const out = new Set<string>();
  for (const p of parts) {
    if (p === 'active') for (const s of ACTIVE_STATES) out.add(s);
    else if (p === 'closed') for (const s of CLOSED_STATES) out.add(s);
    else if ((FINDING_STATES as readonly string[]).includes(p)) out.add(p);
    else
      throw field('state', `${p} is not a state (use active, closed, all or ${FINDING_STATES.join(', ')})`);
  }
  return [...out];
}

function severitiesOf(text: string | undefined): readonly string[] | undefined {
  if (!text?.trim()) return undefined;
  const parts = text.split(',').map((s) => s.trim());
  for (const p of parts)
    if (!(SEVERITIES as readonly string[]).includes(p))
      throw field('severity', `${p} is not a severity (${SEVERITIES.join(', ')})`);
  return parts;
}

/** The exception queue: filtered, sorted (largest variance first by default) and paged. */
export async function listExceptions(ctx: Ctx, p: ExceptionListParams = {}) {
  authorize(ctx.actor, 'exception.read');
  const sort = (p.sort ?? 'variance') as ExceptionSort;
  if (!SORTS.includes(sort)) throw field('sort', `one of ${SORTS.join(', ')}`);
  const today = todayOf(ctx.clock);
  let states = statesOf(p.state);
  if (p.overdue) states = (states ?? FINDING_STATES).filter(isActive);
  const owner =
    p.owner === undefined || p.owner === ''
      ? undefined
      : p.owner === 'unassigned'
        ? null
        : p.owner === 'me'
          ? // Someone who is not a user (the CLI, the scheduler) owns nothing.
            (ctx.actor.userId ?? '')
          : p.owner;
  const pageSize = Math.min(Math.max(p.pageSize ?? 50, 1), MAX_EXCEPTION_PAGE);
  const page = Math.max(p.page ?? 1, 1);
  const { rows, total, totalVarianceNanos } = await listExceptionRows(
    ctx.db,
    ctx.engine,
    {
      tenantId: ctx.tenantId,
      states,
      rule: p.rule || undefined,
      severities: severitiesOf(p.severity),
      vendorId: p.vendorId || undefined,
      accountId: p.accountId || undefined,
      invoiceId: p.invoiceId || undefined,
      queue: p.queue || undefined,
      owner,
      dueBefore: p.overdue ? today : undefined,
      q: p.q?.trim() || undefined,
      runId: p.runId || undefined,
    },
    { sort, dir: p.dir === 'asc' ? 'asc' : 'desc', today },
    pageSize,
    (page - 1) * pageSize,
  );
  return {
    items: rows.map((r) => exceptionItem(r, today)),
    total,
    page,
    pageSize,
    totalVariance: formatNanos(totalVarianceNanos),
  };
}

const parse = (json: string | null) => (json === null ? null : (JSON.parse(json) as unknown));

/** The 12 months up to and including `today`'s, oldest first. */
function lastTwelveMonths(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return Array.from({ length: 12 }, (_, i) => {
    const k = y * 12 + (m - 1) - (11 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** What was billed per month for the finding's service at its vendor, else for its account. */
async function chartOf(ctx: Ctx, r: ExceptionRow, today: string) {
  const months = lastTwelveMonths(today);
  const subject =
    r.service_identifier !== null && r.vendor_id !== null
      ? { vendorId: r.vendor_id, identifier: r.service_identifier, currency: r.currency }
      : r.billing_account_id !== null
        ? { accountId: r.billing_account_id, currency: r.currency }
        : null;
  if (!subject) return [];
  const rows = await monthlyBilled(ctx.db, ctx.tenantId, subject, months[0]!, months[11]!);
  const byMonth = new Map(rows.map((x) => [x.month, BigInt(x.billed_nanos ?? 0n)]));
  return months.map((period) => ({ period, billed: formatNanos(byMonth.get(period) ?? 0n) }));
}

/** The trail of one finding: how it was opened, then every recorded change, oldest first. */
async function historyOf(ctx: Ctx, r: ExceptionRow) {
  const [{ rows }, run] = await Promise.all([
    listTenantEvents(ctx.db, {
      tenantId: ctx.tenantId,
      entity: 'finding',
      entityId: r.id,
      limit: 1000,
      offset: 0,
    }),
    getRunRow(ctx.db, ctx.tenantId, r.first_run_id),
  ]);
  const opened = {
    at: r.opened_at,
    actor: run?.actor ?? 'system:audit',
    action: 'open',
    before: null,
    after: { state: 'open', run: r.first_run_id },
  };
  const events = [...rows].reverse().map((e) => ({
    at: e.at,
    actor: e.actor,
    action: e.action,
    before: parse(e.before_json),
    after: parse(e.after_json),
  }));
  return [opened, ...events];
}

/** One exception with its evidence, discussion, files, history, billing chart and next states. */
export async function getException(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'exception.read');
  const r = await exceptionRow(ctx.db, ctx.tenantId, id);
  if (!r) throw notFound('Exception', id);
  const today = todayOf(ctx.clock);
  const [comments, attachments, history, chart] = await Promise.all([
    commentRows(ctx.db, ctx.tenantId, id),
    attachmentRows(ctx.db, ctx.tenantId, id),
    historyOf(ctx, r),
    chartOf(ctx, r, today),
  ]);
  const names = await actorNamesOf(ctx, [
    ...comments.map((c) => c.author),
    ...attachments.map((a) => a.uploaded_by),
    ...history.map((h) => h.actor),
  ]);
  const name = (label: string) => names.get(label) ?? label;
  const mayWork = ctx.actor.kind === 'system' || can(ctx.actor.role, 'exception.work');
  return {
    ...exceptionItem(r, today),
    evidence: (parse(r.evidence_json) ?? {}) as Record<string, unknown>,
    resolutionReason: r.resolution_reason,
    costCenterId: r.cost_center_id,
    contractId: r.contract_id,
    firstRunId: r.first_run_id,
    lastRunId: r.last_run_id,
    comments: comments.map((c) => ({
      id: c.id,
      author: name(c.author),
      body: c.body,
      createdAt: c.created_at,
    })),
    attachments: attachments.map((a) => ({ ...attachmentDto(a), uploadedBy: name(a.uploaded_by) })),
    history: history.map((h) => ({ ...h, actor: name(h.actor) })),
    chart,
    allowedTransitions: mayWork ? [...allowedTransitions(r.state)] : [],
  };
}
export type ExceptionDetail = Awaited<ReturnType<typeof getException>>;
