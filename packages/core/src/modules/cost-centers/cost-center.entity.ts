import type { EntitySpec } from '../reference/entity.ts';
import { assertNoCycle } from '../reference/tree.ts';

export const costCenterEntity: EntitySpec = {
  name: 'cost_center',
  plural: 'cost-centers',
  label: 'Cost center',
  table: 'cost_centers',
  fields: {
    code: { column: 'code', type: 'text', label: 'Code', required: true, max: 32, csv: 'code' },
    name: { column: 'name', type: 'text', label: 'Name', required: true, csv: 'name' },
    parentId: {
      column: 'parent_id',
      type: 'ref',
      label: 'Parent cost center',
      ref: { table: 'cost_centers', keyColumn: 'code' },
      csv: 'parent_code',
    },
    managerId: {
      column: 'manager_id',
      type: 'ref',
      label: 'Manager',
      ref: { table: 'people', keyColumn: 'employee_id' },
      csv: 'manager_employee_id',
    },
  },
  naturalKey: ['code'],
  defaultSort: 'code',
  search: ['code', 'name'],
  check: (ctx, data, id) => assertNoCycle(ctx, 'cost_centers', 'parent_id', 'parentId', id, data.parentId),
};
