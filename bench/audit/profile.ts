/**
 * Times each audit rule alone on a seeded store, for finding the slow ones:
 * `tsx bench/audit/profile.ts --db <sqlite file or postgres url> [--seed-scale 0.1] [--rule code]`.
 * Seeds the store when it has no tenant yet; later runs reuse it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  AUDIT_RULES,
  type Ctx,
  createTenant,
  migrateToLatest,
  openStore,
  platformCtx,
  systemActor,
  systemClock,
} from '@temops/core';
import { resolveScope } from '../../packages/core/src/modules/audit/scope.ts';
import { loadSettings } from '../../packages/core/src/modules/audit/settings.ts';
import { SIZES, seedAudit } from './seed.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    scale: { type: 'string', default: '0.1' },
    rule: { type: 'string' },
  },
});
const store = openStore(values.db ?? path.join(os.tmpdir(), 'temops-audit-profile.db'));
await migrateToLatest(store.db);
const actor = systemActor('bench');
let tenant = await store.db.selectFrom('tenants').select('id').where('slug', '=', 'bench').executeTakeFirst();
if (!tenant) {
  tenant = await createTenant(platformCtx(store, actor, systemClock), { slug: 'bench', name: 'Bench' });
  SIZES.accountsPerVendor = Math.max(1, Math.round(SIZES.accountsPerVendor * Number(values.scale)));
  const ctx: Ctx = { db: store.db, engine: store.engine, tenantId: tenant.id, actor, clock: systemClock };
  await seedAudit(ctx, mkdtempSync(path.join(os.tmpdir(), 'temops-profile-')), 5, () => {});
  await store.optimize();
}
const ctx: Ctx = { db: store.db, engine: store.engine, tenantId: tenant.id, actor, clock: systemClock };
const scope = await resolveScope(ctx, {});
const settings = await loadSettings(store.db, tenant.id);
for (const rule of AUDIT_RULES) {
  if (values.rule && rule.code !== values.rule) continue;
  const t = performance.now();
  const found = await rule.evaluate({
    db: store.db,
    engine: store.engine,
    tenantId: tenant.id,
    today: new Date().toISOString().slice(0, 10),
    scope,
    settings: (vendorId) => settings(rule, vendorId),
  });
  console.log(
    `${rule.code.padEnd(24)} ${String(Math.round(performance.now() - t)).padStart(7)} ms ${found.length}`,
  );
}
await store.close();
