import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ACTIONS,
  type Action,
  AppError,
  acceptDiscovered,
  addMember,
  authorize,
  type Ctx,
  can,
  createEntity,
  createToken,
  dataQualityReport,
  dataQualityTrend,
  deleteEntity,
  ENTITIES,
  type EntitySpec,
  getEntity,
  ignoreDiscovered,
  importCsv,
  listApiTokens,
  listAuditEvents,
  listDiscovered,
  listEntities,
  listMembers,
  listRuleItems,
  mergeDiscovered,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  type Role,
  removeMember,
  revokeToken,
  takeDataQualitySnapshot,
  undoDiscoveryDecision,
  updateEntity,
  verifyAuditLog,
} from '@temops/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billNewIdentifier, insertService } from '../../core/test/data-quality-fixtures.ts';
import {
  addUser,
  asUser,
  bearer,
  Client,
  documentedRoutes,
  type Harness,
  harness,
  login,
  PASSWORD,
  type RefCodes,
  type Refs,
  type Res,
  sampleCsv,
  sampleInput,
  seedReference,
  send,
  snapshot,
  type TestUser,
  testEngine,
} from './helpers.ts';

const SLUG = 'perm';
const T = `/api/t/${SLUG}`;

/** Routes anyone may call, signed in or not. */
const PUBLIC = ['GET /api/health', 'POST /api/auth/login', 'GET /api/meta/entities', 'GET /api/meta/roles'];
/** Served outside the OpenAPI document, and public too. */
const UNDOCUMENTED_PUBLIC = ['GET /api/openapi.json', 'GET /api/docs'];
/** Routes about the caller's own session: any signed-in user, no tenant role involved. */
const AUTHENTICATED = ['GET /api/auth/me', 'POST /api/auth/logout', 'POST /api/auth/password'];

// ---------------------------------------------------------------------------------------------
// Fixtures shared by the route and the service matrix (filled in beforeAll).

let h: Harness;
let sys: Ctx;
let refs: Refs;
let codes: RefCodes;
const users = {} as Record<Role, TestUser>;
/** a member who owns tokens the role users do not: revoking them needs token.manage */
let owner: TestUser;
/** a user with a login but, between cases, no role here: added and removed by member cases */
let spare: TestUser;
let seq = 0;
const tag = () => `${++seq}`;
/** an admin session, for fixtures that must go through the API (uploads live in the app) */
let admin: Client;
/** a bill imported through the API before the matrix runs */
const bill = { invoiceId: '', batchId: '' };
const UBL = readFileSync(path.resolve('fixtures/samples/peppol-bis3-ubl-base-example.xml'), 'utf8');
/** The sample invoice under a new number, so every upload is a new invoice. */
const ublInvoice = () => UBL.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>PERM-${tag()}</cbc:ID>`);
const EU_CSV = readFileSync(path.resolve('fixtures/csv/eu-semicolon.csv'), 'utf8');
const EU_PROFILE = JSON.parse(readFileSync(path.resolve('fixtures/csv/eu-semicolon.profile.json'), 'utf8'));
const uploadPath = () => `${T}/imports?file=perm-${tag()}.xml&wait=true`;

const entityBase = (e: EntitySpec) => `${T}/${e.plural}`;

/** A fresh row nothing references, for delete cases. */
const throwaway = async (e: EntitySpec) => (await createEntity(sys, e, sampleInput(e, tag(), refs))).id;

async function rowExists(e: EntitySpec, id: string) {
  try {
    await getEntity(sys, e, id);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return false;
    throw err;
  }
}

const ownerToken = async () =>
  (await createToken(asUser(sys, owner, owner.role), { name: `owner-${tag()}` })).id;

const readmitSpare = async () => (await addMember(sys, { email: spare.email, role: 'viewer' })).id;

// ---------------------------------------------------------------------------------------------
// The route matrix: every documented operation that needs a tenant role, with a realistic call.

interface RouteCase {
  action: Action;
  /** what is being tried, when a route has more than one case */
  scenario?: string;
  /** status of a successful call by a role that may */
  status: number;
  /** runs before the request and the "nothing changed" snapshot; returns the id to act on */
  prepare?: (role: Role) => Promise<string>;
  send: (c: Client, id: string | undefined, role: Role) => Promise<Res>;
  /** further checks after an allowed call */
  verify?: (res: Res, id: string | undefined, role: Role) => Promise<void> | void;
}

function entityRoutes(e: EntitySpec): Record<string, RouteCase[]> {
  const read = `${e.name}.read` as Action;
  const write = `${e.name}.write` as Action;
  const base = `/api/t/{tenant}/${e.plural}`;
  return {
    [`GET ${base}`]: [
      {
        action: read,
        status: 200,
        send: (c) => c.get(`${entityBase(e)}?pageSize=500`),
        verify: (res) => {
          expect(res.body.total).toBeGreaterThanOrEqual(1);
          expect(res.body.items.map((i: { id: string }) => i.id)).toContain(refs[e.name]);
        },
      },
    ],
    [`GET ${base}/{id}`]: [
      {
        action: read,
        status: 200,
        send: (c) => c.get(`${entityBase(e)}/${refs[e.name]}`),
        verify: (res) => expect(res.body.id).toBe(refs[e.name]),
      },
    ],
    [`POST ${base}`]: [
      {
        action: write,
        status: 201,
        send: (c) => c.post(entityBase(e), sampleInput(e, tag(), refs)),
        verify: async (res) => expect(await rowExists(e, res.body.id)).toBe(true),
      },
    ],
    [`PATCH ${base}/{id}`]: [
      {
        action: write,
        status: 200,
        send: (c, _id, role) => c.patch(`${entityBase(e)}/${refs[e.name]}`, { name: `Renamed by ${role}` }),
        verify: async (_res, _id, role) =>
          expect((await getEntity(sys, e, refs[e.name])).name).toBe(`Renamed by ${role}`),
      },
    ],
    [`DELETE ${base}/{id}`]: [
      {
        action: write,
        status: 204,
        prepare: () => throwaway(e),
        send: (c, id) => c.del(`${entityBase(e)}/${id}`),
        verify: async (_res, id) => expect(await rowExists(e, id!)).toBe(false),
      },
    ],
    [`POST ${base}/import`]: [
      {
        action: write,
        status: 200,
        send: (c) => c.csv(`${entityBase(e)}/import?dryRun=false`, sampleCsv(e, tag(), codes)),
        verify: (res) => expect(res.body).toMatchObject({ applied: true, creates: 1, errors: 0 }),
      },
    ],
  };
}

const ROUTES: Record<string, RouteCase[]> = {
  'GET /api/t/{tenant}/me': [
    {
      action: 'tenant.read',
      status: 200,
      send: (c) => c.get(`${T}/me`),
      verify: (res, _id, role) => {
        expect(res.body.role).toBe(role);
        expect(res.body.tenant.slug).toBe(SLUG);
        expect(res.body.permissions).toEqual(permissionsOf(role));
      },
    },
  ],
  'GET /api/t/{tenant}/members': [
    {
      action: 'member.read',
      status: 200,
      send: (c) => c.get(`${T}/members`),
      verify: (res) => {
        const emails = res.body.map((m: { email: string }) => m.email);
        for (const u of Object.values(users)) expect(emails).toContain(u.email);
        expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
      },
    },
  ],
  'POST /api/t/{tenant}/members': [
    {
      action: 'member.manage',
      status: 201,
      send: (c) =>
        c.post(`${T}/members`, { email: `new${tag()}@perm.test`, password: PASSWORD, role: 'viewer' }),
      verify: async (res) => {
        expect(res.body).toMatchObject({ role: 'viewer' });
        expect((await listMembers(sys)).map((m) => m.id)).toContain(res.body.id);
      },
    },
  ],
  'DELETE /api/t/{tenant}/members/{userId}': [
    {
      action: 'member.manage',
      status: 204,
      prepare: readmitSpare,
      send: (c, id) => c.del(`${T}/members/${id}`),
      verify: async (_res, id) => expect((await listMembers(sys)).map((m) => m.id)).not.toContain(id),
    },
  ],
  'GET /api/t/{tenant}/tokens': [
    {
      action: 'token.create',
      status: 200,
      prepare: ownerToken,
      send: (c) => c.get(`${T}/tokens`),
      verify: (res, ownersToken, role) => {
        const owners = res.body.map((t: { owner: string }) => t.owner);
        // Everyone sees their own tokens; only token.manage shows other people's.
        expect(owners).toContain(users[role].email);
        if (can(role, 'token.manage'))
          expect(res.body.map((t: { id: string }) => t.id)).toContain(ownersToken);
        else expect(new Set(owners)).toEqual(new Set([users[role].email]));
        expect(res.text).not.toMatch(/temops_[A-Za-z0-9_-]{20,}/);
      },
    },
  ],
  'POST /api/t/{tenant}/tokens': [
    {
      action: 'token.create',
      status: 201,
      send: (c) => c.post(`${T}/tokens`, { name: `t${tag()}` }),
      verify: (res, _id, role) => {
        expect(res.body.role).toBe(role);
        expect(res.body.token).toMatch(/^temops_/);
      },
    },
  ],
  'DELETE /api/t/{tenant}/tokens/{id}': [
    {
      action: 'token.create',
      scenario: 'own token',
      status: 204,
      prepare: async (role) =>
        (await createToken(asUser(sys, users[role], role), { name: `own-${tag()}` })).id,
      send: (c, id) => c.del(`${T}/tokens/${id}`),
      verify: async (_res, id) => {
        const t = (await listApiTokens(sys)).find((x) => x.id === id);
        expect(t?.revokedAt).toBeTruthy();
      },
    },
    {
      action: 'token.manage',
      scenario: "another member's token",
      status: 204,
      prepare: ownerToken,
      send: (c, id) => c.del(`${T}/tokens/${id}`),
      verify: async (_res, id) => {
        const t = (await listApiTokens(sys)).find((x) => x.id === id);
        expect(t?.revokedAt).toBeTruthy();
      },
    },
  ],
  'GET /api/t/{tenant}/audit-log': [
    {
      action: 'audit_log.read',
      status: 200,
      send: (c) => c.get(`${T}/audit-log?pageSize=20`),
      verify: (res) => {
        expect(res.body.total).toBeGreaterThan(0);
        const seqs = res.body.items.map((i: { seq: number }) => i.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      },
    },
  ],
  'GET /api/t/{tenant}/audit-log/verify': [
    {
      action: 'audit_log.verify',
      status: 200,
      send: (c) => c.get(`${T}/audit-log/verify`),
      verify: (res) => {
        expect(res.body).toMatchObject({ ok: true, brokenAt: null });
      },
    },
  ],
  'POST /api/t/{tenant}/imports': [
    {
      action: 'invoice.import',
      status: 200,
      send: (c) => c.upload(uploadPath(), ublInvoice()),
      verify: (res) => {
        expect(res.body).toMatchObject({ state: 'done', result: { status: 'imported', format: 'ubl' } });
      },
    },
  ],
  'GET /api/t/{tenant}/imports/jobs/{id}': [
    {
      action: 'invoice.read',
      status: 200,
      prepare: async () => {
        const id = (await admin.upload(uploadPath().replace('&wait=true', ''), ublInvoice())).body.id;
        // The import (and the audit that follows it) must finish before the next case snapshots the tables.
        for (let i = 0; i < 200; i++) {
          if ((await admin.get(`${T}/imports/jobs/${id}`)).body.state !== 'running') break;
          await new Promise((done) => setTimeout(done, 25));
        }
        return id;
      },
      send: (c, id) => c.get(`${T}/imports/jobs/${id}`),
      verify: (res, id) => expect(res.body.id).toBe(id),
    },
  ],
  'GET /api/t/{tenant}/mapping-profiles': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/mapping-profiles`),
      verify: (res) => expect(res.body.some((p: { builtIn: boolean }) => p.builtIn)).toBe(true),
    },
  ],
  'PUT /api/t/{tenant}/mapping-profiles/{id}': [
    {
      action: 'invoice.import',
      status: 200,
      send: (c) => {
        const id = `perm-${tag()}`;
        return c.request('PUT', `${T}/mapping-profiles/${id}`, { json: { ...EU_PROFILE, id } });
      },
      verify: (res) => expect(res.body).toMatchObject({ builtIn: false, name: EU_PROFILE.name }),
    },
  ],
  'DELETE /api/t/{tenant}/mapping-profiles/{id}': [
    {
      action: 'invoice.import',
      status: 204,
      prepare: async () => {
        const id = `perm-${tag()}`;
        await admin.request('PUT', `${T}/mapping-profiles/${id}`, { json: { ...EU_PROFILE, id } });
        return id;
      },
      send: (c, id) => c.del(`${T}/mapping-profiles/${id}`),
    },
  ],
  'POST /api/t/{tenant}/imports/preview': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) =>
        c.upload(
          `${T}/imports/preview?file=eu.csv&profile=${encodeURIComponent(JSON.stringify(EU_PROFILE))}`,
          EU_CSV,
        ),
      verify: (res) => expect(res.body.charges.length).toBeGreaterThan(0),
    },
  ],
  'GET /api/t/{tenant}/imports': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/imports?pageSize=500`),
      verify: (res) => expect(res.body.items.map((b: { id: string }) => b.id)).toContain(bill.batchId),
    },
  ],
  'GET /api/t/{tenant}/imports/{id}': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/imports/${bill.batchId}`),
      verify: (res) => expect(res.body).toMatchObject({ id: bill.batchId, status: 'imported' }),
    },
  ],
  'GET /api/t/{tenant}/invoices': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/invoices?pageSize=500`),
      verify: (res) => expect(res.body.items.map((i: { id: string }) => i.id)).toContain(bill.invoiceId),
    },
  ],
  'GET /api/t/{tenant}/invoices/{id}': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/invoices/${bill.invoiceId}`),
      verify: (res) => expect(res.body).toMatchObject({ id: bill.invoiceId, currency: 'EUR' }),
    },
  ],
  'GET /api/t/{tenant}/invoices/{id}/charges': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/invoices/${bill.invoiceId}/charges`),
      verify: (res) => expect(res.body.total).toBeGreaterThan(0),
    },
  ],
  'GET /api/t/{tenant}/invoices/{id}/source': [
    {
      action: 'invoice.read',
      status: 200,
      send: (c) => c.get(`${T}/invoices/${bill.invoiceId}/source`),
      verify: (res) => expect(res.text).toContain('<cbc:ID>PERM-'),
    },
  ],
  ...Object.fromEntries(ENTITIES.flatMap((e) => Object.entries(entityRoutes(e)))),
  // -- inventory routes --
  ...(() => {
    const core = () => import('@temops/core');
    const S = `${T}/services`;
    /** a fresh service of the fixture vendor, on order (so it may still be deleted) */
    const service = async (state: 'ordered' | 'active' = 'active') =>
      (
        await (
          await core()
        ).createService(sys, {
          serviceType: 'device',
          identifier: `PERM-DEV-${tag()}`,
          vendorId: refs.vendor,
          state,
        })
      ).id;
    const serviceType = async () =>
      (
        await (
          await core()
        ).createServiceType(sys, {
          code: `perm_${tag()}`,
          name: 'Perm type',
          identifierKind: 'text',
          attributes: [],
        })
      ).id!;
    const read = (path: (id: string) => string, check?: (res: Res) => void): RouteCase[] => [
      {
        action: 'service.read',
        status: 200,
        prepare: () => service(),
        send: (c, id) => c.get(path(id!)),
        verify: check,
      },
    ];
    const routes: Record<string, RouteCase[]> = {
      'GET /api/t/{tenant}/services': read(
        () => `${S}?pageSize=500&type=device`,
        (res) => expect(res.body.total).toBeGreaterThan(0),
      ),
      'GET /api/t/{tenant}/services/{id}': read(
        (id) => `${S}/${id}`,
        (res) => expect(res.body.transitions).toHaveLength(1),
      ),
      'GET /api/t/{tenant}/services/{id}/history': read(
        (id) => `${S}/${id}/history`,
        (res) => expect(res.body.items[0].action).toBe('create'),
      ),
      'GET /api/t/{tenant}/services/{id}/charges': read(
        (id) => `${S}/${id}/charges`,
        (res) => expect(res.body).toEqual({ monthly: [], latest: [] }),
      ),
      'GET /api/t/{tenant}/services/export': read(
        () => `${S}/export?type=device`,
        (res) => expect(res.text).toMatch(/^type,identifier,vendor/),
      ),
      'POST /api/t/{tenant}/services': [
        {
          action: 'service.write',
          status: 201,
          send: (c) =>
            c.post(S, {
              serviceType: 'wireless',
              identifier: `+4420794${tag().padStart(5, '0')}`,
              vendorId: refs.vendor,
            }),
          verify: (res) => expect(res.body.state).toBe('active'),
        },
      ],
      'PATCH /api/t/{tenant}/services/{id}': [
        {
          action: 'service.write',
          status: 200,
          prepare: () => service(),
          send: (c, id, role) => c.patch(`${S}/${id}`, { description: `by ${role}` }),
          verify: (res, _id, role) => expect(res.body.description).toBe(`by ${role}`),
        },
      ],
      'DELETE /api/t/{tenant}/services/{id}': [
        {
          action: 'service.write',
          status: 204,
          prepare: () => service('ordered'),
          send: (c, id) => c.del(`${S}/${id}`),
        },
      ],
      'POST /api/t/{tenant}/services/{id}/transitions': [
        {
          action: 'service.write',
          status: 200,
          prepare: () => service(),
          send: (c, id) => c.post(`${S}/${id}/transitions`, { to: 'suspended', effectiveOn: '2026-12-01' }),
          verify: (res) => expect(res.body.state).toBe('suspended'),
        },
      ],
      'POST /api/t/{tenant}/services/bulk-update': [
        {
          action: 'service.write',
          status: 200,
          prepare: () => service(),
          send: (c, id) => c.post(`${S}/bulk-update`, { ids: [id], set: { ownerId: refs.person } }),
          verify: (res) => expect(res.body).toEqual({ updated: 1 }),
        },
      ],
      'POST /api/t/{tenant}/services/review': [
        {
          action: 'service.write',
          status: 200,
          prepare: () => service(),
          send: (c, id) => c.post(`${S}/review`, { ids: [id], evidence: 'checked' }),
          verify: (res) => expect(res.body).toEqual({ reviewed: 1 }),
        },
      ],
      'POST /api/t/{tenant}/services/import': [
        {
          action: 'service.write',
          status: 200,
          send: (c) =>
            c.csv(
              `${S}/import?dryRun=false`,
              `type,identifier,vendor\ndevice,PERM-IMP-${tag()},${codes.vendor}\n`,
            ),
          verify: (res) => expect(res.body).toMatchObject({ applied: true, creates: 1, errors: 0 }),
        },
      ],
      'GET /api/t/{tenant}/service-types': [
        {
          action: 'service.read',
          status: 200,
          send: (c) => c.get(`${T}/service-types`),
          verify: (res) => expect(res.body.map((t: { code: string }) => t.code)).toContain('wireless'),
        },
      ],
      'POST /api/t/{tenant}/service-types': [
        {
          action: 'service.write',
          status: 201,
          send: (c) =>
            c.post(`${T}/service-types`, {
              code: `perm_${tag()}`,
              name: 'P',
              identifierKind: 'text',
              attributes: [],
            }),
          verify: (res) => expect(res.body.builtIn).toBe(false),
        },
      ],
      'PATCH /api/t/{tenant}/service-types/{id}': [
        {
          action: 'service.write',
          status: 200,
          prepare: serviceType,
          send: (c, id) => c.patch(`${T}/service-types/${id}`, { name: 'Renamed' }),
          verify: (res) => expect(res.body.name).toBe('Renamed'),
        },
      ],
      'DELETE /api/t/{tenant}/service-types/{id}': [
        {
          action: 'service.write',
          status: 204,
          prepare: serviceType,
          send: (c, id) => c.del(`${T}/service-types/${id}`),
        },
      ],
      'GET /api/t/{tenant}/saved-views': [
        {
          action: 'service.read',
          status: 200,
          prepare: async (role) =>
            (
              await (
                await core()
              ).saveView(asUser(sys, users[role], role), { page: 'services', name: 'mine', state: {} })
            ).id,
          send: (c) => c.get(`${T}/saved-views?page=services`),
          verify: (res, id) => expect(res.body.map((v: { id: string }) => v.id)).toContain(id),
        },
      ],
      'POST /api/t/{tenant}/saved-views': [
        {
          action: 'service.read',
          status: 200,
          send: (c) =>
            c.post(`${T}/saved-views`, {
              page: 'services',
              name: `v${tag()}`,
              state: { sort: 'identifier' },
            }),
          verify: (res) => expect(res.body.state).toEqual({ sort: 'identifier' }),
        },
      ],
      'DELETE /api/t/{tenant}/saved-views/{id}': [
        {
          action: 'service.read',
          status: 204,
          prepare: async (role) =>
            (
              await (
                await core()
              ).saveView(asUser(sys, users[role], role), { page: 'services', name: `d${tag()}`, state: {} })
            ).id,
          send: (c, id) => c.del(`${T}/saved-views/${id}`),
        },
      ],
    };
    return routes;
  })(),
  // -- contract routes --
  ...(() => {
    const C = `${T}/contracts`;
    const newContract = async () =>
      (
        await admin.post(C, {
          vendorId: refs.vendor,
          contractNumber: `PERM-${tag()}`,
          name: 'Matrix contract',
          termStart: '2026-01-01',
          termEnd: '2027-01-31',
          noticeDays: 30,
          currency: 'EUR',
          commitmentKind: 'spend',
          commitmentPeriod: 'annual',
          commitmentAmount: '1000',
        })
      ).body.id as string;
    let shared = '';
    /** one contract the read and update cases share */
    const contract = async () => {
      shared ||= await newContract();
      return shared;
    };
    const newRateItem = async () =>
      (
        await admin.post(`${C}/${await contract()}/rate-items`, {
          name: `Item ${tag()}`,
          code: `P${tag()}`,
          mrc: '9.5',
        })
      ).body.id as string;
    let sharedItem = '';
    const rateItem = async () => {
      sharedItem ||= await newRateItem();
      return sharedItem;
    };
    /** `contractId/documentId` of a newly uploaded document */
    const newDocument = async () => {
      const id = await contract();
      const doc = await admin.upload(`${C}/${id}/documents?file=perm-${tag()}.pdf`, `%PDF perm ${tag()}`);
      return `${id}/${doc.body.id}`;
    };
    let sharedDocument = '';
    const document = async () => {
      sharedDocument ||= await newDocument();
      return sharedDocument;
    };
    const read = (path: (id: string) => string, verify?: RouteCase['verify']): RouteCase[] => [
      { action: 'contract.read', status: 200, prepare: contract, send: (c, id) => c.get(path(id!)), verify },
    ];
    const routes: Record<string, RouteCase[]> = {
      'GET /api/t/{tenant}/contracts': read(
        () => `${C}?pageSize=500`,
        (res, id) => expect(res.body.items.map((i: { id: string }) => i.id)).toContain(id),
      ),
      'POST /api/t/{tenant}/contracts': [
        {
          action: 'contract.write',
          status: 201,
          send: (c) =>
            c.post(C, {
              vendorId: refs.vendor,
              contractNumber: `NEW-${tag()}`,
              name: 'New',
              termStart: '2026-01-01',
              currency: 'EUR',
            }),
          verify: (res) => expect(res.body).toMatchObject({ name: 'New', effectiveStatus: 'active' }),
        },
      ],
      'GET /api/t/{tenant}/contracts/alerts': read(
        () => `${C}/alerts`,
        (res, id) => expect(res.body.map((a: { contractId: string }) => a.contractId)).toContain(id),
      ),
      'POST /api/t/{tenant}/contracts/import': [
        {
          action: 'contract.write',
          status: 200,
          send: (c) =>
            c.csv(
              `${C}/import?file=perm.csv&dryRun=false`,
              `vendor_code,contract_number,contract_name,term_start,currency,rate_item_name,code,mrc\n${codes.vendor},IMP-${tag()},Imported,2026-01-01,EUR,Line,L1,5\n`,
            ),
          verify: (res) => expect(res.body).toMatchObject({ applied: true, creates: 1, errors: 0 }),
        },
      ],
      'GET /api/t/{tenant}/contracts/{id}': read(
        (id) => `${C}/${id}`,
        (res, id) => expect(res.body).toMatchObject({ id, commitment: { kind: 'spend' } }),
      ),
      'PATCH /api/t/{tenant}/contracts/{id}': [
        {
          action: 'contract.write',
          status: 200,
          prepare: contract,
          send: (c, id, role) => c.patch(`${C}/${id}`, { name: `Renamed by ${role}` }),
          verify: (res, _id, role) => expect(res.body.name).toBe(`Renamed by ${role}`),
        },
      ],
      'DELETE /api/t/{tenant}/contracts/{id}': [
        {
          action: 'contract.write',
          status: 204,
          prepare: newContract,
          send: (c, id) => c.del(`${C}/${id}`),
          verify: async (_res, id) => expect((await admin.get(`${C}/${id}`)).status).toBe(404),
        },
      ],
      'PUT /api/t/{tenant}/contracts/{id}/accounts': [
        {
          action: 'contract.write',
          status: 200,
          prepare: contract,
          send: (c, id) =>
            c.request('PUT', `${C}/${id}/accounts`, { json: { accountIds: [refs.billing_account] } }),
          verify: (res) =>
            expect(res.body.accounts.map((a: { id: string }) => a.id)).toEqual([refs.billing_account]),
        },
      ],
      'GET /api/t/{tenant}/contracts/{id}/rate-items': read(
        (id) => `${C}/${id}/rate-items`,
        (res) => expect(Array.isArray(res.body)).toBe(true),
      ),
      'POST /api/t/{tenant}/contracts/{id}/rate-items': [
        {
          action: 'contract.write',
          status: 201,
          prepare: contract,
          send: (c, id) =>
            c.post(`${C}/${id}/rate-items`, { name: 'Posted', descriptionPattern: '*DATA*', mrc: '1' }),
          verify: (res, id) =>
            expect(res.body).toMatchObject({ contractId: id, mrc: '1.00', currency: 'EUR' }),
        },
      ],
      'GET /api/t/{tenant}/rate-items': [
        {
          action: 'contract.read',
          status: 200,
          prepare: rateItem,
          send: (c) => c.get(`${T}/rate-items?pageSize=500`),
          verify: (res, id) => expect(res.body.items.map((i: { id: string }) => i.id)).toContain(id),
        },
      ],
      'PATCH /api/t/{tenant}/rate-items/{id}': [
        {
          action: 'contract.write',
          status: 200,
          prepare: rateItem,
          send: (c, id, role) => c.patch(`${T}/rate-items/${id}`, { name: `Item of ${role}` }),
          verify: (res, _id, role) => expect(res.body.name).toBe(`Item of ${role}`),
        },
      ],
      'DELETE /api/t/{tenant}/rate-items/{id}': [
        {
          action: 'contract.write',
          status: 204,
          prepare: newRateItem,
          send: (c, id) => c.del(`${T}/rate-items/${id}`),
        },
      ],
      'GET /api/t/{tenant}/contracts/{id}/documents': read(
        (id) => `${C}/${id}/documents`,
        (res) => expect(Array.isArray(res.body)).toBe(true),
      ),
      'POST /api/t/{tenant}/contracts/{id}/documents': [
        {
          action: 'contract.write',
          status: 201,
          prepare: contract,
          send: (c, id) => c.upload(`${C}/${id}/documents?file=upload.pdf`, '%PDF upload'),
          verify: (res) => expect(res.body).toMatchObject({ fileName: 'upload.pdf', size: 11 }),
        },
      ],
      'GET /api/t/{tenant}/contracts/{id}/documents/{docId}': [
        {
          action: 'contract.read',
          status: 200,
          prepare: document,
          send: (c, id) => c.get(`${C}/${id!.split('/')[0]}/documents/${id!.split('/')[1]}`),
          verify: (res) => expect(res.text).toMatch(/^%PDF perm/),
        },
      ],
      'DELETE /api/t/{tenant}/contracts/{id}/documents/{docId}': [
        {
          action: 'contract.write',
          status: 204,
          prepare: newDocument,
          send: (c, id) => c.del(`${C}/${id!.split('/')[0]}/documents/${id!.split('/')[1]}`),
        },
      ],
      'GET /api/t/{tenant}/contracts/{id}/commitment': read(
        (id) => `${C}/${id}/commitment`,
        (res) => expect(res.body.summary).toMatchObject({ kind: 'spend', committed: '1000.00' }),
      ),
    };
    return routes;
  })(),
  // -- data-quality routes --
  'GET /api/t/{tenant}/data-quality': [
    {
      action: 'data_quality.read',
      status: 200,
      send: (c) => c.get(`${T}/data-quality`),
      verify: (res) => expect(res.body.rules).toHaveLength(10),
    },
  ],
  'GET /api/t/{tenant}/data-quality/trend': [
    {
      action: 'data_quality.read',
      status: 200,
      send: (c) => c.get(`${T}/data-quality/trend?days=7`),
      verify: (res) => expect(res.body.to).toBe(h.clock.now().toISOString().slice(0, 10)),
    },
  ],
  'POST /api/t/{tenant}/data-quality/snapshots': [
    {
      action: 'service.write',
      status: 201,
      send: (c) => c.post(`${T}/data-quality/snapshots`),
      verify: async (res) => {
        const rows = await sys.db
          .selectFrom('dq_scores')
          .selectAll()
          .where('tenant_id', '=', sys.tenantId)
          .execute();
        expect(rows.find((r) => r.domain === 'overall')?.score_bp).toBe(res.body.overallBp);
      },
    },
  ],
  'GET /api/t/{tenant}/data-quality/rules/{rule}/items': [
    {
      action: 'data_quality.read',
      status: 200,
      send: (c) => c.get(`${T}/data-quality/rules/discovered_pending/items`),
      verify: (res) => expect(res.body).toMatchObject({ rule: 'discovered_pending', kind: 'discovered' }),
    },
  ],
  'GET /api/t/{tenant}/discovered': [
    {
      action: 'service.read',
      status: 200,
      prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
      send: (c, id) => c.get(`${T}/discovered?q=${id}`),
      verify: (res, id) =>
        expect(res.body.items.map((i: { identifier: string }) => i.identifier)).toEqual([id]),
    },
  ],
  'POST /api/t/{tenant}/discovered/accept': [
    {
      action: 'service.write',
      status: 200,
      prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
      send: (c, id) =>
        c.post(`${T}/discovered/accept`, { items: [{ vendorId: refs.vendor, identifier: id }] }),
      verify: (res) => expect(res.body.accepted).toBe(1),
    },
  ],
  'POST /api/t/{tenant}/discovered/merge': [
    {
      action: 'service.write',
      status: 200,
      prepare: async () =>
        JSON.stringify({
          identifier: await billNewIdentifier(sys, refs.vendor, refs.billing_account),
          serviceId: await insertService(sys, { vendorId: refs.vendor, identifier: `MERGE-${tag()}` }),
        }),
      send: (c, id) =>
        c.post(`${T}/discovered/merge`, { items: [{ vendorId: refs.vendor, ...JSON.parse(id!) }] }),
      verify: (res) => expect(res.body.merged).toBe(1),
    },
  ],
  'POST /api/t/{tenant}/discovered/ignore': [
    {
      action: 'service.write',
      status: 200,
      prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
      send: (c, id) =>
        c.post(`${T}/discovered/ignore`, { items: [{ vendorId: refs.vendor, identifier: id }] }),
      verify: (res) => expect(res.body.ignored).toBe(1),
    },
  ],
  'POST /api/t/{tenant}/discovered/undo': [
    {
      action: 'service.write',
      status: 200,
      prepare: async () => {
        const identifier = await billNewIdentifier(sys, refs.vendor, refs.billing_account);
        await ignoreDiscovered(sys, [{ vendorId: refs.vendor, identifier }]);
        return identifier;
      },
      send: (c, id) => c.post(`${T}/discovered/undo`, { vendorId: refs.vendor, identifier: id }),
      verify: (res) => expect(res.body.undone).toBe('ignored'),
    },
  ],
  // -- exceptions, audit settings and invoice approval routes (exceptions helper) --
  ...(() => {
    const X = `${T}/exceptions`;
    const A = `${T}/audit`;
    const fixtures = () => import('../../core/test/audit-fixtures.ts');
    /** an open finding written straight to the table: the matrix tests the gates, not the engine */
    const finding = async (over: Record<string, unknown> = {}) => {
      const id = `perm-finding-${tag()}`;
      const now = h.clock.now().toISOString();
      await sys.db
        .insertInto('findings')
        .values({
          id,
          tenant_id: sys.tenantId,
          rule: 'not_in_inventory',
          subject_key: id,
          severity: 'high',
          blocking: 0,
          summary: 'Matrix finding',
          vendor_id: refs.vendor,
          billing_account_id: refs.billing_account,
          invoice_id: null,
          line_no: null,
          service_identifier: `PERM-F-${tag()}`,
          service_id: null,
          contract_id: null,
          cost_center_id: null,
          period: '2026-10',
          currency: 'EUR',
          billed_nanos: 2_000_000_000n,
          expected_nanos: 0n,
          variance_nanos: 2_000_000_000n,
          evidence_json: '{}',
          facts_hash: id,
          state: 'open',
          resolution_reason: null,
          queue: 'audit',
          owner_user_id: null,
          due_on: '2026-12-02',
          escalation_level: 0,
          escalated_at: null,
          first_run_id: 'perm-run',
          last_run_id: 'perm-run',
          opened_at: now,
          closed_at: null,
          created_at: now,
          updated_at: now,
          ...over,
        })
        .execute();
      return id;
    };
    let sharedFinding = '';
    const shared = async () => {
      sharedFinding ||= await finding();
      return sharedFinding;
    };
    const invoice = async () =>
      (await fixtures()).addInvoice(sys, {
        vendor_id: refs.vendor,
        billing_account_id: refs.billing_account,
        invoice_number: `PERM-APPROVE-${tag()}`,
        charges: [{ service_id: 'PERM-LINE', amount_nanos: 5_000_000_000n }],
      });
    const attach = async (c: Client, findingId: string, text: string): Promise<Res> => {
      const form = new FormData();
      form.append('file', new File([text], 'evidence.txt', { type: 'text/plain' }));
      const res = await h.app.request(`${X}/${findingId}/attachments`, {
        method: 'POST',
        headers: c.headers('POST'),
        body: form,
      });
      const body = await res.text();
      return { status: res.status, body: body ? JSON.parse(body) : null, text: body, headers: res.headers };
    };
    let sharedAttachment = '';
    const attachment = async () => {
      sharedAttachment ||= `${await shared()}/${(await attach(admin, await shared(), 'perm evidence')).body.id}`;
      return sharedAttachment;
    };
    const routingRule = async () =>
      (await admin.post(`${A}/routing-rules`, { name: `perm ${tag()}`, queue: 'perm', enabled: false })).body
        .id as string;
    const routes: Record<string, RouteCase[]> = {
      'GET /api/t/{tenant}/exceptions': [
        {
          action: 'exception.read',
          status: 200,
          prepare: shared,
          send: (c) => c.get(`${X}?pageSize=500&vendorId=${refs.vendor}`),
          verify: (res, id) => expect(res.body.items.map((i: { id: string }) => i.id)).toContain(id),
        },
      ],
      'GET /api/t/{tenant}/exceptions/{id}': [
        {
          action: 'exception.read',
          status: 200,
          prepare: shared,
          send: (c, id) => c.get(`${X}/${id}`),
          verify: (res, id) => expect([res.body.id, res.body.history[0].action]).toEqual([id, 'open']),
        },
      ],
      'POST /api/t/{tenant}/exceptions/{id}/transition': [
        {
          action: 'exception.work',
          status: 200,
          prepare: () => finding(),
          send: (c, id) => c.post(`${X}/${id}/transition`, { to: 'in_progress', reason: 'matrix' }),
          verify: (res) => expect(res.body.state).toBe('in_progress'),
        },
      ],
      'POST /api/t/{tenant}/exceptions/{id}/assign': [
        {
          action: 'exception.assign',
          status: 200,
          prepare: () => finding(),
          send: (c, id, role) =>
            c.post(`${X}/${id}/assign`, { ownerUserId: users[role].id, queue: 'matrix' }),
          verify: (res, _id, role) =>
            expect(res.body).toMatchObject({ ownerUserId: users[role].id, queue: 'matrix' }),
        },
      ],
      'POST /api/t/{tenant}/exceptions/{id}/comments': [
        {
          action: 'exception.work',
          status: 201,
          prepare: shared,
          send: (c, id, role) => c.post(`${X}/${id}/comments`, { body: `from ${role}` }),
          verify: (res, _id, role) => {
            expect(res.body.body).toBe(`from ${role}`);
            // a token's comments name the token's owner
            expect(res.body.author).toContain(users[role].email);
          },
        },
      ],
      'POST /api/t/{tenant}/exceptions/{id}/attachments': [
        {
          action: 'exception.work',
          status: 201,
          prepare: shared,
          send: (c, id, role) => attach(c, id!, `by ${role}`),
          verify: (res) =>
            expect(res.body).toMatchObject({ fileName: 'evidence.txt', contentType: 'text/plain' }),
        },
      ],
      'GET /api/t/{tenant}/exceptions/{id}/attachments/{attachmentId}': [
        {
          action: 'exception.read',
          status: 200,
          prepare: attachment,
          send: (c, id) => c.get(`${X}/${id}`.replace(/\/([^/]+)$/, '/attachments/$1')),
          verify: (res) => expect(res.text).toBe('perm evidence'),
        },
      ],
      'POST /api/t/{tenant}/exceptions/bulk': [
        {
          action: 'exception.assign',
          scenario: 'assign',
          status: 200,
          prepare: () => finding(),
          send: (c, id) => c.post(`${X}/bulk`, { ids: [id], action: 'assign', queue: 'bulk' }),
          verify: (res) => expect(res.body).toEqual({ updated: 1, failed: [] }),
        },
        {
          action: 'exception.work',
          scenario: 'transition',
          status: 200,
          prepare: () => finding(),
          send: (c, id) =>
            c.post(`${X}/bulk`, { ids: [id], action: 'transition', to: 'disputed', reason: 'bulk' }),
          verify: (res) => expect(res.body).toEqual({ updated: 1, failed: [] }),
        },
      ],
      'POST /api/t/{tenant}/exceptions/escalate': [
        {
          action: 'exception.assign',
          status: 200,
          prepare: () => finding({ due_on: '2026-11-01' }),
          send: (c) => c.post(`${X}/escalate`),
          verify: (res) => expect(res.body.escalated).toBeGreaterThanOrEqual(1),
        },
      ],
      'GET /api/t/{tenant}/audit/rules': [
        {
          action: 'audit.read',
          status: 200,
          send: (c) => c.get(`${A}/rules`),
          verify: (res) =>
            expect(res.body.map((r: { code: string }) => r.code)).toContain('not_in_inventory'),
        },
      ],
      'PUT /api/t/{tenant}/audit/rules/{code}': [
        {
          action: 'audit.configure',
          status: 200,
          send: (c) => c.request('PUT', `${A}/rules/not_in_inventory`, { json: { severity: 'high' } }),
          verify: (res) => expect(res.body.tenant).toMatchObject({ severity: 'high' }),
        },
      ],
      'DELETE /api/t/{tenant}/audit/rules/{code}/vendors/{vendorId}': [
        {
          action: 'audit.configure',
          status: 200,
          prepare: async () => {
            await admin.request('PUT', `${A}/rules/billed_after_disconnect`, {
              json: { vendorId: refs.vendor, blocking: true },
            });
            return refs.vendor;
          },
          send: (c, id) => c.del(`${A}/rules/billed_after_disconnect/vendors/${id}`),
          verify: (res) => expect(res.body.vendors).toEqual([]),
        },
      ],
      'POST /api/t/{tenant}/audit/runs': [
        {
          action: 'audit.run',
          status: 201,
          send: (c) => c.post(`${A}/runs`, { invoiceId: bill.invoiceId, rules: ['not_in_inventory'] }),
          verify: (res) => expect(res.body).toMatchObject({ status: 'completed', invoicesChecked: 1 }),
        },
      ],
      'GET /api/t/{tenant}/audit/runs': [
        {
          action: 'audit.read',
          status: 200,
          send: (c) => c.get(`${A}/runs?pageSize=5`),
          verify: (res) => expect(res.body.total).toBeGreaterThan(0),
        },
      ],
      'GET /api/t/{tenant}/audit/runs/{id}': [
        {
          action: 'audit.read',
          status: 200,
          prepare: async () => (await admin.get(`${A}/runs?pageSize=1`)).body.items[0].id,
          send: (c, id) => c.get(`${A}/runs/${id}`),
          verify: (res, id) => expect(res.body.id).toBe(id),
        },
      ],
      'GET /api/t/{tenant}/audit/routing-rules': [
        {
          action: 'audit.read',
          status: 200,
          prepare: routingRule,
          send: (c) => c.get(`${A}/routing-rules`),
          verify: (res, id) => expect(res.body.map((r: { id: string }) => r.id)).toContain(id),
        },
      ],
      'POST /api/t/{tenant}/audit/routing-rules': [
        {
          action: 'audit.configure',
          status: 201,
          send: (c) => c.post(`${A}/routing-rules`, { name: 'posted', queue: 'perm', enabled: false }),
          verify: (res) => expect(res.body).toMatchObject({ name: 'posted', enabled: false }),
        },
      ],
      'PUT /api/t/{tenant}/audit/routing-rules/{id}': [
        {
          action: 'audit.configure',
          status: 200,
          prepare: routingRule,
          send: (c, id, role) =>
            c.request('PUT', `${A}/routing-rules/${id}`, {
              json: { name: role, queue: 'perm', enabled: false },
            }),
          verify: (res, _id, role) => expect(res.body.name).toBe(role),
        },
      ],
      'DELETE /api/t/{tenant}/audit/routing-rules/{id}': [
        {
          action: 'audit.configure',
          status: 200,
          prepare: routingRule,
          send: (c, id) => c.del(`${A}/routing-rules/${id}`),
          verify: (res, id) => expect(res.body.id).toBe(id),
        },
      ],
      'GET /api/t/{tenant}/audit/sla': [
        {
          action: 'audit.read',
          status: 200,
          send: (c) => c.get(`${A}/sla`),
          verify: (res) => expect(res.body).toHaveLength(4),
        },
      ],
      'PUT /api/t/{tenant}/audit/sla': [
        {
          action: 'audit.configure',
          status: 200,
          send: (c) =>
            c.request('PUT', `${A}/sla`, {
              json: { policies: [{ severity: 'low', days: 21, escalateToUserId: null }] },
            }),
          verify: (res) => expect(res.body[0]).toEqual({ severity: 'low', days: 21, escalateToUserId: null }),
        },
      ],
      'POST /api/t/{tenant}/invoices/{id}/approve': [
        {
          action: 'invoice.approve',
          status: 200,
          prepare: invoice,
          send: (c, id) => c.post(`${T}/invoices/${id}/approve`, { mode: 'full', note: 'matrix' }),
          verify: (res) => expect(res.body).toMatchObject({ status: 'approved', approved: '5.00' }),
        },
      ],
      'POST /api/t/{tenant}/invoices/{id}/hold': [
        {
          action: 'invoice.approve',
          status: 200,
          prepare: invoice,
          send: (c, id) => c.post(`${T}/invoices/${id}/hold`, { reason: 'matrix' }),
          verify: (res) => expect(res.body.status).toBe('on_hold'),
        },
      ],
    };
    return routes;
  })(),
};

// ---------------------------------------------------------------------------------------------
// The service matrix: the same rules hold when the core is called directly.

interface ServiceCase {
  action: Action;
  name: string;
  prepare?: (role: Role) => Promise<string>;
  call: (ctx: Ctx, id: string | undefined) => Promise<unknown>;
  /** `authorize` itself, for actions no service checks yet */
  gateOnly?: boolean;
}

const SERVICES: ServiceCase[] = [
  ...ENTITIES.flatMap((e): ServiceCase[] => {
    const read = `${e.name}.read` as Action;
    const write = `${e.name}.write` as Action;
    return [
      { action: read, name: `listEntities(${e.plural})`, call: (ctx) => listEntities(ctx, e, {}) },
      { action: read, name: `getEntity(${e.plural})`, call: (ctx) => getEntity(ctx, e, refs[e.name]) },
      {
        action: write,
        name: `createEntity(${e.plural})`,
        call: (ctx) => createEntity(ctx, e, sampleInput(e, tag(), refs)),
      },
      {
        action: write,
        name: `updateEntity(${e.plural})`,
        call: (ctx) => updateEntity(ctx, e, refs[e.name], { name: `Service ${tag()}` }),
      },
      {
        action: write,
        name: `deleteEntity(${e.plural})`,
        prepare: () => throwaway(e),
        call: (ctx, id) => deleteEntity(ctx, e, id!),
      },
      {
        action: write,
        name: `importCsv(${e.plural})`,
        call: (ctx) =>
          importCsv(ctx, e, { file: 'x.csv', content: sampleCsv(e, tag(), codes), dryRun: false }),
      },
    ];
  }),
  { action: 'member.read', name: 'listMembers', call: (ctx) => listMembers(ctx) },
  {
    action: 'member.manage',
    name: 'addMember',
    call: (ctx) => addMember(ctx, { email: spare.email, role: 'viewer' }),
  },
  {
    action: 'member.manage',
    name: 'removeMember',
    prepare: readmitSpare,
    call: (ctx, id) => removeMember(ctx, id!),
  },
  { action: 'token.create', name: 'createToken', call: (ctx) => createToken(ctx, { name: `s${tag()}` }) },
  { action: 'token.create', name: 'listApiTokens', call: (ctx) => listApiTokens(ctx) },
  {
    action: 'token.create',
    name: 'revokeToken (own)',
    prepare: async (role) => (await createToken(asUser(sys, users[role], role), { name: `o${tag()}` })).id,
    call: (ctx, id) => revokeToken(ctx, id!),
  },
  {
    action: 'token.manage',
    name: "revokeToken (another member's)",
    prepare: ownerToken,
    call: (ctx, id) => revokeToken(ctx, id!),
  },
  { action: 'audit_log.read', name: 'listAuditEvents', call: (ctx) => listAuditEvents(ctx, {}) },
  // No tenant service checks these two: tenant access is decided by membership (tenantScope), and
  // verifying the chain is a platform operation (`temops admin verify`) with no actor. The gate
  // that a future route or service would call is still exercised for every role.
  {
    action: 'tenant.read',
    name: 'authorize(tenant.read)',
    gateOnly: true,
    call: async (ctx) => authorize(ctx.actor, 'tenant.read'),
  },
  {
    action: 'audit_log.verify',
    name: 'verifyAuditLog',
    call: async (ctx) => {
      expect((await verifyAuditLog(ctx)).ok).toBe(true);
    },
  },
  // -- inventory services --
  ...(() => {
    const core = () => import('@temops/core');
    const service = async (state: 'ordered' | 'active' = 'active') =>
      (
        await (
          await core()
        ).createService(sys, {
          serviceType: 'device',
          identifier: `PERM-SVC-${tag()}`,
          vendorId: refs.vendor,
          state,
        })
      ).id;
    const cases: ServiceCase[] = [
      {
        action: 'service.read',
        name: 'listServices',
        call: async (ctx) => (await core()).listServices(ctx, {}),
      },
      {
        action: 'service.read',
        name: 'getService',
        prepare: () => service(),
        call: async (ctx, id) => (await core()).getService(ctx, id!),
      },
      {
        action: 'service.read',
        name: 'serviceHistory',
        prepare: () => service(),
        call: async (ctx, id) => (await core()).serviceHistory(ctx, id!),
      },
      {
        action: 'service.read',
        name: 'serviceCharges',
        prepare: () => service(),
        call: async (ctx, id) => (await core()).serviceCharges(ctx, id!),
      },
      {
        action: 'service.read',
        name: 'exportServices',
        call: async (ctx) => (await core()).exportServices(ctx, { type: 'device' }),
      },
      {
        action: 'service.read',
        name: 'listServiceTypes',
        call: async (ctx) => (await core()).listServiceTypes(ctx),
      },
      {
        action: 'service.read',
        name: 'listSavedViews',
        call: async (ctx) => (await core()).listSavedViews(ctx, 'services'),
      },
      {
        action: 'service.write',
        name: 'createService',
        call: async (ctx) =>
          (await core()).createService(ctx, {
            serviceType: 'device',
            identifier: `PERM-C-${tag()}`,
            vendorId: refs.vendor,
          }),
      },
      {
        action: 'service.write',
        name: 'updateService',
        prepare: () => service(),
        call: async (ctx, id) => (await core()).updateService(ctx, id!, { description: 'changed' }),
      },
      {
        action: 'service.write',
        name: 'transitionService',
        prepare: () => service(),
        call: async (ctx, id) =>
          (await core()).transitionService(ctx, id!, { to: 'suspended', effectiveOn: '2026-12-01' }),
      },
      {
        action: 'service.write',
        name: 'deleteService',
        prepare: () => service('ordered'),
        call: async (ctx, id) => (await core()).deleteService(ctx, id!),
      },
      {
        action: 'service.write',
        name: 'bulkUpdateServices',
        prepare: () => service(),
        call: async (ctx, id) =>
          (await core()).bulkUpdateServices(ctx, { ids: [id!], set: { addTags: ['perm'] } }),
      },
      {
        action: 'service.write',
        name: 'reviewServices',
        prepare: () => service(),
        call: async (ctx, id) => (await core()).reviewServices(ctx, { ids: [id!], evidence: 'seen' }),
      },
      {
        action: 'service.write',
        name: 'importServices',
        call: async (ctx) =>
          (await core()).importServices(ctx, {
            file: 'perm.csv',
            content: Buffer.from(`type,identifier,vendor\ndevice,PERM-I-${tag()},${codes.vendor}\n`),
            dryRun: false,
          }),
      },
      {
        action: 'service.write',
        name: 'createServiceType',
        call: async (ctx) =>
          (await core()).createServiceType(ctx, {
            code: `perm_s${tag()}`,
            name: 'S',
            identifierKind: 'text',
            attributes: [],
          }),
      },
    ];
    return cases;
  })(),
  // -- contract services --
  ...(() => {
    const core = () => import('@temops/core');
    const newContract = async () =>
      (
        await (
          await core()
        ).createContract(sys, {
          vendorId: refs.vendor,
          contractNumber: `SVC-${tag()}`,
          name: 'Service matrix',
          termStart: '2026-01-01',
          currency: 'EUR',
        })
      ).id;
    const newRateItem = async () =>
      (await (await core()).createRateItem(sys, await newContract(), { name: 'Item', code: `S${tag()}` })).id;
    const cases: ServiceCase[] = [
      {
        action: 'contract.read',
        name: 'listContracts',
        call: async (ctx) => (await core()).listContracts(ctx, {}),
      },
      {
        action: 'contract.read',
        name: 'getContract',
        prepare: newContract,
        call: async (ctx, id) => (await core()).getContract(ctx, id!),
      },
      {
        action: 'contract.read',
        name: 'contractAlerts',
        call: async (ctx) => (await core()).contractAlerts(ctx),
      },
      {
        action: 'contract.read',
        name: 'contractCommitment',
        prepare: newContract,
        call: async (ctx, id) => (await core()).contractCommitment(ctx, id!),
      },
      {
        action: 'contract.read',
        name: 'searchRateItems',
        call: async (ctx) => (await core()).searchRateItems(ctx, {}),
      },
      {
        action: 'contract.read',
        name: 'listRateItems',
        prepare: newContract,
        call: async (ctx, id) => (await core()).listRateItems(ctx, id!),
      },
      {
        action: 'contract.read',
        name: 'listDocuments',
        prepare: newContract,
        call: async (ctx, id) => (await core()).listDocuments(ctx, id!),
      },
      {
        action: 'contract.write',
        name: 'createContract',
        call: async (ctx) =>
          (await core()).createContract(ctx, {
            vendorId: refs.vendor,
            contractNumber: `SVC-NEW-${tag()}`,
            name: 'Created',
            termStart: '2026-01-01',
            currency: 'EUR',
          }),
      },
      {
        action: 'contract.write',
        name: 'updateContract',
        prepare: newContract,
        call: async (ctx, id) => (await core()).updateContract(ctx, id!, { name: 'Updated' }),
      },
      {
        action: 'contract.write',
        name: 'deleteContract',
        prepare: newContract,
        call: async (ctx, id) => (await core()).deleteContract(ctx, id!),
      },
      {
        action: 'contract.write',
        name: 'setContractAccounts',
        prepare: newContract,
        call: async (ctx, id) => (await core()).setContractAccounts(ctx, id!, [refs.billing_account]),
      },
      {
        action: 'contract.write',
        name: 'createRateItem',
        prepare: newContract,
        call: async (ctx, id) => (await core()).createRateItem(ctx, id!, { name: 'New', code: 'N1' }),
      },
      {
        action: 'contract.write',
        name: 'updateRateItem',
        prepare: newRateItem,
        call: async (ctx, id) => (await core()).updateRateItem(ctx, id!, { mrc: '3' }),
      },
      {
        action: 'contract.write',
        name: 'deleteRateItem',
        prepare: newRateItem,
        call: async (ctx, id) => (await core()).deleteRateItem(ctx, id!),
      },
      {
        action: 'contract.write',
        name: 'importContracts',
        call: async (ctx) =>
          (await core()).importContracts(ctx, {
            file: 'svc.csv',
            content: `vendor_code,contract_number,contract_name,term_start,currency\n${codes.vendor},SVC-IMP-${tag()},Imported,2026-01-01,EUR\n`,
            dryRun: false,
          }),
      },
    ];
    return cases;
  })(),
  // -- data-quality services --
  { action: 'data_quality.read', name: 'dataQualityReport', call: (ctx) => dataQualityReport(ctx) },
  {
    action: 'data_quality.read',
    name: 'dataQualityTrend',
    call: (ctx) => dataQualityTrend(ctx, { days: 7 }),
  },
  {
    action: 'data_quality.read',
    name: 'listRuleItems',
    call: (ctx) => listRuleItems(ctx, 'no_owner', { pageSize: 5 }),
  },
  { action: 'service.write', name: 'takeDataQualitySnapshot', call: (ctx) => takeDataQualitySnapshot(ctx) },
  { action: 'service.read', name: 'listDiscovered', call: (ctx) => listDiscovered(ctx, { pageSize: 5 }) },
  {
    action: 'service.write',
    name: 'acceptDiscovered',
    prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
    call: (ctx, id) => acceptDiscovered(ctx, [{ vendorId: refs.vendor, identifier: id! }]),
  },
  {
    action: 'service.write',
    name: 'mergeDiscovered',
    prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
    call: async (ctx, id) =>
      mergeDiscovered(ctx, {
        vendorId: refs.vendor,
        identifier: id!,
        serviceId: (
          await sys.db
            .selectFrom('services')
            .select('id')
            .where('tenant_id', '=', sys.tenantId)
            .executeTakeFirstOrThrow()
        ).id,
      }),
  },
  {
    action: 'service.write',
    name: 'ignoreDiscovered',
    prepare: () => billNewIdentifier(sys, refs.vendor, refs.billing_account),
    call: (ctx, id) => ignoreDiscovered(ctx, [{ vendorId: refs.vendor, identifier: id! }]),
  },
  {
    action: 'service.write',
    name: 'undoDiscoveryDecision',
    prepare: async () => {
      const identifier = await billNewIdentifier(sys, refs.vendor, refs.billing_account);
      await ignoreDiscovered(sys, [{ vendorId: refs.vendor, identifier }]);
      return identifier;
    },
    call: (ctx, id) => undoDiscoveryDecision(ctx, { vendorId: refs.vendor, identifier: id! }),
  },
  // -- exceptions, audit settings and invoice approval services (exceptions helper) --
  ...(() => {
    const core = () => import('@temops/core');
    const fixtures = () => import('../../core/test/audit-fixtures.ts');
    const store = async () => {
      const c = await core();
      return c.localDocumentStore(c.localFileStore(path.join(os.tmpdir(), `temops-perm-${process.pid}`)));
    };
    /** an open finding on a fresh invoice, found by a real audit run */
    const finding = async () => {
      const identifier = `PERM-S-${tag()}`;
      const invoiceId = await (await fixtures()).addInvoice(sys, {
        vendor_id: refs.vendor,
        billing_account_id: refs.billing_account,
        invoice_number: `PERM-SVC-${tag()}`,
        charges: [{ service_id: identifier, amount_nanos: 3_000_000_000n }],
      });
      await (await core()).runAudit(sys, { invoiceId }, { rules: ['not_in_inventory'] });
      const row = await sys.db
        .selectFrom('findings')
        .select('id')
        .where('tenant_id', '=', sys.tenantId)
        .where('invoice_id', '=', invoiceId)
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const invoice = async () =>
      (await fixtures()).addInvoice(sys, {
        vendor_id: refs.vendor,
        billing_account_id: refs.billing_account,
        invoice_number: `PERM-SVC-INV-${tag()}`,
        charges: [{ service_id: 'PERM-SVC-LINE', amount_nanos: 1_000_000_000n }],
      });
    const routingRule = async () =>
      (await (await core()).createRoutingRule(sys, { name: `svc ${tag()}`, queue: 'perm', enabled: false }))
        .id;
    const cases: ServiceCase[] = [
      {
        action: 'exception.read',
        name: 'listExceptions',
        call: async (ctx) => (await core()).listExceptions(ctx, { owner: 'me' }),
      },
      {
        action: 'exception.read',
        name: 'getException',
        prepare: finding,
        call: async (ctx, id) => (await core()).getException(ctx, id!),
      },
      {
        action: 'exception.work',
        name: 'transitionException',
        prepare: finding,
        call: async (ctx, id) =>
          (await core()).transitionException(ctx, id!, { to: 'waived', reason: 'svc' }),
      },
      {
        action: 'exception.assign',
        name: 'assignException',
        prepare: finding,
        call: async (ctx, id) => (await core()).assignException(ctx, id!, { queue: 'svc' }),
      },
      {
        action: 'exception.work',
        name: 'addComment',
        prepare: finding,
        call: async (ctx, id) => (await core()).addComment(ctx, id!, { body: 'svc' }),
      },
      {
        action: 'exception.work',
        name: 'addAttachment',
        prepare: finding,
        call: async (ctx, id) => {
          const { bufferSource } = await import('@temops/formats');
          return (await core()).addAttachment(ctx, await store(), id!, {
            source: bufferSource('a.txt', 'svc'),
          });
        },
      },
      {
        action: 'exception.read',
        name: 'openAttachment',
        prepare: async () => {
          const { bufferSource } = await import('@temops/formats');
          const id = await finding();
          const a = await (await core()).addAttachment(sys, await store(), id, {
            source: bufferSource('b.txt', 'svc'),
          });
          return `${id}/${a.id}`;
        },
        call: async (ctx, id) => {
          const [findingId, attachmentId] = id!.split('/') as [string, string];
          const { body } = await (await core()).openAttachment(ctx, await store(), findingId, attachmentId);
          body.destroy();
        },
      },
      {
        action: 'exception.assign',
        name: 'bulkExceptions (assign)',
        prepare: finding,
        call: async (ctx, id) =>
          (await core()).bulkExceptions(ctx, { ids: [id!], action: 'assign', queue: 'svc' }),
      },
      {
        action: 'exception.work',
        name: 'bulkExceptions (transition)',
        prepare: finding,
        call: async (ctx, id) =>
          (await core()).bulkExceptions(ctx, {
            ids: [id!],
            action: 'transition',
            to: 'in_progress',
            reason: 'svc',
          }),
      },
      {
        action: 'exception.assign',
        name: 'escalateOverdue',
        call: async (ctx) => (await core()).escalateOverdue(ctx),
      },
      {
        action: 'audit.read',
        name: 'listAuditRules',
        call: async (ctx) => (await core()).listAuditRules(ctx),
      },
      {
        action: 'audit.read',
        name: 'getAuditRule',
        call: async (ctx) => (await core()).getAuditRule(ctx, 'not_in_inventory'),
      },
      {
        action: 'audit.configure',
        name: 'updateAuditRule',
        call: async (ctx) =>
          (await core()).updateAuditRule(ctx, 'billed_after_disconnect', { severity: 'critical' }),
      },
      {
        action: 'audit.configure',
        name: 'deleteVendorRuleOverride',
        prepare: async () => {
          await (await core()).updateAuditRule(sys, 'not_in_inventory', {
            vendorId: refs.vendor,
            enabled: true,
          });
          return refs.vendor;
        },
        call: async (ctx, id) => (await core()).deleteVendorRuleOverride(ctx, 'not_in_inventory', id!),
      },
      {
        action: 'audit.run',
        name: 'runAudit',
        call: async (ctx) =>
          (await core()).runAudit(ctx, { invoiceId: bill.invoiceId }, { rules: ['not_in_inventory'] }),
      },
      {
        action: 'audit.run',
        name: 'startAuditRun',
        call: async (ctx) =>
          (await core()).startAuditRun(ctx, { invoiceId: bill.invoiceId, rules: ['not_in_inventory'] }),
      },
      {
        action: 'audit.read',
        name: 'listAuditRuns',
        call: async (ctx) => (await core()).listAuditRuns(ctx, {}),
      },
      {
        action: 'audit.read',
        name: 'getAuditRun',
        prepare: async () => (await (await core()).listAuditRuns(sys, { pageSize: 1 })).items[0]!.id,
        call: async (ctx, id) => (await core()).getAuditRun(ctx, id!),
      },
      {
        action: 'audit.read',
        name: 'resolveAuditTargets',
        call: async (ctx) => (await core()).resolveAuditTargets(ctx, { vendor: codes.vendor }),
      },
      {
        action: 'audit.read',
        name: 'listRoutingRules',
        call: async (ctx) => (await core()).listRoutingRules(ctx),
      },
      {
        action: 'audit.configure',
        name: 'createRoutingRule',
        call: async (ctx) =>
          (await core()).createRoutingRule(ctx, { name: 'svc', queue: 'perm', enabled: false }),
      },
      {
        action: 'audit.configure',
        name: 'updateRoutingRule',
        prepare: routingRule,
        call: async (ctx, id) =>
          (await core()).updateRoutingRule(ctx, id!, { name: 'svc2', queue: 'perm', enabled: false }),
      },
      {
        action: 'audit.configure',
        name: 'deleteRoutingRule',
        prepare: routingRule,
        call: async (ctx, id) => (await core()).deleteRoutingRule(ctx, id!),
      },
      {
        action: 'audit.read',
        name: 'getSlaPolicies',
        call: async (ctx) => (await core()).getSlaPolicies(ctx),
      },
      {
        action: 'audit.configure',
        name: 'putSlaPolicies',
        call: async (ctx) =>
          (await core()).putSlaPolicies(ctx, {
            policies: [{ severity: 'medium', days: 9, escalateToUserId: null }],
          }),
      },
      {
        action: 'invoice.approve',
        name: 'approveInvoice',
        prepare: invoice,
        call: async (ctx, id) => (await core()).approveInvoice(ctx, id!, { mode: 'partial' }),
      },
      {
        action: 'invoice.approve',
        name: 'holdInvoice',
        prepare: invoice,
        call: async (ctx, id) => (await core()).holdInvoice(ctx, id!, { reason: 'svc' }),
      },
    ];
    return cases;
  })(),
];

// ---------------------------------------------------------------------------------------------

const exercised = { http: new Set<Action>(), service: new Set<Action>(), gateOnly: new Set<Action>() };

const expectForbidden = (res: Res, action: Action, who: string) => {
  expect(res.status, `${who}: ${res.text}`).toBe(403);
  expect(res.body, who).toEqual({
    error: { code: 'forbidden', message: expect.stringContaining(action), details: { action } },
  });
};

describe(`permissions on ${testEngine}`, () => {
  const sessions = {} as Record<Role, Client>;
  const tokens = {} as Record<Role, Client>;

  beforeAll(async () => {
    h = await harness();
    sys = await h.tenant(SLUG);
    for (const role of ROLES) users[role] = await addUser(sys, `${role}@perm.test`, role);
    owner = await addUser(sys, 'owner@perm.test', 'analyst');
    spare = await addUser(sys, 'spare@perm.test', 'viewer');
    await removeMember(sys, spare.id);
    ({ refs, codes } = await seedReference(sys, 'FX', ENTITIES));
    for (const role of ROLES) {
      sessions[role] = await login(h.app, users[role].email);
      const t = await createToken(asUser(sys, users[role], role), { name: `${role} matrix` });
      tokens[role] = bearer(h.app, t.token);
    }
    admin = sessions.admin;
    const imported = await admin.upload(uploadPath(), ublInvoice());
    bill.batchId = imported.body.result.batchId;
    bill.invoiceId = imported.body.result.invoices[0].id;
  });
  afterAll(() => h?.drop());

  it('classifies every documented route, and documents every classified route', async () => {
    const documented = documentedRoutes((await send(h.app, 'GET', '/api/openapi.json')).body);
    const classified = [...PUBLIC, ...AUTHENTICATED, ...Object.keys(ROUTES)];
    expect(new Set(classified).size, 'a route is classified twice').toBe(classified.length);
    const unclassified = documented.filter((r) => !classified.includes(r));
    const stale = classified.filter((r) => !documented.includes(r));
    expect(unclassified, 'routes missing from the permission matrix').toEqual([]);
    expect(stale, 'matrix routes the API does not document').toEqual([]);
  });

  it('lets anybody call the public routes', async () => {
    const anon = new Client(h.app);
    for (const route of [...PUBLIC, ...UNDOCUMENTED_PUBLIC]) {
      const [method, path] = route.split(' ') as [string, string];
      const res =
        route === 'POST /api/auth/login'
          ? await anon.post(path, { email: users.viewer.email, password: PASSWORD })
          : await anon.request(method, path);
      expect(res.status, `${route}: ${res.text.slice(0, 200)}`).toBe(200);
    }
  });

  it('answers 401 on every tenant route without credentials, and changes nothing', async () => {
    const anon = new Client(h.app);
    const before = await snapshot(h.store);
    for (const route of Object.keys(ROUTES)) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await anon.request(
        method,
        path.replace('{tenant}', SLUG).replace(/\{\w+\}/g, refs.vendor),
        {
          json: method === 'GET' || method === 'DELETE' ? undefined : {},
        },
      );
      expect(res.status, route).toBe(401);
      expect(res.body.error.code, route).toBe('unauthenticated');
    }
    expect(await snapshot(h.store)).toEqual(before);
  });

  for (const via of ['session', 'token'] as const) {
    describe(`routes via ${via}`, () => {
      for (const [route, cases] of Object.entries(ROUTES)) {
        for (const kase of cases) {
          const title = `${route}${kase.scenario ? ` (${kase.scenario})` : ''} needs ${kase.action}`;
          it(title, async () => {
            for (const role of ROLES) {
              const client = via === 'session' ? sessions[role] : tokens[role];
              const who = `${role} via ${via}: ${route}`;
              const id = await kase.prepare?.(role);
              const before = await snapshot(h.store);
              const res = await kase.send(client, id, role);
              if (can(role, kase.action)) {
                expect(res.status, `${who}: ${res.text}`).toBe(kase.status);
                await kase.verify?.(res, id, role);
              } else {
                expectForbidden(res, kase.action, who);
                expect(await snapshot(h.store), `${who} changed data`).toEqual(before);
              }
            }
            exercised.http.add(kase.action);
          });
        }
      }
    });
  }

  describe('core services', () => {
    for (const svc of SERVICES) {
      it(`${svc.name} needs ${svc.action}`, async () => {
        for (const role of ROLES) {
          const id = await svc.prepare?.(role);
          const ctx = asUser(sys, users[role], role);
          const before = await snapshot(h.store);
          const outcome = await svc.call(ctx, id).then(
            () => null,
            (err: unknown) => err,
          );
          if (can(role, svc.action)) {
            expect(outcome, `${role}: ${svc.name}`).toBeNull();
          } else {
            expect(outcome, `${role}: ${svc.name}`).toBeInstanceOf(AppError);
            expect((outcome as AppError).code, `${role}: ${svc.name}`).toBe('forbidden');
            expect((outcome as AppError).details).toEqual({ action: svc.action });
            expect(await snapshot(h.store), `${role}: ${svc.name} changed data`).toEqual(before);
          }
        }
        (svc.gateOnly ? exercised.gateOnly : exercised.service).add(svc.action);
      });
    }
  });

  describe('session-only routes', () => {
    it('GET /api/auth/me works for every role and shows the tenant role', async () => {
      for (const role of ROLES) {
        const res = await sessions[role].get('/api/auth/me');
        expect(res.status, role).toBe(200);
        expect(res.body.user.email).toBe(users[role].email);
        expect(res.body.tenants).toEqual([expect.objectContaining({ slug: SLUG, role })]);
      }
      expect((await new Client(h.app).get('/api/auth/me')).status).toBe(401);
    });

    it('POST /api/auth/password works for every role, with a session only', async () => {
      for (const role of ROLES) {
        const body = { currentPassword: PASSWORD, newPassword: PASSWORD };
        expect((await sessions[role].post('/api/auth/password', body)).status, role).toBe(204);
        expect((await sessions[role].get('/api/auth/me')).status, role).toBe(200);
        const viaToken = await tokens[role].post('/api/auth/password', body);
        expect(viaToken.status, role).toBe(403);
        expect(viaToken.body.error.code).toBe('forbidden');
      }
    });

    it('POST /api/auth/logout ends the session of every role', async () => {
      for (const role of ROLES) {
        expect((await sessions[role].post('/api/auth/logout')).status, role).toBe(204);
        expect((await sessions[role].get(`${T}/vendors`)).status, role).toBe(401);
      }
    });
  });

  it('exercised every action in the permissions table', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
    const all = new Set([...exercised.http, ...exercised.service, ...exercised.gateOnly]);
    expect(ACTIONS.filter((a) => !all.has(a))).toEqual([]);
    // Every action is enforced by at least one real route.
    expect(ACTIONS.filter((a) => !exercised.http.has(a))).toEqual([]);
    // Every role is allowed something and denied something (except admin), so both branches ran.
    for (const role of ROLES) expect(permissionsOf(role).length).toBeGreaterThan(0);
    expect(ROLES.filter((r) => permissionsOf(r).length === ACTIONS.length)).toEqual(['admin']);
  });
});
