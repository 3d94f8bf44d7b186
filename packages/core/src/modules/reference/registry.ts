import { billingAccountEntity } from '../billing-accounts/billing-account.entity.ts';
import { costCenterEntity } from '../cost-centers/cost-center.entity.ts';
import { glAccountEntity } from '../gl-accounts/gl-account.entity.ts';
import { locationEntity } from '../locations/location.entity.ts';
import { personEntity } from '../people/person.entity.ts';
import { vendorEntity } from '../vendors/vendor.entity.ts';
import type { EntitySpec } from './entity.ts';

/** In load order: an entity only references entities listed before it (or itself). */
export const ENTITIES: EntitySpec[] = [
  vendorEntity,
  billingAccountEntity,
  glAccountEntity,
  locationEntity,
  costCenterEntity,
  personEntity,
];

/**
 * Rows outside reference data that point at it. Deleting a referenced row is refused with a count
 * of these, the same way references between reference entities are.
 */
export const DEPENDENTS: { table: string; column: string; target: string; label: string }[] = [
  { table: 'services', column: 'vendor_id', target: 'vendors', label: 'services' },
  { table: 'services', column: 'billing_account_id', target: 'billing_accounts', label: 'services' },
  { table: 'services', column: 'owner_id', target: 'people', label: 'services (owner)' },
  { table: 'services', column: 'cost_center_id', target: 'cost_centers', label: 'services (cost center)' },
  { table: 'services', column: 'location_id', target: 'locations', label: 'services (location)' },
  { table: 'contracts', column: 'vendor_id', target: 'vendors', label: 'contracts' },
  {
    table: 'contract_accounts',
    column: 'billing_account_id',
    target: 'billing_accounts',
    label: 'contracts',
  },
  { table: 'invoices', column: 'vendor_id', target: 'vendors', label: 'invoices' },
  { table: 'invoices', column: 'billing_account_id', target: 'billing_accounts', label: 'invoices' },
];

export function entityByPlural(plural: string): EntitySpec | undefined {
  return ENTITIES.find((e) => e.plural === plural);
}
