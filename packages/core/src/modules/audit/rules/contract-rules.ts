import type { AuditRule } from '../rule.ts';

export const CONTRACT_RULES: AuditRule[] = [];
