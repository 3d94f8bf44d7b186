import type { App } from '../env.ts';

/** Audit rules and their settings, runs, routing rules and SLA policies. */
export function auditRoutes(_app: App) {}
