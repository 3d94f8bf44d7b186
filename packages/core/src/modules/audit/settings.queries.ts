import type { Db } from '../../db/schema.ts';

export const settingRows = (db: Db, tenantId: string) =>
  db.selectFrom('audit_rule_settings').selectAll().where('tenant_id', '=', tenantId).execute();

export type SettingRow = Awaited<ReturnType<typeof settingRows>>[number];

export async function upsertSetting(db: Db, row: SettingRow) {
  await db
    .insertInto('audit_rule_settings')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'rule', 'vendor_key']).doUpdateSet({
        enabled: row.enabled,
        severity: row.severity,
        blocking: row.blocking,
        params_json: row.params_json,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteSetting(db: Db, tenantId: string, rule: string, vendorKey: string) {
  await db
    .deleteFrom('audit_rule_settings')
    .where('tenant_id', '=', tenantId)
    .where('rule', '=', rule)
    .where('vendor_key', '=', vendorKey)
    .execute();
}
