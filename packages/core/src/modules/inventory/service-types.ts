import { invalid } from '../../shared/errors.ts';
import type { IdentifierKind } from '../imports/service-id.ts';

export interface AttributeDef {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'enum';
  values?: string[];
}

export interface ServiceTypeDef {
  /** null for a built-in type the tenant has not extended */
  id: string | null;
  code: string;
  name: string;
  identifierKind: IdentifierKind;
  builtIn: boolean;
  attributes: AttributeDef[];
}

/** Types every tenant has; a tenant may add attributes to them or define its own. */
export const BUILT_IN_TYPES: readonly Omit<ServiceTypeDef, 'id' | 'attributes' | 'builtIn'>[] = [
  { code: 'wireless', name: 'Wireless line', identifierKind: 'phone' },
  { code: 'wireline', name: 'Wireline / POTS', identifierKind: 'phone' },
  { code: 'data_circuit', name: 'Data circuit', identifierKind: 'circuit' },
  { code: 'sip_ucaas', name: 'SIP / UCaaS', identifierKind: 'phone' },
  { code: 'device', name: 'Device', identifierKind: 'text' },
  { code: 'saas', name: 'SaaS subscription', identifierKind: 'sku' },
  { code: 'cloud_account', name: 'Cloud account', identifierKind: 'account' },
  { code: 'other', name: 'Other', identifierKind: 'text' },
];

export const builtInType = (code: string) => BUILT_IN_TYPES.find((t) => t.code === code);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Checks custom attribute values against the type's definitions and returns them as trimmed
 * text with blanks dropped; one message per bad key.
 */
export function checkAttributes(
  type: ServiceTypeDef,
  values: Record<string, unknown>,
): { attributes: Record<string, string>; errors: string[] } {
  const defs = new Map(type.attributes.map((a) => [a.key, a]));
  const attributes: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const def = defs.get(key);
    if (!def) {
      errors.push(`attribute ${key}: type ${type.code} has no such attribute`);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const text = String(raw).trim();
    if (text === '') continue;
    if (def.type === 'number' && !NUMBER.test(text)) errors.push(`attribute ${key}: not a number`);
    else if (def.type === 'date' && !DATE.test(text)) errors.push(`attribute ${key}: not a YYYY-MM-DD date`);
    else if (def.type === 'enum' && !(def.values ?? []).includes(text))
      errors.push(`attribute ${key}: must be one of ${(def.values ?? []).join(', ')}`);
    else attributes[key] = text;
  }
  return { attributes, errors };
}

const TAG = /^[a-z0-9][a-z0-9 _.:/-]{0,39}$/;

/** Lower-case, trimmed, sorted and deduplicated; throws on characters a tag may not hold. */
export function normalizeTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tags) {
    const tag = t.trim().toLowerCase();
    if (tag === '') continue;
    if (!TAG.test(tag))
      throw invalid(`tag "${t}": letters, digits, space and _ . : / - only, up to 40 characters`);
    out.add(tag);
  }
  return [...out].sort();
}
