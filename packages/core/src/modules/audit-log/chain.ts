import type { AuditEventTable } from '../../db/schema.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { sha256 } from '../../shared/ids.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers every stored column but itself, so any edit to a row changes it. */
export function eventHash(e: Omit<AuditEventTable, 'hash'>): string {
  return sha256(
    canonicalJson([
      e.seq,
      e.at,
      e.tenant_id,
      e.actor,
      e.entity,
      e.entity_id,
      e.action,
      e.before_json,
      e.after_json,
      e.prev_hash,
    ]),
  );
}
