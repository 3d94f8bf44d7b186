import { type EntitySpec, reviewField } from '../reference/entity.ts';

export const VENDOR_KINDS = ['telecom', 'wireless', 'cloud', 'saas', 'other'] as const;

export const vendorEntity: EntitySpec = {
  name: 'vendor',
  plural: 'vendors',
  label: 'Vendor',
  table: 'vendors',
  fields: {
    code: { column: 'code', type: 'text', label: 'Code', required: true, max: 32, csv: 'code' },
    name: { column: 'name', type: 'text', label: 'Name', required: true, csv: 'name' },
    kind: {
      column: 'kind',
      type: 'enum',
      label: 'Kind',
      required: true,
      values: VENDOR_KINDS,
      default: 'other',
      csv: 'kind',
    },
    disputeWindowDays: {
      column: 'dispute_window_days',
      type: 'int',
      label: 'Dispute window (days)',
      required: true,
      min: 0,
      max: 365,
      default: 45,
      csv: 'dispute_window_days',
    },
    disputeContact: {
      column: 'dispute_contact',
      type: 'text',
      label: 'Dispute contact',
      csv: 'dispute_contact',
    },
    remitTo: { column: 'remit_to', type: 'text', label: 'Remit to', max: 500, csv: 'remit_to' },
    review: reviewField,
  },
  naturalKey: ['code'],
  defaultSort: 'name',
  search: ['code', 'name'],
};
