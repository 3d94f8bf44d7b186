import type { App } from '../env.ts';

/** Inventory of services: list, detail, lifecycle, bulk edit, import/export, saved views, discovery. */
export function serviceRoutes(_app: App) {}
