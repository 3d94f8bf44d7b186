import { invalid } from '../../shared/errors.ts';
import type { EntitySpec } from '../reference/entity.ts';

export const locationEntity: EntitySpec = {
  name: 'location',
  plural: 'locations',
  label: 'Location',
  table: 'locations',
  fields: {
    code: { column: 'code', type: 'text', label: 'Code', required: true, max: 32, csv: 'code' },
    name: { column: 'name', type: 'text', label: 'Name', required: true, csv: 'name' },
    address: { column: 'address', type: 'text', label: 'Address', max: 500, csv: 'address' },
    city: { column: 'city', type: 'text', label: 'City', csv: 'city' },
    region: { column: 'region', type: 'text', label: 'Region / state', csv: 'region' },
    country: { column: 'country', type: 'text', label: 'Country', max: 2, csv: 'country' },
    status: {
      column: 'status',
      type: 'enum',
      label: 'Status',
      required: true,
      values: ['open', 'closed'],
      default: 'open',
      csv: 'status',
    },
    closedOn: { column: 'closed_on', type: 'date', label: 'Closed on', csv: 'closed_on' },
  },
  naturalKey: ['code'],
  defaultSort: 'code',
  search: ['code', 'name', 'city'],
  // A closed site needs its closing date: charges after it are billing for nobody.
  async check(_ctx, data) {
    if (data.status === 'closed' && !data.closedOn) {
      throw invalid('closedOn: required when the location is closed', {
        fields: [{ path: 'closedOn', message: 'required when closed' }],
      });
    }
    if (data.status === 'open' && data.closedOn) {
      throw invalid('closedOn: an open location has no closing date', {
        fields: [{ path: 'closedOn', message: 'only for closed locations' }],
      });
    }
  },
};
