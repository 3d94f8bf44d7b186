/**
 * The hostile-input corpus (fixtures/hostile/cases.json, RELIABILITY.md §3.2) and the checks the
 * API and CLI batteries share: what each case must end as, and that a refused file leaves no row.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@temops/core';

export const HOSTILE_DIR = path.resolve('fixtures/hostile');

export type Expect = 'rejected' | 'imported' | 'imported_with_warnings';

export interface StoredInvoice {
  invoiceNumber: string;
  accountNumber: string;
  currency: string;
  currentCharges: string;
  totalDue: string | null;
  chargeCount: number;
  vendor?: string;
  controlDifference?: string;
}

export interface HostileCase {
  /** path relative to fixtures/hostile (existing parser fixtures are referenced as ../x12/… ) */
  file: string;
  /** the format detection must settle on; null when nothing is recognised */
  format: string | null;
  expect: Expect;
  /** rejection code, or for imported_with_warnings the warning code that must be present */
  code: string | null;
  why: string;
  /** the upload name sent as `file=` to the API (filename cases); the CLI uses the name on disk */
  name?: string;
  /** when the API must refuse the request itself, before reading the body */
  http?: { status: number; code: string };
  /** for accepted cases: exactly what is stored */
  stored?: {
    invoices: StoredInvoice[];
    /** charge descriptions in line order, verbatim */
    descriptions?: string[];
    /** charge amounts in line order */
    amounts?: string[];
  };
  /** how the product's documented behaviour differs from RELIABILITY §3.2 */
  gap?: string;
}

export const HOSTILE_CASES: HostileCase[] = JSON.parse(
  readFileSync(path.join(HOSTILE_DIR, 'cases.json'), 'utf8'),
) as HostileCase[];

export const casePath = (c: HostileCase) => path.join(HOSTILE_DIR, c.file);
export const caseBytes = (c: HostileCase) => readFileSync(casePath(c));
export const diskName = (c: HostileCase) => path.basename(c.file);
/** a short, unique label for test titles (the referenced fixtures keep their folder) */
export const caseLabel = (c: HostileCase) => c.file.replace(/^\.\.\//, '');

export const statusOf = (e: Expect) => (e === 'rejected' ? 'rejected' : 'imported');

/** Rows a bill import can write, across all tenants. */
export async function rowCounts(db: Db) {
  const count = async (table: 'invoices' | 'charges' | 'import_batches' | 'vendors' | 'billing_accounts') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    invoices: await count('invoices'),
    charges: await count('charges'),
    vendors: await count('vendors'),
    accounts: await count('billing_accounts'),
  };
}

/** Invoices and charges a batch left behind (must be none for a refused file). */
export async function rowsOfBatch(db: Db, batchId: string) {
  const invoices = await db.selectFrom('invoices').select('id').where('batch_id', '=', batchId).execute();
  const ids = invoices.map((i) => i.id);
  const charges = ids.length
    ? Number(
        (
          await db
            .selectFrom('charges')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('invoice_id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  return { invoices: ids.length, charges };
}

/** Warning codes recorded on the stored invoices of a batch (file-level ones are in the result). */
export async function invoiceWarningCodes(db: Db, batchId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('warnings_json')
    .where('batch_id', '=', batchId)
    .execute();
  return rows.flatMap((r) => (JSON.parse(r.warnings_json) as { code: string }[]).map((w) => w.code));
}

export const sumStored = (cases: HostileCase[]) =>
  cases.reduce(
    (n, c) => ({
      invoices: n.invoices + (c.stored?.invoices.length ?? 0),
      charges: n.charges + (c.stored?.invoices.reduce((k, i) => k + i.chargeCount, 0) ?? 0),
    }),
    { invoices: 0, charges: 0 },
  );
