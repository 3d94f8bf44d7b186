/** Record shapes of the demo tenant's reference data. Records link by natural key, not by id. */

export type VendorKind = 'telecom' | 'wireless' | 'cloud' | 'saas' | 'other';
export type BillingCadence = 'monthly' | 'quarterly' | 'annual';

export interface DemoVendor {
  code: string;
  name: string;
  kind: VendorKind;
  disputeWindowDays: number;
  disputeContact: string | null;
  remitTo: string | null;
}

export interface DemoBillingAccount {
  vendorCode: string;
  accountNumber: string;
  parentAccountNumber: string | null;
  name: string;
  currency: string;
  expectedInvoiceDay: number | null;
  cadence: BillingCadence;
}

export interface DemoCostCenter {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface DemoGlAccount {
  code: string;
  name: string;
}

export interface DemoLocation {
  code: string;
  name: string;
  address: string | null;
  city: string;
  region: string;
  country: string;
  status: 'open' | 'closed';
  /** YYYY-MM-DD */
  closedOn: string | null;
}

export interface DemoPerson {
  employeeId: string;
  name: string;
  email: string;
  costCenterCode: string | null;
  managerEmployeeId: string | null;
  locationCode: string | null;
  /** YYYY-MM-DD */
  leaverDate: string | null;
}

export interface DemoReferenceData {
  tenant: { slug: string; name: string };
  vendors: DemoVendor[];
  billingAccounts: DemoBillingAccount[];
  costCenters: DemoCostCenter[];
  glAccounts: DemoGlAccount[];
  locations: DemoLocation[];
  people: DemoPerson[];
}
