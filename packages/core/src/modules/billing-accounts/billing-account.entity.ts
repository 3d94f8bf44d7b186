import { type EntitySpec, reviewField } from '../reference/entity.ts';
import { assertNoCycle } from '../reference/tree.ts';

export const billingAccountEntity: EntitySpec = {
  name: 'billing_account',
  plural: 'billing-accounts',
  label: 'Billing account',
  table: 'billing_accounts',
  fields: {
    vendorId: {
      column: 'vendor_id',
      type: 'ref',
      label: 'Vendor',
      required: true,
      ref: { table: 'vendors', keyColumn: 'code' },
      csv: 'vendor_code',
    },
    accountNumber: {
      column: 'account_number',
      type: 'text',
      label: 'Account number',
      required: true,
      max: 64,
      csv: 'account_number',
    },
    parentId: {
      column: 'parent_id',
      type: 'ref',
      label: 'Parent account',
      // A sub-account always belongs to the same vendor as its parent.
      ref: {
        table: 'billing_accounts',
        keyColumn: 'account_number',
        scope: [{ field: 'vendorId', column: 'vendor_id' }],
      },
      csv: 'parent_account_number',
    },
    name: { column: 'name', type: 'text', label: 'Name', csv: 'name' },
    currency: {
      column: 'currency',
      type: 'currency',
      label: 'Currency',
      required: true,
      default: 'USD',
      csv: 'currency',
    },
    expectedInvoiceDay: {
      column: 'expected_invoice_day',
      type: 'int',
      label: 'Expected invoice day',
      min: 1,
      max: 31,
      csv: 'expected_invoice_day',
    },
    cadence: {
      column: 'cadence',
      type: 'enum',
      label: 'Cadence',
      required: true,
      values: ['monthly', 'quarterly', 'annual'],
      default: 'monthly',
      csv: 'cadence',
    },
    status: {
      column: 'status',
      type: 'enum',
      label: 'Status',
      required: true,
      values: ['active', 'closed'],
      default: 'active',
      csv: 'status',
    },
    review: reviewField,
  },
  naturalKey: ['vendorId', 'accountNumber'],
  defaultSort: 'accountNumber',
  search: ['accountNumber', 'name', 'vendorId'],
  check: (ctx, data, id) =>
    assertNoCycle(ctx, 'billing_accounts', 'parent_id', 'parentId', id, data.parentId),
};
