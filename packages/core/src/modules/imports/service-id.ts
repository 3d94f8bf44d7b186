import type { ParsedCharge } from '@temops/formats';

/** How the identifiers of a service type are spelled canonically. */
export type IdentifierKind = 'phone' | 'circuit' | 'sku' | 'account' | 'text';

export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['phone', 'circuit', 'sku', 'account', 'text'];

/**
 * One spelling per service, so "(312) 555-0100", "312.555.0100" and "+13125550100" on three bills
 * match the same line in inventory. Phone numbers become E.164 (North American numbers assumed
 * when no country code is given); circuit ids are upper-cased with spaces removed.
 */
export function normalizeServiceId(raw: string | null, type: ParsedCharge['serviceType']): string | null {
  if (raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  if (type === 'phone' || (type === null && looksLikePhone(text))) return toE164(text) ?? text;
  if (type === 'circuit') return circuitId(text);
  return text;
}

/**
 * The inventory side of the same rules: a service's identifier is stored the way a bill's charge
 * for it is normalised, so charges and inventory meet on equal text. Inventory is stricter than
 * bills: a number that cannot be written as E.164 is refused (null) rather than kept as typed.
 */
export function normalizeIdentifier(raw: string, kind: IdentifierKind): string | null {
  const text = raw.trim();
  if (text === '') return null;
  switch (kind) {
    case 'phone':
      return toE164(text);
    case 'circuit':
      return circuitId(text);
    case 'sku':
      return text.toUpperCase();
    default:
      return text;
  }
}

const circuitId = (text: string) => text.toUpperCase().replace(/\s+/g, '');

function looksLikePhone(text: string): boolean {
  return /^\+?[\d\s().-]{7,20}$/.test(text) && /\d{3}/.test(text);
}

function toE164(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}
