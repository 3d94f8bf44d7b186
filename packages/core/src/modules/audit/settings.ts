import type { Db } from '../../db/schema.ts';
import type { AuditRule, RuleSettings, Severity } from './rule.ts';
import { type SettingRow, settingRows } from './settings.queries.ts';

/** A stored override: only the fields it sets win over the level beneath it. */
export interface SettingOverride {
  enabled: boolean | null;
  severity: Severity | null;
  blocking: boolean | null;
  params: Record<string, string>;
}

export const overrideOf = (r: SettingRow): SettingOverride => ({
  enabled: r.enabled === null ? null : r.enabled === 1,
  severity: r.severity as Severity | null,
  blocking: r.blocking === null ? null : r.blocking === 1,
  params: JSON.parse(r.params_json) as Record<string, string>,
});

/** Vendor override over tenant override over the rule's defaults. */
export function effectiveSettings(
  rule: AuditRule,
  tenant: SettingOverride | undefined,
  vendor: SettingOverride | undefined,
): RuleSettings {
  const pick = <K extends 'enabled' | 'severity' | 'blocking'>(k: K): RuleSettings[K] =>
    (vendor?.[k] ?? tenant?.[k] ?? rule.defaults[k]) as RuleSettings[K];
  return {
    enabled: pick('enabled'),
    severity: pick('severity'),
    blocking: pick('blocking'),
    params: { ...rule.defaults.params, ...tenant?.params, ...vendor?.params },
  };
}

export type SettingsLookup = (rule: AuditRule, vendorId: string | null) => RuleSettings;

/** Reads every override of a tenant once and answers lookups from memory. */
export async function loadSettings(db: Db, tenantId: string): Promise<SettingsLookup> {
  const byKey = new Map<string, SettingOverride>();
  for (const r of await settingRows(db, tenantId)) byKey.set(`${r.rule}\u0000${r.vendor_key}`, overrideOf(r));
  const cache = new Map<string, RuleSettings>();
  return (rule, vendorId) => {
    const k = `${rule.code}\u0000${vendorId ?? ''}`;
    let s = cache.get(k);
    if (!s) {
      s = effectiveSettings(
        rule,
        byKey.get(`${rule.code}\u0000`),
        vendorId ? byKey.get(`${rule.code}\u0000${vendorId}`) : undefined,
      );
      cache.set(k, s);
    }
    return s;
  };
}
