import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import type { FindingTable } from '../../db/schema.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { todayOf } from '../data-quality/days.ts';
import { routingRules, slaPolicies } from '../exceptions/routing.queries.ts';
import { assignment } from '../exceptions/routing.ts';
import {
  auditableInvoices,
  chargesInScope,
  findingsInScope,
  insertFindings,
  setInvoiceStatus,
  updateFinding,
} from './findings.queries.ts';
import { AUTO_CLOSED, covers, type ExistingFinding, type Op, reconcile } from './reconcile.ts';
import type { AuditRule, Candidate, ResolvedScope } from './rule.ts';
import { RULES, RULES_VERSION } from './rules/index.ts';
import { insertRun } from './runs.queries.ts';
import { type AuditScope, isWholeTenant, resolveScope } from './scope.ts';
import { settingRows } from './settings.queries.ts';
import { loadSettings, type SettingsLookup } from './settings.ts';

export type AuditTrigger = 'manual' | 'import' | 'schedule';

export interface RuleTally {
  candidates: number;
  opened: number;
  reopened: number;
  stillOpen: number;
  autoClosed: number;
  ms: number;
}

export interface AuditRunResult {
  id: string;
  trigger: AuditTrigger;
  scope: AuditScope;
  rulesVersion: string;
  invoicesChecked: number;
  chargesChecked: number;
  opened: number;
  reopened: number;
  stillOpen: number;
  autoClosed: number;
  rules: Record<string, RuleTally>;
  durationMs: number;
  startedAt: string;
}

/** Runs every enabled rule over a scope (the whole tenant by default) and records the run. */
export async function runAudit(
  ctx: Ctx,
  scope: AuditScope = {},
  opts: { rules?: string[] } = {},
): Promise<AuditRunResult> {
  authorize(ctx.actor, 'audit.run');
  return auditScope(ctx, scope, { ...opts, trigger: 'manual' });
}

/**
 * The engine behind `runAudit`; imports call it directly, because auditing what was just
 * imported is part of importing (the importer needs no audit permission of their own).
 */
export async function auditScope(
  ctx: Ctx,
  scope: AuditScope,
  opts: { rules?: string[]; trigger: AuditTrigger },
): Promise<AuditRunResult> {
  const started = performance.now();
  const startedAt = isoNow(ctx.clock);
  const today = todayOf(ctx.clock);
  const rules = selectRules(opts.rules);
  const resolved = await resolveScope(ctx, scope);
  const settings = await loadSettings(ctx.db, ctx.tenantId);
  const enabledSomewhere = await rulesEnabledSomewhere(ctx, rules, settings);
  const runId = newId();
  const tallies: Record<string, RuleTally> = {};
  const produced = new Map<string, Candidate[]>();
  for (const rule of rules) {
    const t0 = performance.now();
    let candidates: Candidate[] = [];
    if (enabledSomewhere.has(rule.code)) {
      const all = await rule.evaluate({
        db: ctx.db,
        engine: ctx.engine,
        tenantId: ctx.tenantId,
        today,
        scope: resolved,
        settings: (vendorId) => settings(rule, vendorId),
      });
      candidates = all.filter((c) => settings(rule, c.vendorId).enabled);
    }
    produced.set(rule.code, candidates);
    tallies[rule.code] = {
      candidates: candidates.length,
      opened: 0,
      reopened: 0,
      stillOpen: 0,
      autoClosed: 0,
      ms: Math.round(performance.now() - t0),
    };
  }
  const checked = await chargesInScope(ctx.db, ctx.engine, ctx.tenantId, resolved);

  return inTransaction(ctx, async (tx) => {
    const existing = await findingsInScope(
      tx.db,
      tx.engine,
      tx.tenantId,
      rules.map((r) => r.code),
      resolved,
    );
    const [routes, sla] = await Promise.all([
      routingRules(tx.db, tx.tenantId),
      slaPolicies(tx.db, tx.tenantId),
    ]);
    const now = isoNow(tx.clock);
    for (const rule of rules) {
      const mine: ExistingFinding[] = existing
        .filter((f) => f.rule === rule.code)
        .map((f) => ({
          id: f.id,
          subjectKey: f.subject_key,
          state: f.state,
          factsHash: f.facts_hash,
          invoiceId: f.invoice_id,
          accountId: f.billing_account_id,
          vendorId: f.vendor_id,
        }));
      const ops = reconcile(produced.get(rule.code) ?? [], mine, (f) => covers(resolved, rule.subject, f));
      await apply(tx, rule, ops, {
        runId,
        now,
        today,
        settings,
        routes,
        sla,
        tally: tallies[rule.code] as RuleTally,
      });
    }
    await settleInvoices(tx, resolved, runId);

    const totals = Object.values(tallies).reduce(
      (a, t) => ({
        opened: a.opened + t.opened,
        reopened: a.reopened + t.reopened,
        stillOpen: a.stillOpen + t.stillOpen,
        autoClosed: a.autoClosed + t.autoClosed,
      }),
      { opened: 0, reopened: 0, stillOpen: 0, autoClosed: 0 },
    );
    const result: AuditRunResult = {
      id: runId,
      trigger: opts.trigger,
      scope,
      rulesVersion: RULES_VERSION,
      invoicesChecked: checked.invoices,
      chargesChecked: checked.charges,
      ...totals,
      rules: tallies,
      durationMs: Math.round(performance.now() - started),
      startedAt,
    };
    await insertRun(tx.db, {
      id: runId,
      tenant_id: tx.tenantId,
      trigger: opts.trigger,
      scope_json: JSON.stringify(scope.invoiceIds ? { invoices: scope.invoiceIds.length } : scope),
      rules_version: RULES_VERSION,
      status: 'completed',
      error: null,
      invoices_checked: result.invoicesChecked,
      charges_checked: result.chargesChecked,
      opened: totals.opened,
      reopened: totals.reopened,
      still_open: totals.stillOpen,
      auto_closed: totals.autoClosed,
      rule_counts_json: JSON.stringify(tallies),
      duration_ms: result.durationMs,
      actor: actorLabel(tx.actor),
      started_at: startedAt,
      finished_at: isoNow(tx.clock),
    });
    // One event for the run; the findings it touched name it in first_run_id / last_run_id.
    await recordChange(tx, {
      entity: 'audit_run',
      entityId: runId,
      action: 'run',
      after: {
        trigger: opts.trigger,
        scope: isWholeTenant(scope) ? 'tenant' : scope,
        rulesVersion: RULES_VERSION,
        ...totals,
      },
    });
    return result;
  });
}

/**
 * The in-cycle audit of a file just imported. The import has committed; a rule that fails must not
 * make it look failed, so the failure is recorded as a failed run for someone to look at.
 */
export async function auditImported(ctx: Ctx, invoiceIds: string[]): Promise<AuditRunResult | null> {
  try {
    return await auditScope(ctx, { invoiceIds }, { trigger: 'import' });
  } catch (err) {
    const now = isoNow(ctx.clock);
    await insertRun(ctx.db, {
      id: newId(),
      tenant_id: ctx.tenantId,
      trigger: 'import',
      scope_json: JSON.stringify({ invoices: invoiceIds.length }),
      rules_version: RULES_VERSION,
      status: 'failed',
      error: err instanceof Error ? err.message : String(err),
      invoices_checked: 0,
      charges_checked: 0,
      opened: 0,
      reopened: 0,
      still_open: 0,
      auto_closed: 0,
      rule_counts_json: '{}',
      duration_ms: 0,
      actor: actorLabel(ctx.actor),
      started_at: now,
      finished_at: now,
    });
    return null;
  }
}

function selectRules(codes: string[] | undefined): AuditRule[] {
  if (!codes || codes.length === 0) return RULES;
  const unknown = codes.filter((c) => !RULES.some((r) => r.code === c));
  if (unknown.length > 0) throw invalid(`Unknown audit rule: ${unknown.join(', ')}`);
  return RULES.filter((r) => codes.includes(r.code));
}

/** Rules on for the tenant, or switched on for at least one vendor. */
async function rulesEnabledSomewhere(ctx: Ctx, rules: AuditRule[], settings: SettingsLookup) {
  const vendorOn = new Set(
    (await settingRows(ctx.db, ctx.tenantId))
      .filter((r) => r.vendor_key !== '' && r.enabled === 1)
      .map((r) => r.rule),
  );
  return new Set(rules.filter((r) => settings(r, null).enabled || vendorOn.has(r.code)).map((r) => r.code));
}

interface ApplyEnv {
  runId: string;
  now: string;
  today: string;
  settings: SettingsLookup;
  routes: Awaited<ReturnType<typeof routingRules>>;
  sla: Awaited<ReturnType<typeof slaPolicies>>;
  tally: RuleTally;
}

const money = (n: bigint | null) => (n === null ? null : n.toString());

function facts(c: Candidate, factsHash: string) {
  return {
    summary: c.summary,
    vendor_id: c.vendorId,
    billing_account_id: c.accountId,
    invoice_id: c.invoiceId,
    line_no: c.lineNo ?? null,
    service_identifier: c.serviceIdentifier ?? null,
    service_id: c.serviceId ?? null,
    contract_id: c.contractId ?? null,
    cost_center_id: c.costCenterId ?? null,
    period: c.period ?? null,
    currency: c.currency,
    billed_nanos: c.billedNanos,
    expected_nanos: c.expectedNanos,
    variance_nanos: c.varianceNanos,
    evidence_json: JSON.stringify(c.evidence),
    facts_hash: factsHash,
  };
}

async function apply(ctx: Ctx, rule: AuditRule, ops: Op[], env: ApplyEnv) {
  const inserts: Insertable<FindingTable>[] = [];
  const assign = (c: Candidate) => {
    const s = env.settings(rule, c.vendorId);
    const a = assignment(
      env.routes,
      env.sla,
      {
        rule: rule.code,
        vendorId: c.vendorId,
        accountId: c.accountId,
        costCenterId: c.costCenterId ?? null,
        varianceNanos: c.varianceNanos,
        severity: s.severity,
      },
      env.today,
    );
    return {
      severity: s.severity,
      blocking: s.blocking ? 1 : 0,
      queue: a.queue,
      owner_user_id: a.ownerUserId,
      due_on: a.dueOn,
    };
  };
  for (const op of ops) {
    if (op.kind === 'open') {
      env.tally.opened++;
      inserts.push({
        id: newId(),
        tenant_id: ctx.tenantId,
        rule: rule.code,
        subject_key: op.candidate.key,
        ...facts(op.candidate, op.factsHash),
        ...assign(op.candidate),
        state: 'open',
        resolution_reason: null,
        escalation_level: 0,
        escalated_at: null,
        first_run_id: env.runId,
        last_run_id: env.runId,
        opened_at: env.now,
        closed_at: null,
        created_at: env.now,
        updated_at: env.now,
      });
    } else if (op.kind === 'refresh') {
      env.tally.stillOpen++;
      // Current settings apply to active findings too: a rule made blocking blocks from the next run.
      const settings = env.settings(rule, op.candidate.vendorId);
      await updateFinding(ctx.db, ctx.tenantId, op.id, {
        ...facts(op.candidate, op.factsHash),
        severity: settings.severity,
        blocking: settings.blocking ? 1 : 0,
        last_run_id: env.runId,
      });
    } else if (op.kind === 'reopen') {
      env.tally.reopened++;
      await updateFinding(ctx.db, ctx.tenantId, op.id, {
        ...facts(op.candidate, op.factsHash),
        ...assign(op.candidate),
        state: 'open',
        resolution_reason: null,
        escalation_level: 0,
        escalated_at: null,
        closed_at: null,
        last_run_id: env.runId,
        updated_at: env.now,
      });
      await recordChange(ctx, {
        entity: 'finding',
        entityId: op.id,
        action: 'reopen',
        before: { state: op.from },
        after: {
          state: 'open',
          run: env.runId,
          billed: money(op.candidate.billedNanos),
          variance: money(op.candidate.varianceNanos),
        },
      });
    } else {
      env.tally.autoClosed++;
      const reason = `Cause no longer present (audit run ${env.runId})`;
      await updateFinding(ctx.db, ctx.tenantId, op.id, {
        state: AUTO_CLOSED,
        resolution_reason: reason,
        closed_at: env.now,
        last_run_id: env.runId,
        updated_at: env.now,
      });
      await recordChange(ctx, {
        entity: 'finding',
        entityId: op.id,
        action: 'auto_close',
        before: { state: op.from },
        after: { state: AUTO_CLOSED, reason },
      });
    }
  }
  await insertFindings(ctx.db, inserts);
}

/** Moves invoices still in audit to `audited` (no active findings) or `in_review`. */
async function settleInvoices(ctx: Ctx, scope: ResolvedScope, runId: string) {
  for (const inv of await auditableInvoices(ctx.db, ctx.engine, ctx.tenantId, scope)) {
    const next = Number(inv.active) > 0 ? 'in_review' : 'audited';
    if (next === inv.status) continue;
    await setInvoiceStatus(ctx.db, ctx.tenantId, inv.id, next);
    await recordChange(ctx, {
      entity: 'invoice',
      entityId: inv.id,
      action: 'audit_status',
      before: { status: inv.status },
      after: { status: next, run: runId },
    });
  }
}
