import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventHash } from '../src/modules/audit-log/chain.ts';
import { verifyAuditChain } from '../src/modules/audit-log/verify.ts';
import { createEntity, updateEntity } from '../src/modules/reference/reference.service.ts';
import { vendorEntity } from '../src/modules/vendors/vendor.entity.ts';
import type { Ctx } from '../src/shared/context.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

describe(`audit trail hash chain on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Ctx;

  beforeEach(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store);
    for (let i = 1; i <= 5; i++)
      await createEntity(ctx, vendorEntity, { code: `V${i}`, name: `Vendor ${i}` });
  });
  afterEach(() => store.drop());

  const events = () => store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();

  it('records one linked event per mutation, in the same transaction', async () => {
    const all = await events();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[0]!.entity).toBe('tenant');
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, events: 6, headSeq: 6, broken: null });
  });

  it('writes no event when the change fails', async () => {
    const before = (await events()).length;
    await expect(createEntity(ctx, vendorEntity, { code: 'V1', name: 'Duplicate' })).rejects.toThrow(
      /already exists/,
    );
    expect((await events()).length).toBe(before);
  });

  it('stores before and after of an update', async () => {
    const v = await createEntity(ctx, vendorEntity, { code: 'V9', name: 'Old name' });
    await updateEntity(ctx, vendorEntity, v.id, { name: 'New name' });
    const last = (await events()).at(-1)!;
    expect(last.action).toBe('update');
    expect(JSON.parse(last.before_json!)).toEqual({ name: 'Old name' });
    expect(JSON.parse(last.after_json!)).toEqual({ name: 'New name' });
    expect(last.actor).toBe('system:test');
  });

  it('detects a changed event and names it', async () => {
    await sql`update audit_events set after_json = ${'{"code":"V2","name":"Forged"}'} where seq = 3`.execute(
      store.db,
    );
    const r = await verifyAuditChain(store.db);
    expect(r.ok).toBe(false);
    expect(r.broken).toEqual({ seq: 3, reason: 'event 3 was altered (hash mismatch)' });
  });

  it('detects a changed actor even when the tamperer recomputes that row’s hash', async () => {
    const row = (await events())[3]!;
    const forged = { ...row, actor: 'user:someone-else' };
    await sql`update audit_events set actor = ${forged.actor}, hash = ${eventHash(forged)} where seq = 4`.execute(
      store.db,
    );
    const r = await verifyAuditChain(store.db);
    expect(r.broken).toEqual({ seq: 5, reason: 'event 5 does not link to event 4' });
  });

  it('detects a deleted event in the middle and at the end', async () => {
    await sql`delete from audit_events where seq = 2`.execute(store.db);
    expect((await verifyAuditChain(store.db)).broken).toEqual({
      seq: 2,
      reason: 'event 2 is missing (next is 3)',
    });
  });

  it('detects the last event deleted', async () => {
    await sql`delete from audit_events where seq = 6`.execute(store.db);
    expect((await verifyAuditChain(store.db)).broken).toEqual({
      seq: 6,
      reason: 'chain ends at event 5 but its head says 6',
    });
  });

  it('detects an event inserted behind the product’s back, even with a well-formed hash', async () => {
    const last = (await events()).at(-1)!;
    const forged = { ...last, seq: 7, entity_id: 'x', action: 'delete', prev_hash: last.hash };
    await store.db
      .insertInto('audit_events')
      .values({ ...forged, hash: eventHash(forged) })
      .execute();
    expect((await verifyAuditChain(store.db)).broken).toEqual({
      seq: 7,
      reason: 'event 7 lies beyond the recorded chain head 6',
    });
  });

  it('detects an event inserted in the middle by renumbering', async () => {
    await sql`update audit_events set seq = seq + 100 where seq >= 4`.execute(store.db);
    const r = await verifyAuditChain(store.db);
    expect(r.ok).toBe(false);
    expect(r.broken?.seq).toBe(4);
  });
});
