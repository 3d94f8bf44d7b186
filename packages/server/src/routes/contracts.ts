import type { App } from '../env.ts';
import type { InvoiceDeps } from './invoices.ts';

/** Contracts, rate items, documents, alerts and commitments. Documents go to the same file store as bills. */
export function contractRoutes(_app: App, _deps: InvoiceDeps) {}
