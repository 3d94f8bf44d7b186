import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bufferSource } from '@temops/formats';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/modules/audit-log/verify.ts';
import { type FileStore, localFileStore } from '../src/modules/imports/file-store.ts';
import { importFile } from '../src/modules/imports/import.service.ts';
import {
  listMappingProfiles,
  previewMapping,
  saveMappingProfile,
} from '../src/modules/imports/profiles.service.ts';
import { getInvoice, listImportBatches, listInvoices } from '../src/modules/invoices/invoices.service.ts';
import { listEntities } from '../src/modules/reference/reference.service.ts';
import { vendorEntity } from '../src/modules/vendors/vendor.entity.ts';
import type { Ctx } from '../src/shared/context.ts';
import { freshStore, type TestStore, tenantCtx, type testClock, testEngine } from './test-store.ts';

const SAMPLES = path.resolve('fixtures/samples');
const ubl = readFileSync(path.join(SAMPLES, 'peppol-bis3-ubl-base-example.xml'), 'utf8');

describe(`bill import on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Ctx;
  const dir = mkdtempSync(path.join(tmpdir(), 'temops-files-'));
  let files: FileStore;
  beforeEach(async () => {
    await store?.drop();
    store = await freshStore();
    ctx = await tenantCtx(store);
    files = localFileStore(dir);
  });
  afterAll(async () => {
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const counts = async () => ({
    invoices: (await listInvoices(ctx, {})).total,
    charges: Number(
      (
        await store.db
          .selectFrom('charges')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('imports a file once; the same bytes again are a duplicate that changes nothing', async () => {
    const first = await importFile(ctx, files, { source: bufferSource('inv.xml', ubl) });
    expect(first).toMatchObject({ status: 'imported', format: 'ubl', error: null });
    expect(first.invoices).toHaveLength(1);
    const inv = first.invoices[0]!;
    expect(inv).toMatchObject({
      invoiceNumber: 'Snippet1',
      currency: 'EUR',
      invoiceDate: '2017-11-13',
      dueDate: '2017-12-01',
    });
    const before = await counts();
    expect(before.invoices).toBe(1);
    expect(before.charges).toBe(inv.chargeCount);

    (ctx.clock as ReturnType<typeof testClock>).advance(1000);
    const again = await importFile(ctx, files, { source: bufferSource('renamed.xml', ubl) });
    expect(again.status).toBe('duplicate');
    expect(await counts()).toEqual(before);
    const history = await listImportBatches(ctx, {});
    expect(history.items.map((b) => b.status)).toEqual(['duplicate', 'imported']);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });

  it('creates an unknown vendor and account for review', async () => {
    await importFile(ctx, files, { source: bufferSource('inv.xml', ubl) });
    const vendors = await listEntities(ctx, vendorEntity, { filters: { review: 'pending' } });
    expect(vendors.total).toBe(1);
    expect(vendors.items[0]!.name).toBe('SupplierTradingName Ltd.');
  });

  it('treats the same invoice number with different content as a conflict to decide', async () => {
    await importFile(ctx, files, { source: bufferSource('v1.xml', ubl) });
    // The vendor re-sends the invoice with one line changed.
    const changed = ubl.replace('currencyID= "EUR">2800<', 'currencyID= "EUR">2801<');
    expect(changed).not.toBe(ubl);
    const before = await counts();

    const conflict = await importFile(ctx, files, { source: bufferSource('v2.xml', changed) });
    expect(conflict.error).toMatchObject({ code: 'conflict' });
    expect(conflict.status).toBe('conflict');
    expect(conflict.conflicts).toEqual([expect.objectContaining({ invoiceNumber: 'Snippet1' })]);
    expect(await counts()).toEqual(before);

    const replaced = await importFile(ctx, files, {
      source: bufferSource('v2.xml', changed),
      onConflict: 'replace',
    });
    expect(replaced.status).toBe('imported');
    const correction = await getInvoice(ctx, replaced.invoices[0]!.id);
    expect(correction.supersedesId).toBe(conflict.conflicts[0]!.existingId);
    expect((await getInvoice(ctx, conflict.conflicts[0]!.existingId)).status).toBe('superseded');
    expect((await counts()).invoices).toBe(2);
  });

  it('rejects a broken file with a reason and stores nothing from it', async () => {
    const truncated = ubl.slice(0, Math.floor(ubl.length / 2));
    const r = await importFile(ctx, files, { source: bufferSource('cut.xml', truncated) });
    expect(r.status).toBe('rejected');
    expect(r.error?.code).toBeTruthy();
    expect(r.error?.message).toMatch(/cut\.xml/);
    expect(await counts()).toEqual({ invoices: 0, charges: 0 });
    const [batch] = (await listImportBatches(ctx, {})).items;
    expect(batch).toMatchObject({ status: 'rejected', file: 'cut.xml' });
    expect(batch!.error?.message).toBe(r.error?.message);
  });

  it('rejects what it cannot recognise', async () => {
    const r = await importFile(ctx, files, {
      source: bufferSource('notes.txt', 'hello, world\nthis is not a bill\n'),
    });
    expect(r).toMatchObject({ status: 'rejected', format: null, error: { code: 'unknown_format' } });
    const empty = await importFile(ctx, files, { source: bufferSource('empty.csv', '') });
    expect(empty).toMatchObject({ status: 'rejected', error: { code: 'empty_file' } });
  });

  it('refuses a file whose reader reports an error-level finding, naming the segment', async () => {
    const edi = readFileSync(path.resolve('fixtures/x12/wrong-control-numbers.edi'));
    const r = await importFile(ctx, files, { source: bufferSource('wrong.edi', edi) });
    expect(r).toMatchObject({ status: 'rejected', format: 'x12-811' });
    expect(r.error?.message).toMatch(/^wrong\.edi: SE02 .* does not match ST02/);
    expect(r.error?.line).toBeGreaterThan(0);
    expect(await counts()).toEqual({ invoices: 0, charges: 0 });
  });

  it('calls a new file whose invoices were all imported before a duplicate', async () => {
    const edi = readFileSync(path.resolve('fixtures/x12/att-like-4010.edi'), 'latin1');
    const first = await importFile(ctx, files, { source: bufferSource('att.edi', edi) });
    expect(first.status).toBe('imported');
    // The same interchange re-sent under a new control number: other bytes, same invoices.
    const resent = edi.replaceAll('000000417', '000000418').replace(/\*417([*~])/g, '*418$1');
    expect(resent).not.toBe(edi);
    const again = await importFile(ctx, files, { source: bufferSource('att-resent.edi', resent) });
    expect(again.status).toBe('duplicate');
    expect((await counts()).invoices).toBe(1);
  });

  it('reads a carrier export once its column-mapping profile is saved', async () => {
    const csv = readFileSync(path.resolve('fixtures/csv/eu-semicolon.csv'));
    const profile = JSON.parse(readFileSync(path.resolve('fixtures/csv/eu-semicolon.profile.json'), 'utf8'));
    const before = await importFile(ctx, files, { source: bufferSource('eu.csv', csv) });
    expect(before).toMatchObject({ status: 'rejected', error: { code: 'unknown_format' } });
    const preview = await previewMapping(ctx, bufferSource('eu.csv', csv), profile);
    expect(preview.profileError).toBeNull();
    expect(preview.charges.length).toBeGreaterThan(0);
    await saveMappingProfile(ctx, profile);
    expect((await listMappingProfiles(ctx)).filter((p) => !p.builtIn).map((p) => p.id)).toEqual([profile.id]);
    (ctx.clock as ReturnType<typeof testClock>).advance(1000);
    const after = await importFile(ctx, files, { source: bufferSource('eu.csv', csv) });
    expect(after).toMatchObject({ status: 'imported', format: 'csv' });
    await expect(saveMappingProfile(ctx, { ...profile, columns: {} })).rejects.toThrow(
      /accountNumber is required/,
    );
  });
});
