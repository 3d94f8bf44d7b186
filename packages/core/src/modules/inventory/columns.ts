import type { ServiceFields } from './fields.ts';

/** The columns of an inventory file, in export order, with the headers other tools commonly use. */
export const COLUMNS = [
  { name: 'type', field: 'serviceType', synonyms: ['service type', 'service_type', 'kind', 'line type'] },
  {
    name: 'identifier',
    field: 'identifier',
    synonyms: [
      'phone number',
      'phone',
      'number',
      'mobile number',
      'wireless number',
      'msisdn',
      'circuit id',
      'circuit',
      'service id',
      'line',
      'license sku',
      'sku',
      'account id',
    ],
  },
  { name: 'vendor', field: 'vendorId', synonyms: ['vendor code', 'carrier', 'provider', 'supplier'] },
  {
    name: 'billing_account',
    field: 'billingAccountId',
    synonyms: ['account number', 'billing account number', 'account', 'ban'],
  },
  { name: 'description', field: 'description', synonyms: ['desc', 'name', 'service description'] },
  { name: 'owner', field: 'ownerId', synonyms: ['owner employee id', 'employee id', 'user', 'owner id'] },
  {
    name: 'cost_center',
    field: 'costCenterId',
    synonyms: ['cost centre', 'cost center code', 'cost centre code', 'cc'],
  },
  { name: 'location', field: 'locationId', synonyms: ['site', 'location code', 'site code'] },
  { name: 'contract', field: null, synonyms: ['contract number', 'contract no'] },
  {
    name: 'rate_item',
    field: 'rateItemId',
    synonyms: ['rate item code', 'rate plan', 'plan', 'product code', 'usoc'],
  },
  {
    name: 'expected_monthly',
    field: 'expectedMonthly',
    synonyms: ['expected monthly cost', 'monthly cost', 'expected cost', 'mrc', 'monthly'],
  },
  { name: 'currency', field: 'currency', synonyms: ['currency code'] },
  { name: 'state', field: 'state', synonyms: ['status', 'lifecycle state'] },
  { name: 'ordered_on', field: 'orderedOn', synonyms: ['order date', 'ordered'] },
  {
    name: 'activated_on',
    field: 'activatedOn',
    synonyms: ['activation date', 'activated', 'in service date', 'start date'],
  },
  { name: 'suspended_on', field: 'suspendedOn', synonyms: ['suspend date', 'suspended'] },
  {
    name: 'disconnect_requested_on',
    field: 'disconnectRequestedOn',
    synonyms: ['disconnect requested', 'disconnect request date'],
  },
  { name: 'disconnected_on', field: 'disconnectedOn', synonyms: ['disconnect date', 'disconnected'] },
  { name: 'tags', field: 'tags', synonyms: ['tag', 'labels'] },
  { name: 'last_reviewed_on', field: 'lastReviewedOn', synonyms: ['last reviewed', 'review date'] },
  { name: 'review_evidence', field: 'reviewEvidence', synonyms: ['evidence', 'review note'] },
] as const satisfies readonly {
  name: string;
  field: keyof ServiceFields | null;
  synonyms: readonly string[];
}[];

export type ColumnName = (typeof COLUMNS)[number]['name'];

/** Custom attributes travel as one column each, `attr.<key>`. */
export const ATTR_PREFIX = 'attr.';

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const BY_HEADER = new Map<string, ColumnName>();
for (const c of COLUMNS)
  for (const h of [c.name, c.field ?? c.name, ...c.synonyms]) BY_HEADER.set(squash(h), c.name);

/** Our column for a header: exact name, field name or a synonym, ignoring case, spaces and punctuation. */
export function columnForHeader(header: string): ColumnName | `attr.${string}` | null {
  const h = header.trim();
  const attr = /^attr[.:](.+)$/i.exec(h);
  if (attr) return `${ATTR_PREFIX}${attr[1]!.trim().toLowerCase()}`;
  return BY_HEADER.get(squash(h)) ?? null;
}

/** Our column a mapping key names: a column name or its API field name. */
export function columnForName(name: string): ColumnName | `attr.${string}` | null {
  if (name.startsWith(ATTR_PREFIX)) return name as `attr.${string}`;
  const c = COLUMNS.find((x) => x.name === name || x.field === name);
  return c?.name ?? null;
}
