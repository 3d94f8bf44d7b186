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

export function entityByPlural(plural: string): EntitySpec | undefined {
  return ENTITIES.find((e) => e.plural === plural);
}
