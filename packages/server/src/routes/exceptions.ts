import type { App } from '../env.ts';
import type { InvoiceDeps } from './invoices.ts';

/** The exception queue: list, detail, transitions, assignment, comments, attachments, bulk. */
export function exceptionRoutes(_app: App, _deps: InvoiceDeps) {}
