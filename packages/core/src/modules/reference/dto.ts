import { type EntitySpec, labelField } from './entity.ts';
import type { Row } from './reference.queries.ts';

export type Dto = Record<string, unknown> & { id: string; createdAt: string; updatedAt: string };

export function rowToDto(e: EntitySpec, row: Row): Dto {
  const dto: Dto = {
    id: row.id as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
  for (const [name, f] of Object.entries(e.fields)) {
    dto[name] = row[f.column] ?? null;
    if (f.ref) dto[labelField(name)] = row[`${f.column}__label`] ?? null;
  }
  return dto;
}

/** The editable values of a row, keyed by field name: the "before" of an update. */
export function fieldValues(e: EntitySpec, row: Row): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e.fields).map(([name, f]) => [name, row[f.column] ?? null]));
}

export function valuesToColumns(e: EntitySpec, values: Record<string, unknown>): Row {
  return Object.fromEntries(Object.entries(e.fields).map(([name, f]) => [f.column, values[name] ?? null]));
}
