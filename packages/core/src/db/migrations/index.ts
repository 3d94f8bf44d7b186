import type { Migration } from 'kysely';
import * as m001 from './001_foundation.ts';
import * as m002 from './002_invoices.ts';
import * as m003 from './003_inventory.ts';
import * as m004 from './004_audit.ts';

// Forward-only: a migration is never edited once released; a change is a new entry.
export const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_invoices': m002,
  '003_inventory': m003,
  '004_audit': m004,
};
