/**
 * A tenant the size of a Fortune-500 inventory: N services over 20 vendors, 200 billing accounts,
 * 5,000 people, 300 cost centers and 120 locations, with the spread of states, owners and gaps a
 * real inventory has. Rows are written in multi-row inserts: this benchmark measures reading the
 * inventory, not loading it.
 */
import type { Ctx, Db } from '@temops/core';
import { int, pick, rng } from '../ingest/rng.ts';

const TYPES = [
  'wireless',
  'wireless',
  'wireless',
  'wireline',
  'data_circuit',
  'saas',
  'device',
  'cloud_account',
];
const STATES = ['active', 'active', 'active', 'active', 'active', 'suspended', 'ordered', 'disconnected'];
const CHUNK = 500;

async function insertAll(db: Db, table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // biome-ignore lint/suspicious/noExplicitAny: one generic loader for several tables
    await (db as any)
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export interface SeedResult {
  costCenterIds: string[];
  vendorIds: string[];
}

export async function seedInventory(ctx: Ctx, n: number, seed: number): Promise<SeedResult> {
  const rand = rng(seed);
  const chance = (p: number) => rand() < p;
  const now = new Date().toISOString();
  const base = { tenant_id: ctx.tenantId, created_at: now, updated_at: now };
  const id = (prefix: string, i: number) => `${prefix}-${String(i).padStart(8, '0')}-${seed}`;

  const vendors = Array.from({ length: 20 }, (_, i) => ({
    ...base,
    id: id('v', i),
    code: `V${i}`,
    name: `Vendor ${i}`,
    kind: 'telecom',
    dispute_window_days: 60,
    review: 'confirmed',
  }));
  const accounts = Array.from({ length: 200 }, (_, i) => ({
    ...base,
    id: id('a', i),
    vendor_id: vendors[i % 20]!.id,
    account_number: `ACC-${i}`,
    currency: 'USD',
    cadence: 'monthly',
    status: 'active',
    review: 'confirmed',
  }));
  const costCenters = Array.from({ length: 300 }, (_, i) => ({
    ...base,
    id: id('cc', i),
    code: `CC-${1000 + i}`,
    name: `Cost center ${i}`,
  }));
  const locations = Array.from({ length: 120 }, (_, i) => ({
    ...base,
    id: id('l', i),
    code: `SITE-${i}`,
    name: `Site ${i}`,
    status: i % 40 === 0 ? 'closed' : 'open',
  }));
  const people = Array.from({ length: 5000 }, (_, i) => ({
    ...base,
    id: id('p', i),
    employee_id: `E${100000 + i}`,
    name: `Person ${String(i).padStart(4, '0')}`,
    cost_center_id: costCenters[i % 300]!.id,
    leaver_date: i % 50 === 0 ? '2026-06-30' : null,
  }));
  await insertAll(ctx.db, 'vendors', vendors);
  await insertAll(ctx.db, 'billing_accounts', accounts);
  await insertAll(ctx.db, 'cost_centers', costCenters);
  await insertAll(ctx.db, 'locations', locations);
  await insertAll(ctx.db, 'people', people);

  const services = [];
  for (let i = 0; i < n; i++) {
    const account = pick(rand, accounts);
    const type = pick(rand, TYPES);
    const identifier =
      type === 'wireless' || type === 'wireline'
        ? `+1${2_000_000_000 + i * 7}`
        : `${type.toUpperCase()}-${String(i).padStart(7, '0')}`;
    const state = pick(rand, STATES);
    services.push({
      ...base,
      id: id('s', i),
      service_type: type,
      identifier,
      description: chance(0.3) ? `Line ${i}` : null,
      vendor_id: account.vendor_id,
      billing_account_id: account.id,
      owner_id: chance(0.92) ? pick(rand, people).id : null,
      cost_center_id: chance(0.95) ? pick(rand, costCenters).id : null,
      location_id: chance(0.9) ? pick(rand, locations).id : null,
      rate_item_id: null,
      expected_monthly_nanos: BigInt(int(rand, 5, 900)) * 1_000_000_000n,
      currency: 'USD',
      state,
      activated_on: '2025-01-15',
      disconnected_on: state === 'disconnected' ? '2026-05-31' : null,
      tags_json: chance(0.2) ? '["exec"]' : '[]',
      attributes_json: '{}',
      last_reviewed_on: chance(0.7) ? '2026-10-01' : null,
    });
  }
  await insertAll(ctx.db, 'services', services);
  return { costCenterIds: costCenters.map((c) => c.id), vendorIds: vendors.map((v) => v.id) };
}
