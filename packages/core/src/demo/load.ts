import type { Store } from '../db/connect.ts';
import { systemActor } from '../modules/access/permissions.ts';
import { billingAccountEntity } from '../modules/billing-accounts/billing-account.entity.ts';
import { costCenterEntity } from '../modules/cost-centers/cost-center.entity.ts';
import { glAccountEntity } from '../modules/gl-accounts/gl-account.entity.ts';
import type { FileStore } from '../modules/imports/file-store.ts';
import { locationEntity } from '../modules/locations/location.entity.ts';
import { personEntity } from '../modules/people/person.entity.ts';
import type { EntitySpec } from '../modules/reference/entity.ts';
import { createEntity } from '../modules/reference/reference.service.ts';
import { findTenantBySlug } from '../modules/tenants/tenants.queries.ts';
import { createTenant, platformCtx } from '../modules/tenants/tenants.service.ts';
import { addMember } from '../modules/users/users.service.ts';
import { vendorEntity } from '../modules/vendors/vendor.entity.ts';
import type { Clock } from '../shared/clock.ts';
import { isoNow } from '../shared/clock.ts';
import { type Ctx, inTransaction } from '../shared/context.ts';
import {
  DEFAULT_DEMO_SEED,
  type DemoReferenceData,
  generateDemoInventory,
  generateDemoReferenceData,
} from './generate.ts';
import { loadDemoInventory } from './load-inventory.ts';
import { HISTORY_DAYS } from './services.ts';

/** The demo login printed by `temops start`; it only exists in demo installations. */
export const DEMO_LOGIN = { email: 'admin@demo.example', password: 'temops-demo-2026' };

const SECOND_TENANT = { slug: 'globex', name: 'Globex Logistics' };

/**
 * Creates the demo tenants if they are missing: Northwind (the full mid-size company) and a
 * smaller second client, so a managed-service provider's tenant switch can be tried at once.
 * Returns false when the demo already exists.
 */
export async function loadDemoTenant(
  store: Store,
  clock: Clock,
  files: FileStore,
  seed = DEFAULT_DEMO_SEED,
): Promise<boolean> {
  // Reference data exists from the start of the demo's history; the inventory's weeks follow it.
  const start = { now: () => new Date(clock.now().getTime() - HISTORY_DAYS * 86_400_000) };
  const sys = platformCtx(store, systemActor('demo'), start);
  if (await findTenantBySlug(store.db, 'demo')) return false;
  const data = generateDemoReferenceData(seed);
  await inTransaction(sys, async (tx) => {
    const main = await createTenant(tx, data.tenant);
    const ids = await loadReferenceData({ ...tx, tenantId: main.id }, data, true);
    await addMember(
      { ...tx, tenantId: main.id },
      { ...DEMO_LOGIN, name: 'Demo Administrator', role: 'admin' },
    );
    const second = await createTenant(tx, SECOND_TENANT);
    const small = generateDemoReferenceData(seed + 1);
    await loadReferenceData(
      { ...tx, tenantId: second.id },
      { ...small, people: [], billingAccounts: small.billingAccounts.slice(0, 8) },
      false,
    );
    await addMember({ ...tx, tenantId: second.id }, { email: DEMO_LOGIN.email, role: 'admin' });
    await loadDemoInventory(
      { ...tx, tenantId: main.id, clock },
      generateDemoInventory(data, isoNow(clock).slice(0, 10), seed),
      {
        vendor: (code) => ids.get(`vendor:${code}`)!,
        account: (vendorCode, number) => ids.get(`billing_account:${vendorCode}/${number}`)!,
      },
      files,
    );
  });
  return true;
}

async function loadReferenceData(
  ctx: Ctx,
  d: DemoReferenceData,
  withPeople: boolean,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const add = async (e: EntitySpec, key: string, input: Record<string, unknown>) => {
    const row = await createEntity(ctx, e, input);
    ids.set(`${e.name}:${key}`, row.id);
  };
  const ref = (entity: string, key: string | null) => (key ? (ids.get(`${entity}:${key}`) ?? null) : null);

  for (const v of d.vendors) await add(vendorEntity, v.code, { ...v });
  const vendorCodes = new Set(d.vendors.map((v) => v.code));
  for (const a of d.billingAccounts.filter((x) => vendorCodes.has(x.vendorCode))) {
    const { vendorCode, parentAccountNumber, ...rest } = a;
    await add(billingAccountEntity, `${vendorCode}/${a.accountNumber}`, {
      ...rest,
      vendorId: ref('vendor', vendorCode),
      parentId: ref('billing_account', parentAccountNumber && `${vendorCode}/${parentAccountNumber}`),
    });
  }
  for (const g of d.glAccounts) await add(glAccountEntity, g.code, { ...g });
  for (const l of d.locations) await add(locationEntity, l.code, { ...l });
  for (const c of d.costCenters) {
    await add(costCenterEntity, c.code, {
      code: c.code,
      name: c.name,
      parentId: ref('cost_center', c.parentCode),
    });
  }
  if (!withPeople) return ids;
  for (const p of d.people) {
    const { costCenterCode, managerEmployeeId, locationCode, ...rest } = p;
    await add(personEntity, p.employeeId, {
      ...rest,
      costCenterId: ref('cost_center', costCenterCode),
      managerId: ref('person', managerEmployeeId),
      locationId: ref('location', locationCode),
    });
  }
  return ids;
}
