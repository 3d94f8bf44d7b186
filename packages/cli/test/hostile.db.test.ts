/**
 * The hostile-input corpus (fixtures/hostile/cases.json, RELIABILITY.md §3.2) through
 * `temops import --json`, in-process: each file alone (exit 1 exactly when it is refused), then
 * all of them in one run (exit 1, one parseable JSON document listing every file in order). A
 * refused file never leaves an invoice, a charge, a vendor or an account behind.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import {
  caseLabel,
  casePath,
  diskName,
  HOSTILE_CASES,
  type HostileCase,
  invoiceWarningCodes,
  rowCounts,
  rowsOfBatch,
  statusOf,
  sumStored,
} from '../../server/test/hostile-cases.ts';
import { main } from '../src/main.ts';

interface JsonFile {
  file: string;
  format: string | null;
  status: string;
  error: { code: string; message: string; line: number | null } | null;
  warnings: { code: string }[];
  invoices: {
    accountNumber: string;
    invoiceNumber: string;
    currency: string;
    currentCharges: string;
    totalDue: string | null;
    chargeCount: number;
  }[];
}

describe(`hostile bill files through the CLI on ${testEngine}`, () => {
  let store: TestStore;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'temops-cli-hostile-'));
  let tenants = 0;

  /** Runs the CLI in-process against the test database and captures what it prints. */
  async function temops(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    try {
      const code = await main(['node', 'temops', '--db', store.url, '--data-dir', dataDir, ...args]);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  const tenantOf = async () => {
    const slug = `cli-hostile-${++tenants}`;
    return { slug, id: (await tenantCtx(store, slug)).tenantId };
  };

  const batchesOf = (tenantId: string) =>
    store.db
      .selectFrom('import_batches')
      .select(['id', 'file_name', 'status', 'error_code', 'invoice_count', 'charge_count'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();

  const leftovers = () => {
    const tmp = path.join(dataDir, 'files', 'tmp');
    return existsSync(tmp) ? readdirSync(tmp) : [];
  };

  /** What the JSON document must say about one case's file. */
  function expectFile(f: JsonFile, c: HostileCase) {
    expect(f).toMatchObject({ file: diskName(c), format: c.format, status: statusOf(c.expect) });
    if (c.expect === 'rejected') {
      expect(f.error?.code).toBe(c.code);
      expect(f.error?.message.startsWith(`${diskName(c)}: `), f.error?.message).toBe(true);
      expect(f.invoices).toEqual([]);
    } else {
      expect(f.error).toBeNull();
      expect(
        f.invoices.map((i) => ({
          invoiceNumber: i.invoiceNumber,
          accountNumber: i.accountNumber,
          currency: i.currency,
          currentCharges: i.currentCharges,
          totalDue: i.totalDue,
          chargeCount: i.chargeCount,
        })),
      ).toEqual(c.stored!.invoices.map(({ vendor: _v, controlDifference: _d, ...fields }) => fields));
    }
  }

  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('each file alone', () => {
    for (const c of HOSTILE_CASES) {
      it(`${caseLabel(c)} → ${c.expect}${c.code ? ` (${c.code})` : ''}`, async () => {
        const tenant = await tenantOf();
        const before = await rowCounts(store.db);
        const run = await temops('--json', 'import', '--tenant', tenant.slug, casePath(c));
        expect(run.err).toBe('');
        expect(run.code).toBe(c.expect === 'rejected' ? 1 : 0);
        const doc = JSON.parse(run.out) as { files: JsonFile[] };
        expect(doc.files).toHaveLength(1);
        const f = doc.files[0]!;
        expectFile(f, c);

        const batches = await batchesOf(tenant.id);
        expect(batches).toHaveLength(1);
        const batch = batches[0]!;
        expect(batch).toMatchObject({
          file_name: diskName(c),
          status: f.status,
          error_code: c.expect === 'rejected' ? c.code : null,
        });
        const after = await rowCounts(store.db);
        if (c.expect === 'rejected') {
          expect(await rowsOfBatch(store.db, batch.id)).toEqual({ invoices: 0, charges: 0 });
          expect(after).toEqual(before);
        } else {
          const want = sumStored([c]);
          expect({
            invoices: after.invoices - before.invoices,
            charges: after.charges - before.charges,
          }).toEqual(want);
          expect(await rowsOfBatch(store.db, batch.id)).toEqual(want);
          const warnings = new Set([
            ...f.warnings.map((w) => w.code),
            ...(await invoiceWarningCodes(store.db, batch.id)),
          ]);
          if (c.expect === 'imported_with_warnings') expect([...warnings]).toContain(c.code);
          else expect([...warnings]).toEqual([]);
        }
        expect(leftovers()).toEqual([]);
      });
    }
  });

  it('all files in one run: exit 1, one JSON document listing each file in order, no partial writes', async () => {
    const tenant = await tenantOf();
    const before = await rowCounts(store.db);
    const run = await temops('--json', 'import', '--tenant', tenant.slug, ...HOSTILE_CASES.map(casePath));
    expect(run.err).toBe('');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as { files: JsonFile[] }; // exactly one document, or this throws
    expect(Object.keys(doc)).toEqual(['files']);
    expect(doc.files).toHaveLength(HOSTILE_CASES.length);
    HOSTILE_CASES.forEach((c, i) => {
      expectFile(doc.files[i]!, c);
    });

    // Each file is its own unit: refused ones wrote nothing, accepted ones exactly their invoices.
    const batches = await batchesOf(tenant.id);
    expect(batches).toHaveLength(HOSTILE_CASES.length);
    for (const [i, c] of HOSTILE_CASES.entries()) {
      const batch = batches.find((b) => b.file_name === diskName(c))!;
      expect(batch, caseLabel(c)).toBeDefined();
      expect(batch.status, caseLabel(c)).toBe(doc.files[i]!.status);
      expect(await rowsOfBatch(store.db, batch.id), caseLabel(c)).toEqual(sumStored([c]));
      expect({ invoices: batch.invoice_count, charges: batch.charge_count }).toEqual(sumStored([c]));
    }
    const after = await rowCounts(store.db);
    const want = sumStored(HOSTILE_CASES);
    expect({ invoices: after.invoices - before.invoices, charges: after.charges - before.charges }).toEqual(
      want,
    );
    expect(leftovers()).toEqual([]);
  }, 60_000);
});
