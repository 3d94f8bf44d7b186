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

export interface DemoRateItem {
  name: string;
  code: string | null;
  descriptionPattern: string | null;
  chargeKind: string | null;
  unit: string | null;
  /** decimal strings in the contract's currency */
  unitRate: string | null;
  mrc: string | null;
  nrc: string | null;
  discountPct: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface DemoContract {
  vendorCode: string;
  contractNumber: string;
  name: string;
  termStart: string;
  termEnd: string | null;
  autoRenew: boolean;
  renewalMonths: number | null;
  noticeDays: number;
  currency: string;
  commitmentKind: 'none' | 'spend' | 'volume';
  commitmentPeriod: 'monthly' | 'annual' | 'term' | null;
  commitmentAmount: string | null;
  commitmentVolume: number | null;
  accountNumbers: string[];
  rateItems: DemoRateItem[];
}

export type DemoServiceState = 'ordered' | 'active' | 'suspended' | 'disconnect_requested' | 'disconnected';

export interface DemoService {
  serviceType: string;
  identifier: string;
  description: string | null;
  vendorCode: string;
  accountNumber: string;
  ownerEmployeeId: string | null;
  costCenterCode: string | null;
  locationCode: string | null;
  /** the rate item, by contract number and item code */
  contractNumber: string | null;
  rateItemCode: string | null;
  /** decimal string in the account's currency */
  expectedMonthly: string | null;
  state: DemoServiceState;
  activatedOn: string | null;
  disconnectedOn: string | null;
  tags: string[];
  lastReviewedOn: string | null;
  /**
   * Days before today on which the data steward filled in this line's owner and cost center and
   * reviewed it; until then both were blank. Null: the line never had that gap.
   */
  gapClosedDaysAgo: number | null;
}
