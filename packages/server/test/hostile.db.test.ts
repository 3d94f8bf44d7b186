/**
 * Hostile bill uploads through the API (RELIABILITY.md §3.2): every case of
 * fixtures/hostile/cases.json is uploaded with wait=true into its own tenant and must end as the
 * manifest says, never as a 500 or a failed job; a refused file names itself and leaves no row
 * behind. Then the inputs too big to commit: a 2 GB stream against a 64 MB limit, a client that
 * hangs up mid-upload, a 10 MB X12 element, a million columns, 100,000 levels of XML, a million
 * character references, and 100 MB lines through the import service.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  addMember,
  type Clock,
  type Ctx,
  type FileStore,
  fixedClock,
  importFile,
  localFileStore,
} from '@temops/core';
import type { Source } from '@temops/formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { createApp } from '../src/app.ts';
import type { App } from '../src/env.ts';
import { startServer } from '../src/start.ts';
import { type Client, login, PASSWORD, type Res, START } from './helpers.ts';
import {
  caseBytes,
  caseLabel,
  diskName,
  HOSTILE_CASES,
  HOSTILE_DIR,
  type HostileCase,
  invoiceWarningCodes,
  rowCounts,
  rowsOfBatch,
  statusOf,
} from './hostile-cases.ts';

const UPLOAD_LIMIT = 64 * 1024 * 1024;
const EMAIL = 'hostile-admin@hostile.test';
const FOCUS_HEAD =
  'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,ChargeFrequency,ChargePeriodStart,ChargePeriodEnd,ChargeDescription';
const CSV_HEAD = 'Vendor,Account Number,Invoice Number,Invoice Date,Charge Kind,Description,Amount,Currency';

const fixture = (name: string) => HOSTILE_CASES.find((c) => c.file === name)!;

describe(`hostile bill uploads on ${testEngine}`, () => {
  let store: TestStore;
  let clock: Clock;
  let app: App;
  let session: Client;
  let files: FileStore;
  const scratch = mkdtempSync(path.join(tmpdir(), 'temops-hostile-'));
  const filesDir = path.join(scratch, 'files');
  const uploadDir = path.join(scratch, 'uploads');
  const timings: [string, number][] = [];
  let tenants = 0;

  /** A fresh tenant the signed-in admin belongs to, so every case starts from zero rows. */
  async function newTenant(): Promise<{ slug: string; ctx: Ctx }> {
    const slug = `hostile-${++tenants}`;
    const ctx = { ...(await tenantCtx(store, slug)), clock };
    await addMember(ctx, { email: EMAIL, name: 'Hostile Admin', password: PASSWORD, role: 'admin' });
    return { slug, ctx };
  }

  /** POST a raw body to the import route (Buffer or stream), as the session, and wait for the job. */
  async function upload(
    slug: string,
    name: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    query = '&wait=true',
  ): Promise<Res> {
    const res = await app.request(`/api/t/${slug}/imports?file=${encodeURIComponent(name)}${query}`, {
      method: 'POST',
      headers: session.headers('POST', { 'content-type': 'application/octet-stream' }),
      body,
      duplex: 'half',
    } as RequestInit);
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null;
    return { status: res.status, body: json, text, headers: res.headers };
  }

  const batchCount = async (ctx: Ctx) =>
    Number(
      (
        await store.db
          .selectFrom('import_batches')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', ctx.tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Upload scratch space and the file store's temp folder hold nothing once a request is over. */
  const leftovers = () => [
    ...(existsSync(uploadDir) ? readdirSync(uploadDir) : []),
    ...(existsSync(path.join(filesDir, 'tmp')) ? readdirSync(path.join(filesDir, 'tmp')) : []),
  ];

  beforeAll(async () => {
    store = await freshStore();
    clock = fixedClock(START);
    files = localFileStore(filesDir);
    app = createApp({ store, clock, version: 'test', files, uploadDir, uploadLimit: UPLOAD_LIMIT });
    await newTenant();
    session = await login(app, EMAIL);
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(scratch, { recursive: true, force: true });
    const slow = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(
      `hostile API battery (${testEngine}): ${timings.length} uploads, slowest ${slow
        .map(([n, ms]) => `${n} ${Math.round(ms)} ms`)
        .join(', ')}`,
    );
  });

  /** A listener on the port the XXE fixture points at; counts connections (there must be none). */
  async function xxeTrap(): Promise<{ hits: () => number; close: () => Promise<void> } | null> {
    let n = 0;
    const server = createServer((socket) => {
      n++;
      socket.destroy();
    });
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(47811, '127.0.0.1', () => resolve(true));
    });
    if (!ok) return null;
    return { hits: () => n, close: () => new Promise((done) => server.close(() => done())) };
  }

  async function checkAccepted(c: HostileCase, slug: string, name: string, r: Res['body']) {
    const want = c.stored!;
    expect(r.error).toBeNull();
    expect(
      r.invoices.map((i: Record<string, unknown>) => ({
        invoiceNumber: i.invoiceNumber,
        accountNumber: i.accountNumber,
        currency: i.currency,
        currentCharges: i.currentCharges,
        totalDue: i.totalDue,
        chargeCount: i.chargeCount,
      })),
    ).toEqual(want.invoices.map(({ vendor: _v, controlDifference: _d, ...fields }) => fields));
    const warnings = new Set<string>(r.warnings.map((w: { code: string }) => w.code));
    for (const [k, inv] of want.invoices.entries()) {
      const id = r.invoices[k].id as string;
      const got = await session.get(`/api/t/${slug}/invoices/${id}`);
      expect(got.status, got.text).toBe(200);
      expect(got.body).toMatchObject({
        invoiceNumber: inv.invoiceNumber,
        accountNumber: inv.accountNumber,
        currency: inv.currency,
        currentCharges: inv.currentCharges,
        totalDue: inv.totalDue,
        chargeCount: inv.chargeCount,
        batchId: r.batchId,
        file: { name },
      });
      if (inv.vendor !== undefined) expect(got.body.vendor).toBe(inv.vendor);
      if (inv.controlDifference !== undefined) expect(got.body.controlDifference).toBe(inv.controlDifference);
      for (const w of got.body.warnings) warnings.add(w.code);

      const charges = await session.get(`/api/t/${slug}/invoices/${id}/charges`);
      expect(charges.status).toBe(200);
      expect(charges.body.total).toBe(inv.chargeCount);
      if (want.descriptions)
        expect(charges.body.items.map((x: { description: string }) => x.description)).toEqual(
          want.descriptions,
        );
      if (want.amounts)
        expect(charges.body.items.map((x: { amount: string }) => x.amount)).toEqual(want.amounts);

      // The kept source comes back byte for byte, under a header no name can break (RFC 6266).
      const res = await app.request(`/api/t/${slug}/invoices/${id}/source`, {
        headers: session.headers('GET'),
      });
      expect(res.status, `download of ${JSON.stringify(name)}`).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(caseBytes(c))).toBe(true);
      const cd = res.headers.get('content-disposition') ?? '';
      expect(cd).toMatch(/^attachment; filename="[^"\\]*"/);
      expect(cd).not.toMatch(/[\r\n]/);
      expect(cd).toMatch(/^[\x20-\x7e]*$/); // ASCII only: any HTTP stack can send it
    }
    for (const w of await invoiceWarningCodes(store.db, r.batchId)) expect(warnings).toContain(w);
    if (c.expect === 'imported_with_warnings') expect([...warnings]).toContain(c.code);
    else expect([...warnings]).toEqual([]);
  }

  describe('the manifest, one upload per case', () => {
    it('covers at least 40 files, each named once', () => {
      expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40);
      expect(new Set(HOSTILE_CASES.map((c) => c.file)).size).toBe(HOSTILE_CASES.length);
      const here = readdirSync(HOSTILE_DIR).filter((f) => !['cases.json', 'make-fixtures.mjs'].includes(f));
      expect(here.filter((f) => !HOSTILE_CASES.some((c) => c.file === f))).toEqual([]);
    });

    for (const c of HOSTILE_CASES) {
      const title = `${caseLabel(c)} → ${c.http ? `HTTP ${c.http.status}` : c.expect}${c.code ? ` (${c.code})` : ''}`;
      it(title, async () => {
        const { slug, ctx } = await newTenant();
        const name = c.name ?? diskName(c);
        const before = await rowCounts(store.db);
        const trap = c.file === 'ubl-xxe-http-loopback.xml' ? await xxeTrap() : null;
        const t0 = performance.now();
        let res: Res;
        try {
          res = await upload(slug, name, new Uint8Array(caseBytes(c)));
        } finally {
          await trap?.close();
        }
        timings.push([caseLabel(c), performance.now() - t0]);
        expect(leftovers()).toEqual([]);
        if (trap) expect(trap.hits(), 'the XXE target was contacted').toBe(0);

        if (c.http) {
          expect(res.status, res.text).toBe(c.http.status);
          expect(res.body.error.code).toBe(c.http.code);
          expect(await rowCounts(store.db)).toEqual(before);
          expect(await batchCount(ctx)).toBe(0);
          return;
        }
        expect(res.status, res.text).toBe(200);
        expect(res.body.state, `job failed: ${res.body.error}`).toBe('done');
        const r = res.body.result;
        expect(r).toMatchObject({ file: name, format: c.format, status: statusOf(c.expect) });

        // The import history shows the file with the same outcome and reason.
        const batch = await session.get(`/api/t/${slug}/imports/${r.batchId}`);
        expect(batch.status).toBe(200);
        expect(batch.body).toMatchObject({ file: name, status: r.status });

        if (c.expect === 'rejected') {
          expect(r.error.code).toBe(c.code);
          expect(r.error.message.startsWith(`${name}: `), r.error.message).toBe(true);
          expect(r.invoices).toEqual([]);
          expect(batch.body.error).toMatchObject({ code: c.code, message: r.error.message });
          expect(batch.body).toMatchObject({ invoiceCount: 0, chargeCount: 0 });
          expect(await rowsOfBatch(store.db, r.batchId)).toEqual({ invoices: 0, charges: 0 });
          expect(await rowCounts(store.db)).toEqual(before);
          const audit = await store.db
            .selectFrom('audit_events')
            .select('action')
            .where('entity', '=', 'import_batch')
            .where('entity_id', '=', r.batchId)
            .execute();
          expect(audit.map((a) => a.action)).toEqual(['rejected']);
        } else {
          await checkAccepted(c, slug, name, r);
          const after = await rowCounts(store.db);
          expect(after.invoices - before.invoices).toBe(c.stored!.invoices.length);
          expect(after.charges - before.charges).toBe(
            c.stored!.invoices.reduce((n, i) => n + i.chargeCount, 0),
          );
        }

        if (c.file === 'xlsx-zip-slip.xlsx') {
          for (const base of ['/', scratch, uploadDir, filesDir, process.cwd()])
            expect(existsSync(path.resolve(base, '../../../tmp/temops-zip-slip.txt'))).toBe(false);
        }
        if (c.name?.includes('../')) {
          for (const base of [uploadDir, filesDir, scratch, process.cwd()])
            expect(existsSync(path.resolve(base, c.name))).toBe(false);
        }
        if (c.file === 'tmf-constructor-prototype.json') {
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty('isAdmin');
        }
      }, 30_000);
    }
  });

  describe('inputs too big to commit', () => {
    it('a 2 GB stream against a 64 MB limit: 413 payload_too_large quickly, no temp file, nothing stored', async () => {
      const { slug, ctx } = await newTenant();
      const before = await rowCounts(store.db);
      const chunk = new Uint8Array(1 << 20).fill(0x5a);
      const total = 2 * 1024 ** 3;
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(ctrl) {
          if (pulled >= total) return ctrl.close();
          pulled += chunk.length;
          ctrl.enqueue(chunk);
        },
      });
      const t0 = performance.now();
      const res = await upload(slug, 'two-gigabytes.edi', body);
      const ms = performance.now() - t0;
      timings.push(['2 GB stream', ms]);
      expect(res.status, res.text).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
      expect(ms).toBeLessThan(20_000);
      expect(pulled).toBeLessThan(UPLOAD_LIMIT + 64 * (1 << 20)); // it stopped reading
      expect(leftovers()).toEqual([]);
      expect(await rowCounts(store.db)).toEqual(before);
      expect(await batchCount(ctx)).toBe(0);
    }, 60_000);

    it('a client that aborts mid-upload leaves no temp file and no row', async () => {
      const { slug, ctx } = await newTenant();
      const before = await rowCounts(store.db);
      // A hang-up is the client's doing: answered as a refused upload, never logged as a server fault.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const server = await startServer(
        { store, clock, version: 'test', files, uploadDir, uploadLimit: UPLOAD_LIMIT },
        0,
        '127.0.0.1',
      );
      try {
        const abort = new AbortController();
        const piece = new Uint8Array(64 * 1024).fill(0x41);
        let sent = 0;
        const slow = new ReadableStream<Uint8Array>({
          async pull(ctrl) {
            await new Promise((r) => setTimeout(r, 20));
            sent += piece.length;
            ctrl.enqueue(piece);
          },
        });
        const request = fetch(`${server.url}/api/t/${slug}/imports?file=aborted.csv&wait=true`, {
          method: 'POST',
          headers: session.headers('POST', { 'content-type': 'application/octet-stream' }),
          body: slow,
          duplex: 'half',
          signal: abort.signal,
        } as RequestInit).catch((err: unknown) => err);
        // Wait until the server is writing the upload to its scratch file, then hang up.
        const deadline = Date.now() + 10_000;
        while (leftovers().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(leftovers()).toHaveLength(1);
        abort.abort();
        const outcome = await request;
        expect(outcome).toBeInstanceOf(Error);
        expect((outcome as Error).name).toBe('AbortError');
        expect(sent).toBeGreaterThan(0);
        const gone = Date.now() + 5_000;
        while (leftovers().length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
        expect(leftovers()).toEqual([]);
        expect(await rowCounts(store.db)).toEqual(before);
        expect(await batchCount(ctx)).toBe(0);
        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(200);
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
        await server.close();
      }
    }, 30_000);

    /** Uploads a generated file and checks the same invariants as a manifest case. */
    async function refused(name: string, bytes: Buffer | string, code: string, format: string | null) {
      const { slug } = await newTenant();
      const before = await rowCounts(store.db);
      const t0 = performance.now();
      const res = await upload(
        slug,
        name,
        new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes) : bytes),
      );
      timings.push([name, performance.now() - t0]);
      expect(res.status, res.text).toBe(200);
      expect(res.body.state, res.body.error).toBe('done');
      expect(res.body.result).toMatchObject({ status: 'rejected', format, error: { code } });
      expect(res.body.result.error.message.startsWith(`${name}: `)).toBe(true);
      expect(await rowCounts(store.db)).toEqual(before);
      expect(leftovers()).toEqual([]);
      return performance.now() - t0;
    }

    it('a 10 MB single X12 element is refused as too long a segment', async () => {
      const edi = caseBytes(fixture('x12-pipe-caret-lf.edi'))
        .toString('latin1')
        .replace('IT1|1|1|EA|22.50||SV|VM', `IT1|1|1|EA|22.50||SV|${'V'.repeat(10 * 1024 * 1024)}`);
      expect(edi.length).toBeGreaterThan(10 * 1024 * 1024);
      const ms = await refused(
        'x12-10mb-element.edi',
        Buffer.from(edi, 'latin1'),
        'segment_too_long',
        'x12-811',
      );
      expect(ms).toBeLessThan(10_000);
    }, 30_000);

    it('a header line of 10^6 columns is refused (carrier CSV and FOCUS)', async () => {
      const cols = ',x'.repeat(1_000_000);
      await refused('csv-million-columns.csv', `${CSV_HEAD}${cols}\n`, 'record_too_large', 'csv');
      await refused('focus-million-columns.csv', `${FOCUS_HEAD}${cols}\n`, 'focus_duplicate_column', 'focus');
    }, 30_000);

    it('100,000 levels of XML nesting are refused without a stack overflow', async () => {
      const xml = caseBytes(fixture('ubl-payable-mismatch.xml'))
        .toString('utf8')
        .replace(
          '<cbc:Name>SIP trunk</cbc:Name>',
          `<cbc:Name>x</cbc:Name>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`,
        );
      const ms = await refused('ubl-100k-deep.xml', xml, 'xml_too_deep', 'ubl');
      expect(ms).toBeLessThan(5_000);
    }, 30_000);

    it('a million numeric character references (CVE-2026-33036 pattern) finish, all or nothing', async () => {
      const { slug } = await newTenant();
      const before = await rowCounts(store.db);
      const xml = caseBytes(fixture('ubl-payable-mismatch.xml'))
        .toString('utf8')
        .replace('HX-PAYABLE-1', 'HX-CHARREF-1')
        .replace('<cbc:Name>SIP trunk</cbc:Name>', `<cbc:Name>${'&#x41;'.repeat(1_000_000)}</cbc:Name>`);
      const t0 = performance.now();
      const res = await upload(slug, 'ubl-charref-flood.xml', new Uint8Array(Buffer.from(xml)));
      timings.push(['ubl-charref-flood.xml', performance.now() - t0]);
      expect(res.status, res.text).toBe(200);
      expect(res.body.state).toBe('done');
      const r = res.body.result;
      const after = await rowCounts(store.db);
      // Today the text decodes to a 1,000,000-character item name and the bill imports (no cap on
      // UBL text length); either way the file is one unit.
      if (r.status === 'rejected') expect(after).toEqual(before);
      else
        expect({ status: r.status, invoices: after.invoices - before.invoices }).toEqual({
          status: 'imported',
          invoices: 1,
        });
      expect(performance.now() - t0).toBeLessThan(15_000);
    }, 30_000);

    /** A source that generates its bytes as they are read; nothing is held in memory. */
    function generated(fileName: string, head: string, bytes: number, fill: number): Source {
      const chunk = Buffer.alloc(1 << 20, fill);
      return {
        fileName,
        size: Buffer.byteLength(head) + bytes,
        async *open() {
          yield Buffer.from(head);
          for (let n = 0; n < bytes; n += chunk.length)
            yield chunk.subarray(0, Math.min(chunk.length, bytes - n));
        },
      };
    }

    // maxBytes is left unset: the readers' own record limits must stop these, in bounded memory.
    it.each([
      ['focus-100mb-line.csv', `${FOCUS_HEAD}\n`, 0x61, 'csv_record_too_large', 'focus'],
      ['csv-100mb-line.csv', `${CSV_HEAD}\n`, 0x61, 'record_too_large', 'csv'],
      ['no-newline-100mb.csv', '', 0x42, 'unknown_format', null],
    ])(
      'one 100 MB line through the import service: %s',
      async (fileName, head, fill, code, format) => {
        const { ctx } = await newTenant();
        const before = await rowCounts(store.db);
        const t0 = performance.now();
        const r = await importFile(ctx, files, {
          source: generated(fileName, head, 100 * 1024 * 1024, fill),
        });
        timings.push([fileName, performance.now() - t0]);
        expect(r).toMatchObject({ status: 'rejected', format, error: { code } });
        expect(r.error?.message.startsWith(`${fileName}: `)).toBe(true);
        expect(await rowCounts(store.db)).toEqual(before);
        expect(leftovers()).toEqual([]);
      },
      60_000,
    );
  });

  it('the server is still healthy and no upload left a file behind', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', engine: testEngine });
    expect(leftovers()).toEqual([]);
  });
});
