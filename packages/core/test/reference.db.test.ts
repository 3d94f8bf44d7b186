import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billingAccountEntity } from '../src/modules/billing-accounts/billing-account.entity.ts';
import { costCenterEntity } from '../src/modules/cost-centers/cost-center.entity.ts';
import { bulkUpdateServices } from '../src/modules/inventory/bulk.service.ts';
import { createService } from '../src/modules/inventory/services.service.ts';
import { locationEntity } from '../src/modules/locations/location.entity.ts';
import { personEntity } from '../src/modules/people/person.entity.ts';
import {
  createEntity,
  deleteEntity,
  getEntity,
  listEntities,
  updateEntity,
} from '../src/modules/reference/reference.service.ts';
import { vendorEntity } from '../src/modules/vendors/vendor.entity.ts';
import type { Ctx } from '../src/shared/context.ts';
import { AppError } from '../src/shared/errors.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from './test-store.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};

describe(`reference data on ${testEngine}`, () => {
  let store: TestStore;
  let ctx: Ctx;
  beforeEach(async () => {
    store = await freshStore();
    ctx = await tenantCtx(store);
  });
  afterEach(() => store.drop());

  it('creates with defaults, reads back with reference labels, and trims text', async () => {
    const v = await createEntity(ctx, vendorEntity, { code: ' ATT ', name: 'AT&T' });
    expect(v).toMatchObject({
      code: 'ATT',
      name: 'AT&T',
      kind: 'other',
      disputeWindowDays: 45,
      disputeContact: null,
    });
    const a = await createEntity(ctx, billingAccountEntity, { vendorId: v.id, accountNumber: '287-1' });
    expect(await getEntity(ctx, billingAccountEntity, a.id)).toMatchObject({
      vendorId: v.id,
      vendorLabel: 'ATT',
      currency: 'USD',
      cadence: 'monthly',
      status: 'active',
      parentId: null,
      parentLabel: null,
    });
  });

  it('rejects invalid values field by field', async () => {
    const err = await createEntity(ctx, vendorEntity, {
      code: '',
      name: 'x',
      kind: 'carrier',
      disputeWindowDays: 999,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('validation_failed');
    const paths = (err.details.fields as { path: string }[]).map((f) => f.path).sort();
    expect(paths).toEqual(['code', 'disputeWindowDays', 'kind']);
    expect(await code(createEntity(ctx, vendorEntity, { code: 'A', name: 'A', surprise: 1 }))).toBe(
      'validation_failed',
    );
    expect(
      await code(createEntity(ctx, personEntity, { employeeId: 'E1', name: 'P', leaverDate: '2026-02-30' })),
    ).toBe('validation_failed');
    expect(
      await code(createEntity(ctx, personEntity, { employeeId: 'E1', name: 'P', email: 'not-an-email' })),
    ).toBe('validation_failed');
  });

  it('refuses a duplicate natural key and a reference to a missing row', async () => {
    await createEntity(ctx, vendorEntity, { code: 'VZW', name: 'Verizon' });
    expect(await code(createEntity(ctx, vendorEntity, { code: 'VZW', name: 'Again' }))).toBe('conflict');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      await code(createEntity(ctx, billingAccountEntity, { vendorId: missing, accountNumber: '1' })),
    ).toBe('validation_failed');
  });

  it('keeps sub-accounts under the same vendor and trees free of cycles', async () => {
    const v1 = await createEntity(ctx, vendorEntity, { code: 'V1', name: 'One' });
    const v2 = await createEntity(ctx, vendorEntity, { code: 'V2', name: 'Two' });
    const parent = await createEntity(ctx, billingAccountEntity, { vendorId: v1.id, accountNumber: 'P' });
    expect(
      await code(
        createEntity(ctx, billingAccountEntity, { vendorId: v2.id, accountNumber: 'C', parentId: parent.id }),
      ),
    ).toBe('validation_failed');
    const child = await createEntity(ctx, billingAccountEntity, {
      vendorId: v1.id,
      accountNumber: 'C',
      parentId: parent.id,
    });
    expect(await code(updateEntity(ctx, billingAccountEntity, parent.id, { parentId: child.id }))).toBe(
      'validation_failed',
    );

    const root = await createEntity(ctx, costCenterEntity, { code: '1000', name: 'Corporate' });
    const it1 = await createEntity(ctx, costCenterEntity, { code: '1100', name: 'IT', parentId: root.id });
    const ops = await createEntity(ctx, costCenterEntity, { code: '1110', name: 'IT Ops', parentId: it1.id });
    expect(await code(updateEntity(ctx, costCenterEntity, root.id, { parentId: ops.id }))).toBe(
      'validation_failed',
    );
    expect(await code(updateEntity(ctx, costCenterEntity, root.id, { parentId: root.id }))).toBe(
      'validation_failed',
    );
  });

  it('requires a closing date exactly for closed locations', async () => {
    expect(
      await code(createEntity(ctx, locationEntity, { code: 'L1', name: 'Plant', status: 'closed' })),
    ).toBe('validation_failed');
    expect(
      await code(createEntity(ctx, locationEntity, { code: 'L1', name: 'Plant', closedOn: '2026-01-01' })),
    ).toBe('validation_failed');
    const l = await createEntity(ctx, locationEntity, {
      code: 'L1',
      name: 'Plant',
      status: 'closed',
      closedOn: '2026-01-31',
    });
    expect(l.closedOn).toBe('2026-01-31');
  });

  it('updates only what changed and reports a no-op', async () => {
    const v = await createEntity(ctx, vendorEntity, { code: 'Z', name: 'Zayo' });
    const same = await updateEntity(ctx, vendorEntity, v.id, { name: 'Zayo' });
    expect(same.changed).toBe(false);
    const moved = await updateEntity(ctx, vendorEntity, v.id, { disputeWindowDays: 60 });
    expect(moved.changed).toBe(true);
    expect(moved.item).toMatchObject({ name: 'Zayo', disputeWindowDays: 60 });
  });

  it('refuses to delete a row still referenced, and deletes it once free', async () => {
    const v = await createEntity(ctx, vendorEntity, { code: 'V', name: 'V' });
    const a = await createEntity(ctx, billingAccountEntity, { vendorId: v.id, accountNumber: 'A' });
    const err = await deleteEntity(ctx, vendorEntity, v.id).catch((e) => e);
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/1 billing accounts/);
    await deleteEntity(ctx, billingAccountEntity, a.id);
    await deleteEntity(ctx, vendorEntity, v.id);
    expect(await code(getEntity(ctx, vendorEntity, v.id))).toBe('not_found');
  });

  it('refuses to delete a person, site or vendor that inventory still uses', async () => {
    const v = await createEntity(ctx, vendorEntity, { code: 'W', name: 'W' });
    const p = await createEntity(ctx, personEntity, { employeeId: 'E-OWN', name: 'Owner' });
    const s = await createService(ctx, {
      serviceType: 'wireless',
      identifier: '3125550100',
      vendorId: v.id,
      ownerId: p.id,
    });
    for (const [entity, id, text] of [
      [personEntity, p.id, /1 services \(owner\)/],
      [vendorEntity, v.id, /1 services/],
    ] as const) {
      const err = await deleteEntity(ctx, entity, id).catch((e) => e);
      expect(err.code).toBe('conflict');
      expect(err.message).toMatch(text);
    }
    await bulkUpdateServices(ctx, { ids: [s.id], set: { ownerId: null } });
    await deleteEntity(ctx, personEntity, p.id);
    expect(await code(getEntity(ctx, personEntity, p.id))).toBe('not_found');
  });

  it('pages, sorts, searches and filters identically on both engines', async () => {
    const cc = await createEntity(ctx, costCenterEntity, { code: '100', name: 'Ops' });
    const names = [
      'Émile Zola',
      'anna Berg',
      'Anna Adams',
      'bob 100% Sure',
      'Carl_Underscore',
      'Dana Diaz',
      'Eve Evans',
    ];
    for (const [i, name] of names.entries()) {
      await createEntity(ctx, personEntity, {
        employeeId: `E${i}`,
        name,
        costCenterId: i % 2 === 0 ? cc.id : null,
      });
    }
    const page1 = await listEntities(ctx, personEntity, { sort: 'name', pageSize: 3 });
    expect(page1.total).toBe(7);
    // Byte order: upper case before lower case, accented letters last, on both engines.
    expect(page1.items.map((p) => p.name)).toEqual(['Anna Adams', 'Carl_Underscore', 'Dana Diaz']);
    const page3 = await listEntities(ctx, personEntity, { sort: 'name', pageSize: 3, page: 3 });
    expect(page3.items.map((p) => p.name)).toEqual(['Émile Zola']);
    const desc = await listEntities(ctx, personEntity, { sort: 'employeeId', dir: 'desc', pageSize: 2 });
    expect(desc.items.map((p) => p.employeeId)).toEqual(['E6', 'E5']);
    expect((await listEntities(ctx, personEntity, { q: 'ANNA' })).total).toBe(2);
    // LIKE wildcards in the search text are literal characters.
    expect((await listEntities(ctx, personEntity, { q: '100%' })).items.map((p) => p.name)).toEqual([
      'bob 100% Sure',
    ]);
    expect((await listEntities(ctx, personEntity, { q: '_' })).items.map((p) => p.name)).toEqual([
      'Carl_Underscore',
    ]);
    expect((await listEntities(ctx, personEntity, { filters: { costCenterId: cc.id } })).total).toBe(4);
    expect((await listEntities(ctx, personEntity, { filters: { costCenterId: 'none' } })).total).toBe(3);
    expect(await code(listEntities(ctx, personEntity, { sort: 'password' }))).toBe('validation_failed');
    expect(await code(listEntities(ctx, personEntity, { filters: { tenant_id: 'x' } }))).toBe(
      'validation_failed',
    );
  });

  it('never shows another tenant’s rows, even by id', async () => {
    const other = await tenantCtx(store, 'other');
    const theirs = await createEntity(other, vendorEntity, { code: 'T', name: 'Theirs' });
    await createEntity(ctx, vendorEntity, { code: 'M', name: 'Mine' });
    expect((await listEntities(ctx, vendorEntity, {})).items.map((v) => v.code)).toEqual(['M']);
    expect(await code(getEntity(ctx, vendorEntity, theirs.id))).toBe('not_found');
    expect(await code(updateEntity(ctx, vendorEntity, theirs.id, { name: 'Mine now' }))).toBe('not_found');
    expect(await code(deleteEntity(ctx, vendorEntity, theirs.id))).toBe('not_found');
    expect(
      await code(createEntity(ctx, billingAccountEntity, { vendorId: theirs.id, accountNumber: '1' })),
    ).toBe('validation_failed');
    expect((await getEntity(other, vendorEntity, theirs.id)).name).toBe('Theirs');
  });
});
