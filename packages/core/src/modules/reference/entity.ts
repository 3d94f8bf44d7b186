import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Action } from '../access/permissions.ts';

/**
 * Reference data (vendors, accounts, cost centers, GL accounts, locations, people) is described
 * as data: one spec per entity drives validation, queries, CSV import, the API and the UI forms,
 * so the six entities cannot drift apart in behaviour.
 */
export type FieldType = 'text' | 'int' | 'date' | 'enum' | 'ref' | 'currency' | 'email';

export interface RefSpec {
  table: keyof Database;
  /** natural-key column of the referenced table, shown as the label and used in CSV files */
  keyColumn: string;
  /** fields of this entity whose values must also match on the referenced row (e.g. same vendor) */
  scope?: { field: string; column: string }[];
}

export interface FieldSpec {
  column: string;
  type: FieldType;
  label: string;
  required?: boolean;
  max?: number;
  min?: number;
  values?: readonly string[];
  default?: string | number;
  ref?: RefSpec;
  /** CSV header; refs are written and read by the referenced natural key */
  csv: string;
}

export interface EntitySpec {
  name: 'vendor' | 'billing_account' | 'cost_center' | 'gl_account' | 'location' | 'person';
  plural: string;
  label: string;
  table: keyof Database;
  fields: Record<string, FieldSpec>;
  naturalKey: string[];
  defaultSort: string;
  search: string[];
  /** extra rules that need the database or several fields (cycles, closed dates) */
  check?: (ctx: Ctx, data: Record<string, unknown>, id: string | null) => Promise<void>;
}

/** Vendors and accounts first seen on a bill are 'pending' until an analyst confirms them. */
export const reviewField: FieldSpec = {
  column: 'review',
  type: 'enum',
  label: 'Review',
  required: true,
  values: ['confirmed', 'pending'],
  default: 'confirmed',
  csv: 'review',
};

export const readAction = (e: EntitySpec) => `${e.name}.read` as Action;
export const writeAction = (e: EntitySpec) => `${e.name}.write` as Action;

/** `vendorId` → `vendorLabel`: the field that carries a reference's human-readable key. */
export const labelField = (field: string) => `${field.replace(/Id$/, '')}Label`;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a calendar date',
  );

function fieldSchema(f: FieldSpec): z.ZodType {
  let s: z.ZodType;
  switch (f.type) {
    case 'text':
      s = z
        .string()
        .trim()
        .min(f.required ? 1 : 0, 'required')
        .max(f.max ?? 200);
      break;
    case 'email':
      s = z.email();
      break;
    case 'currency':
      s = z.string().regex(/^[A-Z]{3}$/, 'three-letter ISO 4217 code');
      break;
    case 'date':
      s = isoDate;
      break;
    case 'enum':
      s = z.enum(f.values as [string, ...string[]]);
      break;
    case 'ref':
      s = z.uuid('unknown reference');
      break;
    case 'int':
      s = z.preprocess(
        (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z
          .number({ error: 'must be a whole number' })
          .int('must be a whole number')
          .min(f.min ?? 0)
          .max(f.max ?? 1_000_000),
      );
      break;
  }
  const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
  if (f.required) {
    return z.preprocess((v, ctx) => {
      const value = v === null || v === undefined || v === '' ? f.default : v;
      if (value === undefined) ctx.issues.push({ code: 'custom', message: 'required', input: v });
      return value;
    }, s);
  }
  return z.preprocess((v) => blankToNull(v) ?? f.default ?? null, s.nullable());
}

export function entitySchema(e: EntitySpec) {
  return z.object(Object.fromEntries(Object.entries(e.fields).map(([k, f]) => [k, fieldSchema(f)]))).strict();
}
