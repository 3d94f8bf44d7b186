import { canonicalJson } from '../../shared/canonical-json.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { NANOS_PER_UNIT, parseDecimal } from '../../shared/money.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { vendorNames } from './refs.queries.ts';
import { type AuditRule, SEVERITIES, type Severity } from './rule.ts';
import { RULES, ruleByCode } from './rules/index.ts';
import { deleteSetting, type SettingRow, settingRows, upsertSetting } from './settings.queries.ts';
import { effectiveSettings, overrideOf, type SettingOverride } from './settings.ts';

/** A rule as the settings page shows it: what it is, its defaults, every override, the tenant's result. */
function ruleInfo(rule: AuditRule, rows: SettingRow[], names: Map<string, string>) {
  const mine = rows.filter((r) => r.rule === rule.code);
  const tenantRow = mine.find((r) => r.vendor_key === '');
  const tenant = tenantRow ? overrideOf(tenantRow) : null;
  const vendors = mine
    .filter((r) => r.vendor_key !== '')
    .map((r) => ({
      vendorId: r.vendor_key,
      vendor: names.get(r.vendor_key) ?? r.vendor_key,
      ...overrideOf(r),
    }))
    .sort((a, b) => (a.vendor < b.vendor ? -1 : a.vendor > b.vendor ? 1 : a.vendorId < b.vendorId ? -1 : 1));
  return {
    code: rule.code,
    name: rule.name,
    domainRule: rule.domainRule,
    description: rule.description,
    subject: rule.subject,
    params: rule.params.map((p) => ({ name: p.name, label: p.label, unit: p.unit })),
    defaults: rule.defaults,
    tenant,
    vendors,
    effective: effectiveSettings(rule, tenant ?? undefined, undefined),
  };
}
export type AuditRuleInfo = ReturnType<typeof ruleInfo>;

async function infoOf(ctx: Ctx, rules: AuditRule[]) {
  const rows = await settingRows(ctx.db, ctx.tenantId);
  const names = await vendorNames(ctx.db, ctx.tenantId, [
    ...new Set(rows.filter((r) => r.vendor_key !== '').map((r) => r.vendor_key)),
  ]);
  return rules.map((rule) => ruleInfo(rule, rows, names));
}

function ruleOf(code: string): AuditRule {
  const rule = ruleByCode(code);
  if (!rule) throw notFound('Audit rule', code);
  return rule;
}

/** Every audit rule with its defaults, the tenant's and each vendor's overrides, and the tenant's effective settings. */
export async function listAuditRules(ctx: Ctx): Promise<AuditRuleInfo[]> {
  authorize(ctx.actor, 'audit.read');
  return infoOf(ctx, RULES);
}

export async function getAuditRule(ctx: Ctx, code: string): Promise<AuditRuleInfo> {
  authorize(ctx.actor, 'audit.read');
  return (await infoOf(ctx, [ruleOf(code)]))[0]!;
}

export interface RuleSettingsInput {
  /** absent or null: the tenant-wide override; else the override for this vendor */
  vendorId?: string | null;
  /** null: inherit again */
  enabled?: boolean | null;
  severity?: Severity | null;
  blocking?: boolean | null;
  /** a decimal string sets a parameter, null inherits it again; names the rule does not declare are refused */
  params?: Record<string, string | null>;
}

const field = (path: string, message: string) =>
  invalid(`${path}: ${message}`, { fields: [{ path, message }] });

/** A plain non-negative decimal such as "12.5": parameters are thresholds, never signed or in exponent form. */
const PLAIN_DECIMAL = /^\d{1,15}(\.\d{1,9})?$/;

function checkParam(rule: AuditRule, name: string, value: string): string {
  const spec = rule.params.find((p) => p.name === name)!;
  const text = value.trim();
  if (!PLAIN_DECIMAL.test(text))
    throw field(`params.${name}`, 'a decimal number of zero or more, with at most 9 decimals');
  if ((spec.unit === 'days' || spec.unit === 'count') && parseDecimal(text).nanos % NANOS_PER_UNIT !== 0n)
    throw field(`params.${name}`, 'a whole number');
  return text;
}

const isEmpty = (o: SettingOverride) =>
  o.enabled === null && o.severity === null && o.blocking === null && Object.keys(o.params).length === 0;

/**
 * Changes the tenant's or a vendor's override of a rule. Fields left out keep their value; null
 * inherits from the level beneath again. An override left with nothing set is removed.
 */
export async function updateAuditRule(
  ctx: Ctx,
  code: string,
  input: RuleSettingsInput,
): Promise<AuditRuleInfo> {
  authorize(ctx.actor, 'audit.configure');
  const rule = ruleOf(code);
  const vendorKey = input.vendorId ?? '';
  if (input.severity !== undefined && input.severity !== null && !SEVERITIES.includes(input.severity))
    throw field('severity', `one of ${SEVERITIES.join(', ')}`);
  for (const k of ['enabled', 'blocking'] as const)
    if (input[k] !== undefined && input[k] !== null && typeof input[k] !== 'boolean')
      throw field(k, 'true, false or null');
  const params: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(input.params ?? {})) {
    if (!rule.params.some((p) => p.name === name))
      throw field(`params.${name}`, `${rule.code} has no parameter ${name}`);
    if (value !== null && typeof value !== 'string')
      throw field(`params.${name}`, 'a decimal string or null');
    params[name] = value === null ? null : checkParam(rule, name, value);
  }
  return inTransaction(ctx, async (tx) => {
    if (vendorKey !== '' && (await vendorNames(tx.db, tx.tenantId, [vendorKey])).size === 0)
      throw field('vendorId', 'no such vendor');
    const existing = (await settingRows(tx.db, tx.tenantId)).find(
      (r) => r.rule === code && r.vendor_key === vendorKey,
    );
    const before = existing ? overrideOf(existing) : null;
    const merged: SettingOverride = {
      enabled: input.enabled === undefined ? (before?.enabled ?? null) : input.enabled,
      severity: input.severity === undefined ? (before?.severity ?? null) : input.severity,
      blocking: input.blocking === undefined ? (before?.blocking ?? null) : input.blocking,
      params: { ...before?.params },
    };
    for (const [name, value] of Object.entries(params)) {
      if (value === null) delete merged.params[name];
      else merged.params[name] = value;
    }
    const after = isEmpty(merged) ? null : merged;
    // Saving what is already stored changes nothing and leaves no event.
    if (canonicalJson(after) === canonicalJson(before)) return (await infoOf(tx, [rule]))[0]!;
    if (after === null) {
      if (existing) await deleteSetting(tx.db, tx.tenantId, code, vendorKey);
    } else
      await upsertSetting(tx.db, {
        tenant_id: tx.tenantId,
        rule: code,
        vendor_key: vendorKey,
        enabled: merged.enabled === null ? null : merged.enabled ? 1 : 0,
        severity: merged.severity,
        blocking: merged.blocking === null ? null : merged.blocking ? 1 : 0,
        params_json: JSON.stringify(merged.params),
        updated_by: actorLabel(tx.actor),
        updated_at: isoNow(tx.clock),
      });
    await recordChange(tx, {
      entity: 'audit_rule_setting',
      entityId: vendorKey === '' ? code : `${code}:${vendorKey}`,
      action: 'update',
      before,
      after,
    });
    return (await infoOf(tx, [rule]))[0]!;
  });
}

/** Removes a vendor's override of a rule, so the vendor follows the tenant's settings again. */
export async function deleteVendorRuleOverride(
  ctx: Ctx,
  code: string,
  vendorId: string,
): Promise<AuditRuleInfo> {
  authorize(ctx.actor, 'audit.configure');
  const rule = ruleOf(code);
  return inTransaction(ctx, async (tx) => {
    const existing = (await settingRows(tx.db, tx.tenantId)).find(
      (r) => r.rule === code && r.vendor_key === vendorId,
    );
    if (!existing || vendorId === '') throw notFound('Vendor override', `${code}/${vendorId}`);
    await deleteSetting(tx.db, tx.tenantId, code, vendorId);
    await recordChange(tx, {
      entity: 'audit_rule_setting',
      entityId: `${code}:${vendorId}`,
      action: 'delete',
      before: overrideOf(existing),
    });
    return (await infoOf(tx, [rule]))[0]!;
  });
}
