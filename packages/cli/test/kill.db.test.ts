import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate811 } from '../../../bench/ingest/gen-811.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';

const BIN = path.resolve('packages/cli/bin/temops.js');

/** Runs the real CLI as its own process, so it can be killed like a crashing server. */
function cli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

describe(`an import killed midway on ${testEngine}`, () => {
  let store: TestStore;
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-kill-'));
  let file: string;
  let charges: number;
  beforeAll(async () => {
    store = await freshStore();
    await tenantCtx(store, 'acme');
    const g = await generate811(path.join(dir, 'big.edi'), 150_000);
    file = g.file;
    charges = g.charges;
  }, 120_000);
  afterAll(async () => {
    await store.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: 'invoices' | 'charges' | 'import_batches') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('leaves nothing behind, and the retry imports the file exactly once', async () => {
    const args = ['--db', store.url, '--data-dir', dir, 'import', file, '--tenant', 'acme', '--json'];
    const first = cli(args);
    // Kill it once the import transaction has started writing rows (uncommitted, so invisible).
    const baseline = walSize(store);
    const deadline = Date.now() + 90_000;
    while (!(await writing(store, baseline)) && Date.now() < deadline && first.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(first.child.exitCode, 'the import finished before it could be killed').toBeNull();
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(await count('invoices')).toBe(0);
    expect(await count('charges')).toBe(0);
    expect(await count('import_batches')).toBe(0);

    const retry = await cli(args).done;
    expect(retry.code).toBe(0);
    const json = JSON.parse(retry.out);
    expect(json.files[0].status).toBe('imported');
    expect(await count('charges')).toBe(charges);
    const again = await cli(args).done;
    expect(JSON.parse(again.out).files[0].status).toBe('duplicate');
    expect(await count('charges')).toBe(charges);
  }, 240_000);
});

const walSize = (store: TestStore) =>
  store.engine === 'sqlite' ? (statSync(`${store.url}-wal`, { throwIfNoEntry: false })?.size ?? 0) : 0;

/** True once another connection's import transaction has written: the SQLite WAL grows, or a PostgreSQL backend holds a transaction id. */
async function writing(store: TestStore, walBaseline: number): Promise<boolean> {
  if (store.engine === 'sqlite') return walSize(store) > walBaseline + 4 * 1024 * 1024;
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid()`.execute(
    store.db,
  );
  return (r.rows[0]?.n ?? 0) > 0;
}
