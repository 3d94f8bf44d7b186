export const STATES = ['ordered', 'active', 'suspended', 'disconnect_requested', 'disconnected'] as const;
export type ServiceState = (typeof STATES)[number];

export const STATE_LABELS: Record<ServiceState, string> = {
  ordered: 'Ordered',
  active: 'Active',
  suspended: 'Suspended',
  disconnect_requested: 'Disconnect requested',
  disconnected: 'Disconnected',
};

export const STATE_COLORS: Record<ServiceState, string> = {
  ordered: 'blue',
  active: 'green',
  suspended: 'yellow',
  disconnect_requested: 'orange',
  disconnected: 'gray',
};

/** Mirrors the core lifecycle rules, to offer only the moves the server will accept. */
export const NEXT_STATES: Record<ServiceState, ServiceState[]> = {
  ordered: ['active', 'disconnected'],
  active: ['suspended', 'disconnect_requested', 'disconnected'],
  suspended: ['active', 'disconnect_requested', 'disconnected'],
  disconnect_requested: ['active', 'disconnected'],
  disconnected: [],
};

export interface Service {
  id: string;
  serviceType: string;
  serviceTypeName: string;
  identifier: string;
  description: string | null;
  vendorId: string;
  vendorCode: string;
  vendorName: string;
  billingAccountId: string | null;
  billingAccountNumber: string | null;
  ownerId: string | null;
  ownerName: string | null;
  costCenterId: string | null;
  costCenterCode: string | null;
  locationId: string | null;
  locationCode: string | null;
  rateItemId: string | null;
  rateItemName: string | null;
  contractId: string | null;
  contractNumber: string | null;
  contractName: string | null;
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
  updatedAt: string;
}

export interface ServiceDetail extends Service {
  transitions: {
    id: string;
    from: ServiceState | null;
    to: ServiceState;
    effectiveOn: string;
    actorName: string;
    note: string | null;
    at: string;
  }[];
}

export interface ServiceType {
  id: string | null;
  code: string;
  name: string;
  identifierKind: string;
  builtIn: boolean;
  attributes: { key: string; label: string; type: 'text' | 'number' | 'date' | 'enum'; values?: string[] }[];
}

export interface ServicePage {
  items: Service[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ImportReport {
  file: string;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  applied: boolean;
  columns: Record<string, string>;
  ignoredColumns: string[];
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  lines: {
    line: number;
    key: string;
    action: 'create' | 'update' | 'unchanged' | 'error';
    changes?: { field: string; before: unknown; after: unknown }[];
    errors: string[];
  }[];
}

/** The inventory file columns a file's headers can be mapped to, in export order. */
export const INVENTORY_FILE_COLUMNS = [
  'type',
  'identifier',
  'vendor',
  'billing_account',
  'description',
  'owner',
  'cost_center',
  'location',
  'contract',
  'rate_item',
  'expected_monthly',
  'currency',
  'state',
  'ordered_on',
  'activated_on',
  'suspended_on',
  'disconnect_requested_on',
  'disconnected_on',
  'tags',
  'last_reviewed_on',
  'review_evidence',
] as const;

export interface SavedView {
  id: string;
  name: string;
  state: { query?: string; columns?: string[] };
}
