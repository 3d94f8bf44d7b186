import type { EntitySpec } from '../reference/entity.ts';

export const glAccountEntity: EntitySpec = {
  name: 'gl_account',
  plural: 'gl-accounts',
  label: 'GL account',
  table: 'gl_accounts',
  fields: {
    code: { column: 'code', type: 'text', label: 'Code', required: true, max: 32, csv: 'code' },
    name: { column: 'name', type: 'text', label: 'Name', required: true, csv: 'name' },
  },
  naturalKey: ['code'],
  defaultSort: 'code',
  search: ['code', 'name'],
};
