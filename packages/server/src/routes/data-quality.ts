import type { App } from '../env.ts';

/** Data-quality rules, scores, trend and drill-down. */
export function dataQualityRoutes(_app: App) {}
