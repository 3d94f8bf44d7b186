import { z } from 'zod';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { formatNanos, parseDecimal } from '../../shared/money.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { SEVERITIES, type Severity } from '../audit/rule.ts';
import { ruleByCode } from '../audit/rules/index.ts';
import { recordChange } from '../audit-log/record.ts';
import { isMember } from './exceptions.queries.ts';
import {
  deleteRoutingRuleRow,
  insertRoutingRule,
  lastRoutingPosition,
  routingRuleRow,
  routingRules,
  slaPolicies,
  tenantRowExists,
  updateRoutingRuleRow,
  upsertSlaPolicy,
} from './routing.queries.ts';
import { DEFAULT_SLA_DAYS, type RoutingRule } from './routing.ts';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalId = z.preprocess(blankToNull, z.string().max(100).nullable().default(null));

function exactNanos(v: string): bigint | null {
  try {
    const p = parseDecimal(v);
    return p.residue === null ? p.nanos : null;
  } catch {
    return null;
  }
}

const routingRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    position: z.number().int().min(0).max(1_000_000).optional(),
    enabled: z.boolean().default(true),
    rule: z.preprocess(
      blankToNull,
      z
        .string()
        .refine((c) => ruleByCode(c) !== undefined, 'not an audit rule')
        .nullable()
        .default(null),
    ),
    vendorId: optionalId,
    accountId: optionalId,
    costCenterId: optionalId,
    minVariance: z.preprocess(
      blankToNull,
      z
        .string()
        .refine((v) => (exactNanos(v) ?? -1n) >= 0n, 'an amount of zero or more')
        .nullable()
        .default(null),
    ),
    queue: z.preprocess(blankToNull, z.string().trim().max(100).nullable().default(null)),
    ownerUserId: optionalId,
  })
  .refine((r) => r.queue !== null || r.ownerUserId !== null, {
    path: ['queue'],
    message: 'a routing rule sends findings to a queue, an owner or both',
  });

type RoutingRuleInput = z.output<typeof routingRuleSchema>;

export const routingRuleDto = (r: RoutingRule) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  rule: r.rule,
  vendorId: r.vendorId,
  accountId: r.accountId,
  costCenterId: r.costCenterId,
  minVariance: r.minVarianceNanos === null ? null : formatNanos(r.minVarianceNanos),
  queue: r.queue,
  ownerUserId: r.ownerUserId,
});
export type RoutingRuleDto = ReturnType<typeof routingRuleDto>;

const field = (path: string, message: string) =>
  invalid(`${path}: ${message}`, { fields: [{ path, message }] });

async function checkRefs(ctx: Ctx, r: RoutingRuleInput) {
  if (r.vendorId && !(await tenantRowExists(ctx.db, 'vendors', ctx.tenantId, r.vendorId)))
    throw field('vendorId', 'no such vendor');
  if (r.accountId && !(await tenantRowExists(ctx.db, 'billing_accounts', ctx.tenantId, r.accountId)))
    throw field('accountId', 'no such billing account');
  if (r.costCenterId && !(await tenantRowExists(ctx.db, 'cost_centers', ctx.tenantId, r.costCenterId)))
    throw field('costCenterId', 'no such cost center');
  if (r.ownerUserId && !(await isMember(ctx.db, ctx.tenantId, r.ownerUserId)))
    throw field('ownerUserId', 'not a member of this tenant');
}

const columnsOf = (r: RoutingRuleInput) => ({
  name: r.name,
  enabled: r.enabled ? 1 : 0,
  rule: r.rule,
  vendor_id: r.vendorId,
  billing_account_id: r.accountId,
  cost_center_id: r.costCenterId,
  min_variance_nanos: r.minVariance === null ? null : exactNanos(r.minVariance),
  queue: r.queue,
  owner_user_id: r.ownerUserId,
});

async function loadRule(ctx: Ctx, id: string): Promise<RoutingRuleDto> {
  const found = (await routingRules(ctx.db, ctx.tenantId)).find((r) => r.id === id);
  if (!found) throw notFound('Routing rule', id);
  return routingRuleDto(found);
}

/** Routing rules in the order they are tried: the first enabled match routes a new finding. */
export async function listRoutingRules(ctx: Ctx): Promise<RoutingRuleDto[]> {
  authorize(ctx.actor, 'audit.read');
  return (await routingRules(ctx.db, ctx.tenantId)).map(routingRuleDto);
}

export async function createRoutingRule(ctx: Ctx, input: unknown): Promise<RoutingRuleDto> {
  authorize(ctx.actor, 'audit.configure');
  const data = parseInput(routingRuleSchema, input);
  return inTransaction(ctx, async (tx) => {
    await checkRefs(tx, data);
    const now = isoNow(tx.clock);
    const id = newId();
    const position = data.position ?? (await lastRoutingPosition(tx.db, tx.tenantId)) + 1;
    await insertRoutingRule(tx.db, {
      id,
      tenant_id: tx.tenantId,
      position,
      ...columnsOf(data),
      created_at: now,
      updated_at: now,
    });
    const created = await loadRule(tx, id);
    await recordChange(tx, { entity: 'routing_rule', entityId: id, action: 'create', after: created });
    return created;
  });
}

/** Replaces a routing rule; a missing position keeps its place. */
export async function updateRoutingRule(ctx: Ctx, id: string, input: unknown): Promise<RoutingRuleDto> {
  authorize(ctx.actor, 'audit.configure');
  const data = parseInput(routingRuleSchema, input);
  return inTransaction(ctx, async (tx) => {
    const row = await routingRuleRow(tx.db, tx.tenantId, id);
    if (!row) throw notFound('Routing rule', id);
    const before = await loadRule(tx, id);
    await checkRefs(tx, data);
    await updateRoutingRuleRow(tx.db, tx.tenantId, id, {
      ...columnsOf(data),
      position: data.position ?? row.position,
      updated_at: isoNow(tx.clock),
    });
    const after = await loadRule(tx, id);
    await recordChange(tx, { entity: 'routing_rule', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Removes a routing rule; findings it routed keep their queue and owner. Returns what was removed. */
export async function deleteRoutingRule(ctx: Ctx, id: string): Promise<RoutingRuleDto> {
  authorize(ctx.actor, 'audit.configure');
  return inTransaction(ctx, async (tx) => {
    const before = await loadRule(tx, id);
    await deleteRoutingRuleRow(tx.db, tx.tenantId, id);
    await recordChange(tx, { entity: 'routing_rule', entityId: id, action: 'delete', before });
    return before;
  });
}

export interface SlaPolicyDto {
  severity: Severity;
  days: number;
  escalateToUserId: string | null;
}

async function policies(ctx: Ctx): Promise<SlaPolicyDto[]> {
  const stored = await slaPolicies(ctx.db, ctx.tenantId);
  return SEVERITIES.map((severity) => {
    const p = stored.find((s) => s.severity === severity);
    return {
      severity,
      days: p?.days ?? DEFAULT_SLA_DAYS[severity],
      escalateToUserId: p?.escalateToUserId ?? null,
    };
  });
}

/** Days to resolve and whom to escalate to, for each of the four severities (defaults filled in). */
export async function getSlaPolicies(ctx: Ctx): Promise<SlaPolicyDto[]> {
  authorize(ctx.actor, 'audit.read');
  return policies(ctx);
}

const slaSchema = z.object({
  policies: z
    .array(
      z.object({
        severity: z.enum(SEVERITIES),
        days: z.number().int().min(1).max(365),
        escalateToUserId: optionalId,
      }),
    )
    .max(SEVERITIES.length)
    .refine((ps) => new Set(ps.map((p) => p.severity)).size === ps.length, 'each severity at most once'),
});

/** Sets the policies given; severities left out keep theirs. New due dates apply to findings opened from now on. */
export async function putSlaPolicies(ctx: Ctx, input: unknown): Promise<SlaPolicyDto[]> {
  authorize(ctx.actor, 'audit.configure');
  const data = parseInput(slaSchema, input);
  return inTransaction(ctx, async (tx) => {
    const before = await policies(tx);
    for (const [i, p] of data.policies.entries())
      if (p.escalateToUserId && !(await isMember(tx.db, tx.tenantId, p.escalateToUserId)))
        throw field(`policies.${i}.escalateToUserId`, 'not a member of this tenant');
    const now = isoNow(tx.clock);
    for (const p of data.policies) {
      const old = before.find((b) => b.severity === p.severity);
      await upsertSlaPolicy(tx.db, {
        tenant_id: tx.tenantId,
        severity: p.severity,
        days: p.days,
        escalate_to_user_id: p.escalateToUserId,
        updated_at: now,
      });
      await recordChange(tx, {
        entity: 'sla_policy',
        entityId: p.severity,
        action: 'update',
        before: old,
        after: { severity: p.severity, days: p.days, escalateToUserId: p.escalateToUserId },
      });
    }
    return policies(tx);
  });
}
