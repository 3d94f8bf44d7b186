import { buildBills, type DemoBill } from './bills.ts';
import { buildContracts } from './contracts.ts';
import { COMPANY_NAME } from './names.ts';
import { buildCostCenters, buildGlAccounts, buildLocations } from './org.ts';
import { buildPeople } from './people.ts';
import { Rng } from './random.ts';
import { buildServices } from './services.ts';
import type { DemoContract, DemoReferenceData, DemoService } from './types.ts';
import { buildBillingAccounts, buildVendors } from './vendors.ts';

export type {
  BillingCadence,
  DemoBillingAccount,
  DemoContract,
  DemoCostCenter,
  DemoGlAccount,
  DemoLocation,
  DemoPerson,
  DemoRateItem,
  DemoReferenceData,
  DemoService,
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

export interface DemoInventory {
  contracts: DemoContract[];
  services: DemoService[];
  /** the last three monthly carrier bills, in the TEMOps charge template */
  bills: DemoBill[];
}

/**
 * Contracts, services and bills for the demo tenant. Terms, reviews and bill months are placed
 * relative to `today` (YYYY-MM-DD) so alerts and data-quality gaps look the same whenever the
 * demo is loaded; for a given seed and day the output is deep-equal.
 */
export function generateDemoInventory(
  ref: DemoReferenceData,
  today: string,
  seed = DEFAULT_DEMO_SEED,
): DemoInventory {
  const contracts = buildContracts(ref.billingAccounts, today);
  const services = buildServices(stream(seed, 4), ref, contracts, today);
  return { contracts, services, bills: buildBills(stream(seed, 5), ref, services, today) };
}
