import { z } from 'zod';
import type { ServiceTable } from '../../db/schema.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { isCurrencyCode } from '../../shared/currencies.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { formatNanos, parseDecimal } from '../../shared/money.ts';
import { normalizeIdentifier } from '../imports/service-id.ts';
import { SERVICE_STATES, type ServiceState } from './lifecycle.ts';
import { checkAttributes, normalizeTags, type ServiceTypeDef } from './service-types.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
const ref = z.string().min(1).max(100).nullable().optional();
const text = (max: number) => z.string().max(max).nullable().optional();

/** What a caller may set on a service; ids point at the tenant's reference data. */
export const ServiceFieldsInput = z.object({
  serviceType: z.string().min(1).max(40),
  identifier: z.string().min(1).max(200),
  vendorId: z.string().min(1).max(100),
  billingAccountId: ref,
  description: text(500),
  ownerId: ref,
  costCenterId: ref,
  locationId: ref,
  rateItemId: ref,
  expectedMonthly: z.string().max(40).nullable().optional(),
  currency: z.string().max(3).nullable().optional(),
  orderedOn: date.nullable().optional(),
  activatedOn: date.nullable().optional(),
  suspendedOn: date.nullable().optional(),
  disconnectRequestedOn: date.nullable().optional(),
  disconnectedOn: date.nullable().optional(),
  tags: z.array(z.string().max(40)).max(50).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  lastReviewedOn: date.nullable().optional(),
  reviewEvidence: text(2000),
});
export type ServiceFieldsInput = z.input<typeof ServiceFieldsInput>;

export const CreateServiceInput = ServiceFieldsInput.extend({ state: z.enum(SERVICE_STATES).optional() });
export type CreateServiceInput = z.input<typeof CreateServiceInput>;

/** The stored columns a caller controls (everything but id, tenant and timestamps). */
export type ServiceColumns = Omit<ServiceTable, 'id' | 'tenant_id' | 'created_at' | 'updated_at'>;

/** A service's fields in API names: what audit events, diffs and exports speak. */
export interface ServiceFields {
  serviceType: string;
  identifier: string;
  description: string | null;
  vendorId: string;
  billingAccountId: string | null;
  ownerId: string | null;
  costCenterId: string | null;
  locationId: string | null;
  rateItemId: string | null;
  expectedMonthly: string | null;
  currency: string | null;
  state: ServiceState;
  orderedOn: string | null;
  activatedOn: string | null;
  suspendedOn: string | null;
  disconnectRequestedOn: string | null;
  disconnectedOn: string | null;
  tags: string[];
  attributes: Record<string, string>;
  lastReviewedOn: string | null;
  reviewEvidence: string | null;
}

export function fieldsOf(r: ServiceColumns): ServiceFields {
  return {
    serviceType: r.service_type,
    identifier: r.identifier,
    description: r.description,
    vendorId: r.vendor_id,
    billingAccountId: r.billing_account_id,
    ownerId: r.owner_id,
    costCenterId: r.cost_center_id,
    locationId: r.location_id,
    rateItemId: r.rate_item_id,
    expectedMonthly: r.expected_monthly_nanos === null ? null : formatNanos(BigInt(r.expected_monthly_nanos)),
    currency: r.currency,
    state: r.state as ServiceState,
    orderedOn: r.ordered_on,
    activatedOn: r.activated_on,
    suspendedOn: r.suspended_on,
    disconnectRequestedOn: r.disconnect_requested_on,
    disconnectedOn: r.disconnected_on,
    tags: JSON.parse(r.tags_json) as string[],
    attributes: JSON.parse(r.attributes_json) as Record<string, string>,
    lastReviewedOn: r.last_reviewed_on,
    reviewEvidence: r.review_evidence,
  };
}

export function columnsOf(f: ServiceFields): ServiceColumns {
  return {
    service_type: f.serviceType,
    identifier: f.identifier,
    description: f.description,
    vendor_id: f.vendorId,
    billing_account_id: f.billingAccountId,
    owner_id: f.ownerId,
    cost_center_id: f.costCenterId,
    location_id: f.locationId,
    rate_item_id: f.rateItemId,
    expected_monthly_nanos: f.expectedMonthly === null ? null : parseDecimal(f.expectedMonthly).nanos,
    currency: f.currency,
    state: f.state,
    ordered_on: f.orderedOn,
    activated_on: f.activatedOn,
    suspended_on: f.suspendedOn,
    disconnect_requested_on: f.disconnectRequestedOn,
    disconnected_on: f.disconnectedOn,
    tags_json: JSON.stringify(f.tags),
    attributes_json: canonicalJson(f.attributes),
    last_reviewed_on: f.lastReviewedOn,
    review_evidence: f.reviewEvidence,
  };
}

/** Fields whose values differ, compared as their canonical JSON. */
export function changedFields(before: ServiceFields, after: ServiceFields): (keyof ServiceFields)[] {
  return (Object.keys(after) as (keyof ServiceFields)[]).filter(
    (k) => canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null),
  );
}

export const pick = (f: ServiceFields, keys: (keyof ServiceFields)[]) =>
  Object.fromEntries(keys.map((k) => [k, f[k]]));

/** How references are checked: one by one against the database, or against maps an import loaded. */
export interface Lookups {
  vendor(id: string): Promise<boolean>;
  account(id: string): Promise<{ vendorId: string; currency: string } | null>;
  rateItem(id: string): Promise<{ vendorId: string } | null>;
  exists(kind: 'people' | 'cost_centers' | 'locations', id: string): Promise<boolean>;
}

export const REF_LABEL = { people: 'person', cost_centers: 'cost center', locations: 'location' } as const;

/**
 * Checks and canonicalises a service's fields: identifier normalised for its type, references in
 * the tenant (and the account and rate item at the service's vendor), money exact, tags and
 * attributes cleaned. Every problem is reported at once, as "field: message".
 */
export async function checkFields(
  lk: Lookups,
  types: Map<string, ServiceTypeDef>,
  input: z.output<typeof ServiceFieldsInput>,
  state: ServiceState,
): Promise<ServiceFields> {
  const errors: string[] = [];
  const type = types.get(input.serviceType);
  let identifier = input.identifier.trim();
  if (!type) errors.push(`serviceType: no service type ${input.serviceType}`);
  else {
    const n = normalizeIdentifier(input.identifier, type.identifierKind);
    if (n === null)
      errors.push(
        type.identifierKind === 'phone'
          ? `identifier: ${input.identifier} is not a phone number (E.164 or 10-digit North American)`
          : 'identifier: required',
      );
    else identifier = n;
  }
  if (!(await lk.vendor(input.vendorId))) errors.push('vendorId: no such vendor');
  let accountCurrency: string | null = null;
  if (input.billingAccountId) {
    const a = await lk.account(input.billingAccountId);
    if (!a) errors.push('billingAccountId: no such billing account');
    else if (a.vendorId !== input.vendorId)
      errors.push('billingAccountId: the account belongs to another vendor');
    else accountCurrency = a.currency;
  }
  for (const [field, table] of [
    ['ownerId', 'people'],
    ['costCenterId', 'cost_centers'],
    ['locationId', 'locations'],
  ] as const) {
    const id = input[field];
    if (id && !(await lk.exists(table, id))) errors.push(`${field}: no such ${REF_LABEL[table]}`);
  }
  if (input.rateItemId) {
    const r = await lk.rateItem(input.rateItemId);
    if (!r) errors.push('rateItemId: no such rate item');
    else if (r.vendorId !== input.vendorId)
      errors.push("rateItemId: the rate item is in another vendor's contract");
  }
  let expectedMonthly: string | null = null;
  const amount = input.expectedMonthly?.trim();
  if (amount) {
    try {
      const nanos = parseDecimal(amount).nanos;
      if (nanos < 0n) errors.push('expectedMonthly: must not be negative');
      expectedMonthly = formatNanos(nanos);
    } catch {
      errors.push(`expectedMonthly: ${amount} is not an amount`);
    }
  }
  const currency = input.currency?.trim().toUpperCase() || accountCurrency;
  if (currency && !isCurrencyCode(currency)) errors.push(`currency: ${currency} is not a currency code`);
  if (expectedMonthly !== null && !currency)
    errors.push('currency: required for an expected monthly cost when there is no billing account');
  let tags: string[] = [];
  try {
    tags = normalizeTags(input.tags ?? []);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    errors.push(`tags: ${err.message}`);
  }
  let attributes: Record<string, string> = {};
  if (type) {
    const checked = checkAttributes(type, input.attributes ?? {});
    attributes = checked.attributes;
    errors.push(...checked.errors);
  }
  if (errors.length > 0) {
    throw invalid(errors.join('; '), {
      fields: errors.map((e) => ({ path: e.split(':')[0], message: e.slice(e.indexOf(':') + 2) })),
    });
  }
  return {
    serviceType: input.serviceType,
    identifier,
    description: input.description?.trim() || null,
    vendorId: input.vendorId,
    billingAccountId: input.billingAccountId || null,
    ownerId: input.ownerId || null,
    costCenterId: input.costCenterId || null,
    locationId: input.locationId || null,
    rateItemId: input.rateItemId || null,
    expectedMonthly,
    currency: currency ?? null,
    state,
    orderedOn: input.orderedOn ?? null,
    activatedOn: input.activatedOn ?? null,
    suspendedOn: input.suspendedOn ?? null,
    disconnectRequestedOn: input.disconnectRequestedOn ?? null,
    disconnectedOn: input.disconnectedOn ?? null,
    tags,
    attributes,
    lastReviewedOn: input.lastReviewedOn ?? null,
    reviewEvidence: input.reviewEvidence?.trim() || null,
  };
}
