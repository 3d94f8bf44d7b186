import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

export type FieldType = 'text' | 'int' | 'date' | 'enum' | 'ref' | 'currency' | 'email';

export interface FieldMeta {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  values?: string[];
  refPlural?: string;
  min?: number;
  max?: number;
  /** Not in the documented contract; used for new-form defaults when the server sends it. */
  default?: string | number;
  csv: string;
}

export interface EntityMeta {
  name: string;
  plural: string;
  label: string;
  naturalKey: string[];
  defaultSort: string;
  search: string[];
  fields: FieldMeta[];
}

export type Item = Record<string, unknown> & { id: string };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Role {
  role: string;
  label: string;
}

// Metadata changes only with a deploy, so it is fetched once per page load.
const forever = { staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY };

export function useEntities() {
  return useQuery({
    queryKey: ['meta', 'entities'],
    queryFn: () => api<EntityMeta[]>('/api/meta/entities'),
    ...forever,
  });
}

export function useRoles() {
  return useQuery({ queryKey: ['meta', 'roles'], queryFn: () => api<Role[]>('/api/meta/roles'), ...forever });
}

export const roleLabel = (roles: Role[] | undefined, role: string | null | undefined): string =>
  role ? (roles?.find((r) => r.role === role)?.label ?? role) : '';

/** `vendorId` → `vendorLabel`: where list and detail items carry a reference's display key. */
export const labelField = (field: string) => `${field.replace(/Id$/, '')}Label`;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Natural key as a human reads it, with references shown by their own key. */
export function keyText(entity: EntityMeta, item: Item): string {
  return entity.naturalKey
    .map((k) => {
      const f = entity.fields.find((x) => x.name === k);
      return str(f?.type === 'ref' ? item[labelField(k)] : item[k]);
    })
    .join(' / ');
}

/** Option label for pickers: natural key plus the name, e.g. "VZW — Verizon Wireless". */
export function optionLabel(entity: EntityMeta, item: Item): string {
  const key = keyText(entity, item);
  const name = entity.naturalKey.includes('name') ? '' : str(item.name);
  return name && name !== key ? `${key} — ${name}` : key;
}

export function formatValue(field: FieldMeta, item: Item): string {
  if (field.type === 'ref') return str(item[labelField(field.name)]);
  const v = item[field.name];
  if (field.type === 'int' && typeof v === 'number') return v.toLocaleString();
  if (field.type === 'enum' && typeof v === 'string') return humanize(v);
  return str(v);
}

const SPELLING: Record<string, string> = { saas: 'SaaS' };
export const humanize = (s: string) =>
  SPELLING[s] ?? (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, ' ');

export const formatDateTime = (v: unknown): string => {
  if (!v) return '';
  const d = new Date(String(v));
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

export const formatDate = (v: unknown): string => {
  if (!v) return '';
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
};

/** "Vendor" → "vendor" but "GL account" stays as is. */
export const lower = (s: string) => (/^[A-Z]{2}/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

/** Marks a label as required (see app.css) without adding text to it. */
export const REQUIRED = { 'data-mark': 'required' };
