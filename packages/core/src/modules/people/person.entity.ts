import type { EntitySpec } from '../reference/entity.ts';
import { assertNoCycle } from '../reference/tree.ts';

export const personEntity: EntitySpec = {
  name: 'person',
  plural: 'people',
  label: 'Person',
  table: 'people',
  fields: {
    employeeId: {
      column: 'employee_id',
      type: 'text',
      label: 'Employee ID',
      required: true,
      max: 64,
      csv: 'employee_id',
    },
    name: { column: 'name', type: 'text', label: 'Name', required: true, csv: 'name' },
    email: { column: 'email', type: 'email', label: 'E-mail', csv: 'email' },
    costCenterId: {
      column: 'cost_center_id',
      type: 'ref',
      label: 'Cost center',
      ref: { table: 'cost_centers', keyColumn: 'code' },
      csv: 'cost_center_code',
    },
    managerId: {
      column: 'manager_id',
      type: 'ref',
      label: 'Manager',
      ref: { table: 'people', keyColumn: 'employee_id' },
      csv: 'manager_employee_id',
    },
    locationId: {
      column: 'location_id',
      type: 'ref',
      label: 'Location',
      ref: { table: 'locations', keyColumn: 'code' },
      csv: 'location_code',
    },
    leaverDate: { column: 'leaver_date', type: 'date', label: 'Leaver date', csv: 'leaver_date' },
  },
  naturalKey: ['employeeId'],
  defaultSort: 'name',
  search: ['employeeId', 'name', 'email'],
  check: (ctx, data, id) => assertNoCycle(ctx, 'people', 'manager_id', 'managerId', id, data.managerId),
};
