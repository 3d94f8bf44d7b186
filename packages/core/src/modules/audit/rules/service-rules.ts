import type { AuditRule } from '../rule.ts';

export const SERVICE_RULES: AuditRule[] = [];
