import { sha256 } from '../../../shared/ids.ts';
import type { AuditRule } from '../rule.ts';
import { CONTRACT_RULES } from './contract-rules.ts';
import { INVENTORY_RULES } from './inventory-rules.ts';
import { INVOICE_RULES } from './invoice-rules.ts';
import { SERVICE_RULES } from './service-rules.ts';

/** Every audit rule, in the order of the domain's list. */
export const RULES: AuditRule[] = [
  ...INVOICE_RULES,
  ...INVENTORY_RULES,
  ...CONTRACT_RULES,
  ...SERVICE_RULES,
].sort((a, b) => a.domainRule - b.domainRule || (a.code < b.code ? -1 : 1));

/**
 * Bump when a rule's logic changes; the version recorded on each run is this plus a digest of the
 * rules' codes and defaults, so a changed default shows as a new version too.
 */
const LOGIC_VERSION = 1;
export const RULES_VERSION = `${LOGIC_VERSION}.${sha256(
  JSON.stringify(RULES.map((r) => [r.code, r.defaults])),
).slice(0, 8)}`;

export const ruleByCode = (code: string) => RULES.find((r) => r.code === code);
