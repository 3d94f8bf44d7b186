import type { AuditRule } from '../rule.ts';

export const INVOICE_RULES: AuditRule[] = [];
