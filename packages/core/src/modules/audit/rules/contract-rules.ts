import type { AuditRule } from '../rule.ts';
import { CONTRACT_TERM_RULES } from './contract-terms.ts';
import { NRC_RULES } from './nrc-rules.ts';
import { notInContract, rateVariance } from './rate-rules.ts';

/** Rules that compare bills with contracts (§4.6, 4.7, 4.10, 4.15). */
export const CONTRACT_RULES: AuditRule[] = [
  rateVariance,
  notInContract,
  ...NRC_RULES,
  ...CONTRACT_TERM_RULES,
];
