/**
 * Built-in profiles, from the column lists of portal exports in FORMATS.md §3. No public real
 * carrier export exists to copy, so the header names follow the carriers' documented report
 * columns; tenants adjust or copy them (a saved profile with the same detect headers and a
 * better fit wins in detectProfile).
 */
import type { MappingProfile } from './profile.ts';

const TOTAL_ROWS = '^(grand\\s+)?(sub)?total\\b';

/** Verizon-style wireless "bill summary by line": one row per line, one column per charge group. */
export const VERIZON_WIRELESS_SUMMARY: MappingProfile = {
  id: 'builtin:verizon-wireless-summary-by-line',
  name: 'Verizon Wireless: bill summary by line',
  vendorName: 'Verizon Wireless',
  detectHeaders: ['Wireless Number', 'Monthly Access Charges', 'Bill Cycle Date'],
  columns: {
    accountNumber: ['Account Number', 'Billing Account Number'],
    invoiceNumber: 'Invoice Number',
    invoiceDate: ['Bill Cycle Date', 'Bill Date'],
    serviceId: ['Wireless Number', 'Mobile Number'],
    rowTotal: 'Total Charges',
  },
  amountColumns: [
    { column: 'Monthly Access Charges', kind: 'recurring' },
    { column: ['Usage and Purchase Charges', 'Usage & Purchase Charges'], kind: 'usage' },
    { column: 'Equipment Charges', kind: 'one_time' },
    {
      column: ['Surcharges and Other Charges and Credits', 'Surcharges & Other Charges & Credits'],
      kind: 'surcharge_fee',
      creditKind: 'credit_adjustment',
    },
    {
      column: ['Taxes, Governmental Surcharges and Fees', 'Taxes, Governmental Surcharges & Fees'],
      kind: 'tax',
    },
    { column: 'Third Party Charges', kind: 'one_time' },
  ],
  extraColumns: { userName: 'User Name', costCenter: 'Cost Center', pricePlan: 'Price Plan' },
  defaultKind: 'recurring',
  serviceType: 'phone',
  dateFormat: 'us',
  currency: 'USD',
  skipRowsMatching: TOTAL_ROWS,
};

/** AT&T-style wireline billing detail ("Comma (with heading)"): one row per charge. */
export const ATT_WIRELINE_DETAIL: MappingProfile = {
  id: 'builtin:att-wireline-billing-detail',
  name: 'AT&T wireline: billing detail',
  vendorName: 'AT&T',
  detectHeaders: ['Billing Account Number', 'USOC', 'Charge Type'],
  columns: {
    accountNumber: ['Billing Account Number', 'BAN'],
    subAccountNumber: 'Sub Account',
    invoiceNumber: 'Invoice Number',
    invoiceDate: 'Bill Date',
    dueDate: 'Due Date',
    serviceId: ['Service Number', 'Circuit ID', 'Telephone Number'],
    kind: 'Charge Type',
    productCode: 'USOC',
    description: 'Charge Description',
    quantity: 'Quantity',
    unitRate: 'Rate',
    periodStart: 'From Date',
    periodEnd: 'Thru Date',
    amount: 'Amount',
  },
  extraColumns: { location: 'Service Location' },
  kindMap: {
    'monthly recurring': 'recurring',
    prorated: 'recurring',
    'one time': 'one_time',
    taxes: 'tax',
    surcharges: 'surcharge_fee',
    'surcharges and fees': 'surcharge_fee',
    credits: 'credit_adjustment',
    adjustments: 'credit_adjustment',
    '/late (payment )?(fee|charge)/': 'late_fee',
  },
  defaultKind: 'recurring',
  dateFormat: 'us',
  currency: 'USD',
  skipRowsMatching: TOTAL_ROWS,
};

/** The TEMOps template: canonical fields as columns, ISO dates, kinds by their canonical names. */
export const TEMOPS_TEMPLATE: MappingProfile = {
  id: 'builtin:temops-template',
  name: 'TEMOps charge template',
  vendorName: '',
  detectHeaders: ['Account Number', 'Invoice Number', 'Charge Kind', 'Amount'],
  columns: {
    vendorName: 'Vendor',
    accountNumber: 'Account Number',
    subAccountNumber: 'Sub Account',
    invoiceNumber: 'Invoice Number',
    invoiceDate: 'Invoice Date',
    dueDate: 'Due Date',
    periodStart: 'Period Start',
    periodEnd: 'Period End',
    serviceId: 'Service ID',
    kind: 'Charge Kind',
    description: 'Description',
    productCode: 'Product Code',
    quantity: 'Quantity',
    unit: 'Unit',
    unitRate: 'Unit Rate',
    amount: 'Amount',
    currency: 'Currency',
  },
  extraColumns: { costCenter: 'Cost Center', glCode: 'GL Code' },
  defaultKind: 'recurring',
  dateFormat: 'iso',
  skipRowsMatching: TOTAL_ROWS,
};

export const BUILT_IN_PROFILES: readonly MappingProfile[] = [
  VERIZON_WIRELESS_SUMMARY,
  ATT_WIRELINE_DETAIL,
  TEMOPS_TEMPLATE,
];
