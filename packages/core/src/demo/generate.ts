import { COMPANY_NAME } from './names.ts';
import { buildCostCenters, buildGlAccounts, buildLocations } from './org.ts';
import { buildPeople } from './people.ts';
import { Rng } from './random.ts';
import type { DemoReferenceData } from './types.ts';
import { buildBillingAccounts, buildVendors } from './vendors.ts';

export type {
  BillingCadence,
  DemoBillingAccount,
  DemoCostCenter,
  DemoGlAccount,
  DemoLocation,
  DemoPerson,
  DemoReferenceData,
  DemoVendor,
  VendorKind,
} from './types.ts';

export const DEFAULT_DEMO_SEED = 20261127;

/**
 * Each section draws from its own stream so that, say, adding a billing account
 * doesn't reshuffle every person's name in an existing demo tenant.
 */
function stream(seed: number, salt: number): Rng {
  return new Rng((seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0);
}

/**
 * Reference data for the demo tenant: a fictional ~1,500-person US manufacturer.
 * Pure and deterministic: the same seed always yields deep-equal output.
 */
export function generateDemoReferenceData(seed = DEFAULT_DEMO_SEED): DemoReferenceData {
  const org = buildCostCenters();
  const sites = buildLocations(stream(seed, 2));
  return {
    tenant: { slug: 'demo', name: COMPANY_NAME },
    vendors: buildVendors(),
    billingAccounts: buildBillingAccounts(stream(seed, 1)),
    costCenters: org.costCenters,
    glAccounts: buildGlAccounts(),
    locations: sites.map((s) => s.location),
    people: buildPeople(stream(seed, 3), org, sites),
  };
}
