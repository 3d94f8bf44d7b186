import type { Rng } from './random.ts';
import type { BillingCadence, DemoBillingAccount, DemoVendor } from './types.ts';

const HEX = '0123456789abcdef';
const ALNUM_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface AccountSpec {
  name: string;
  /** Sub-accounts roll up to the vendor's first (master/payer) account. */
  sub?: boolean;
  cadence?: BillingCadence;
}

interface VendorSpec {
  vendor: DemoVendor;
  currency?: string;
  /** Fixed invoice day for providers that always bill on the same day; random otherwise. */
  invoiceDay?: number;
  /** `master` is the vendor's first account number, for formats that derive sub-accounts from it. */
  accountNumber: (rng: Rng, master: string | null, index: number) => string;
  accounts: AccountSpec[];
}

const guid = (rng: Rng): string => [8, 4, 4, 4, 12].map((n) => rng.chars(n, HEX)).join('-');

const VENDORS: VendorSpec[] = [
  {
    vendor: {
      code: 'ATT',
      name: 'AT&T',
      kind: 'telecom',
      disputeWindowDays: 60,
      disputeContact: 'AT&T Business Center - Billing Disputes, 1-800-555-0142',
      remitTo: 'AT&T, P.O. Box 5019, Carol Stream, IL 60197',
    },
    accountNumber: (rng) => `287-${rng.digits(9)}`,
    accounts: [
      { name: 'AT&T Master Billing - Corporate' },
      { name: 'AT&T Voice - Chicago HQ', sub: true },
      { name: 'AT&T AVPN - Plant Network', sub: true },
      { name: 'AT&T Local Lines - Milwaukee Plant', sub: true },
      { name: 'AT&T Dedicated Internet - Elk Grove DC' },
      { name: 'AT&T POTS - Fire & Alarm Lines' },
    ],
  },
  {
    vendor: {
      code: 'VZW',
      name: 'Verizon Wireless',
      kind: 'wireless',
      disputeWindowDays: 90,
      disputeContact: 'Verizon Business Billing Support, 1-800-555-0167',
      remitTo: 'Verizon Wireless, P.O. Box 660108, Dallas, TX 75266',
    },
    // Verizon numbers are a 9-digit base plus a 5-digit suffix; sub-accounts share the master's base.
    accountNumber: (rng, master, index) =>
      master === null
        ? `${rng.digits(9)}-00001`
        : `${master.slice(0, 9)}-${String(index + 1).padStart(5, '0')}`,
    accounts: [
      { name: 'Verizon - Corporate Liable Lines' },
      { name: 'Verizon - Field Sales Smartphones', sub: true },
      { name: 'Verizon - Fleet Telematics (IoT)', sub: true },
      { name: 'Verizon - Plant Hotspots', sub: true },
    ],
  },
  {
    vendor: {
      code: 'TMO',
      name: 'T-Mobile for Business',
      kind: 'wireless',
      disputeWindowDays: 60,
      disputeContact: 'T-Mobile Business Care, 1-800-555-0113',
      remitTo: 'T-Mobile, P.O. Box 790047, St. Louis, MO 63179',
    },
    accountNumber: (rng) => rng.digits(9),
    accounts: [
      { name: 'T-Mobile - Manufacturing Devices' },
      { name: 'T-Mobile - Warehouse Scanners' },
      { name: 'T-Mobile - Executive Lines' },
    ],
  },
  {
    vendor: {
      code: 'LUMN',
      name: 'Lumen',
      kind: 'telecom',
      disputeWindowDays: 60,
      disputeContact: 'Lumen Billing Disputes, 1-800-555-0178',
      remitTo: 'Lumen, P.O. Box 52187, Phoenix, AZ 85072',
    },
    accountNumber: (rng) => `5-${rng.chars(8, ALNUM_UPPER)}`,
    accounts: [
      { name: 'Lumen Enterprise - Consolidated' },
      { name: 'Lumen IP VPN - WAN', sub: true },
      { name: 'Lumen SIP Trunking - Chicago HQ', sub: true },
      { name: 'Lumen Internet - Columbus Warehouse' },
    ],
  },
  {
    vendor: {
      code: 'CMCB',
      name: 'Comcast Business',
      kind: 'telecom',
      disputeWindowDays: 30,
      disputeContact: null,
      remitTo: 'Comcast Business, P.O. Box 70219, Philadelphia, PA 19176',
    },
    // Comcast bills each service address separately, hence several small unrelated accounts.
    accountNumber: (rng) => `8${rng.digits(15)}`,
    accounts: [
      { name: 'Comcast Business - Denver Sales Office' },
      { name: 'Comcast Business - Phoenix Sales Office' },
      { name: 'Comcast Business - Seattle Sales Office' },
      { name: 'Comcast Business - Nashville Sales Office' },
      { name: 'Comcast Business - Charlotte Sales Office' },
    ],
  },
  {
    vendor: {
      code: 'ZAYO',
      name: 'Zayo',
      kind: 'telecom',
      disputeWindowDays: 45,
      disputeContact: 'Zayo Billing Inquiries, 1-800-555-0190',
      remitTo: 'Zayo Group, P.O. Box 952136, Dallas, TX 75395',
    },
    accountNumber: (rng) => `ZYO-${rng.digits(7)}`,
    accounts: [
      { name: 'Zayo Dark Fiber - Chicago Metro', cadence: 'quarterly' },
      { name: 'Zayo Wavelength - Chicago to Milwaukee' },
    ],
  },
  {
    vendor: {
      code: 'MSFT',
      name: 'Microsoft 365',
      kind: 'saas',
      disputeWindowDays: 30,
      disputeContact: 'Microsoft Admin Center - Billing Support',
      remitTo: null,
    },
    accountNumber: (rng) => guid(rng),
    accounts: [
      { name: 'Microsoft Enterprise Agreement - M365 E3/E5', cadence: 'annual' },
      { name: 'Microsoft CSP - Azure & Add-ons' },
    ],
  },
  {
    vendor: {
      code: 'AWS',
      name: 'Amazon Web Services',
      kind: 'cloud',
      disputeWindowDays: 60,
      disputeContact: 'AWS Support Center - Billing',
      remitTo: null,
    },
    invoiceDay: 2,
    accountNumber: (rng) => rng.digits(12),
    accounts: [
      { name: 'AWS Organization - Management (Payer)' },
      { name: 'AWS - Production', sub: true },
      { name: 'AWS - Staging', sub: true },
      { name: 'AWS - Data Platform', sub: true },
      { name: 'AWS - Engineering Sandbox', sub: true },
    ],
  },
  {
    vendor: {
      code: 'GCP',
      name: 'Google Cloud',
      kind: 'cloud',
      disputeWindowDays: 60,
      disputeContact: 'Google Cloud Billing Support',
      remitTo: null,
    },
    invoiceDay: 1,
    accountNumber: (rng) => [6, 6, 6].map((n) => rng.chars(n, HEX).toUpperCase()).join('-'),
    accounts: [{ name: 'Google Cloud - Analytics & BigQuery' }, { name: 'Google Cloud - R&D Projects' }],
  },
  {
    vendor: {
      code: 'ZOOM',
      name: 'Zoom',
      kind: 'saas',
      disputeWindowDays: 30,
      disputeContact: null,
      remitTo: 'Zoom Communications, P.O. Box 736324, Dallas, TX 75373',
    },
    accountNumber: (rng) => `ZM-${rng.digits(8)}`,
    accounts: [
      { name: 'Zoom Workplace Enterprise', cadence: 'annual' },
      { name: 'Zoom Phone - Metered Usage' },
    ],
  },
  {
    vendor: {
      code: 'SFDC',
      name: 'Salesforce',
      kind: 'saas',
      disputeWindowDays: 45,
      disputeContact: 'Salesforce Collections & Billing, 1-800-555-0155',
      remitTo: 'Salesforce, Inc., P.O. Box 203141, Dallas, TX 75320',
    },
    // Salesforce org ids: "00D" prefix + 12 case-sensitive characters.
    accountNumber: (rng) => `00D${rng.chars(12, ALNUM_MIXED)}`,
    accounts: [
      { name: 'Salesforce Sales Cloud - Production Org', cadence: 'annual' },
      { name: 'Salesforce - Data Cloud Credits', cadence: 'quarterly' },
    ],
  },
  {
    vendor: {
      code: 'BELL',
      name: 'Bell Canada',
      kind: 'telecom',
      disputeWindowDays: 90,
      disputeContact: 'Bell Business Billing, 1-800-555-0121',
      remitTo: 'Bell Canada, P.O. Box 9000, North York, ON M3C 2X7',
    },
    // Bell serves the Canadian sites and bills in CAD.
    currency: 'CAD',
    accountNumber: (rng) => rng.digits(9),
    accounts: [
      { name: 'Bell Business - Toronto Sales Office' },
      { name: 'Bell Business - Hamilton Plant' },
      { name: 'Bell Mobility - Canadian Devices' },
    ],
  },
];

export function buildVendors(): DemoVendor[] {
  return VENDORS.map((spec) => ({ ...spec.vendor }));
}

export function buildBillingAccounts(rng: Rng): DemoBillingAccount[] {
  const out: DemoBillingAccount[] = [];
  for (const spec of VENDORS) {
    const used = new Set<string>();
    let master: string | null = null;
    spec.accounts.forEach((account, index) => {
      let accountNumber = spec.accountNumber(rng, master, index);
      // Random formats can collide in principle; redraw so natural keys stay unique per vendor.
      while (used.has(accountNumber)) accountNumber = spec.accountNumber(rng, null, index);
      used.add(accountNumber);
      master ??= accountNumber;
      out.push({
        vendorCode: spec.vendor.code,
        accountNumber,
        parentAccountNumber: account.sub && master !== accountNumber ? master : null,
        name: account.name,
        currency: spec.currency ?? 'USD',
        expectedInvoiceDay: spec.invoiceDay ?? rng.int(1, 28),
        cadence: account.cadence ?? 'monthly',
      });
    });
  }
  return out;
}
