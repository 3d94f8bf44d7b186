import {
  type Actor,
  addMember,
  type Clock,
  type Ctx,
  createEntity,
  type EntitySpec,
  fixedClock,
  type Role,
} from '@temops/core';
import type { Database } from '../../core/src/db/schema.ts';
import { freshStore, type TestStore, tenantCtx, testEngine } from '../../core/test/test-store.ts';
import { createApp } from '../src/app.ts';
import type { App } from '../src/env.ts';

export { testEngine };

export const PASSWORD = 'correct horse battery';
export const START = '2026-11-27T09:00:00Z';

export interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON bodies loosely
  body: any;
  text: string;
  headers: Headers;
}

export interface Harness {
  store: TestStore;
  clock: Clock & { advance(ms: number): void };
  app: App;
  /** a new tenant and a trusted system context acting in it (on the harness clock) */
  tenant(slug: string): Promise<Ctx>;
  drop(): Promise<void>;
}

export async function harness(opts: { secureCookies?: boolean } = {}): Promise<Harness> {
  const store = await freshStore();
  const clock = fixedClock(START);
  const app = createApp({ store, clock, version: 'test', secureCookies: opts.secureCookies });
  return {
    store,
    clock,
    app,
    tenant: async (slug) => ({ ...(await tenantCtx(store, slug)), clock }),
    drop: () => store.drop(),
  };
}

export async function send(
  app: App,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; json?: unknown; raw?: string; contentType?: string } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  } else if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= opts.contentType ?? 'application/json';
  }
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Calls the API as one principal: a session (cookie + CSRF token on writes), a bearer token, or nobody. */
export class Client {
  constructor(
    readonly app: App,
    readonly auth: { cookie?: string; csrf?: string; bearer?: string } = {},
  ) {}

  headers(method: string, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.auth.cookie) h.cookie = this.auth.cookie;
    if (this.auth.bearer) h.authorization = `Bearer ${this.auth.bearer}`;
    if (this.auth.csrf !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(method))
      h['x-csrf-token'] = this.auth.csrf;
    return { ...h, ...extra };
  }

  request(
    method: string,
    path: string,
    opts: { json?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
  ) {
    return send(this.app, method, path, { ...opts, headers: this.headers(method, opts.headers) });
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, json?: unknown) => this.request('POST', path, { json });
  patch = (path: string, json: unknown) => this.request('PATCH', path, { json });
  del = (path: string) => this.request('DELETE', path);
  /** a bill file as the raw body of an upload */
  upload = (path: string, content: string) =>
    this.request('POST', path, { raw: content, contentType: 'application/octet-stream' });
  /** CSV upload to an import route */
  csv = (path: string, content: string) =>
    this.request('POST', path, { raw: content, contentType: 'text/csv' });
}

export const cookieOf = (setCookie: string | null) => {
  if (!setCookie) throw new Error('no set-cookie header');
  return setCookie.split(';')[0]!;
};

export async function login(app: App, email: string, password = PASSWORD): Promise<Client> {
  const res = await send(app, 'POST', '/api/auth/login', { json: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${res.text}`);
  return new Client(app, { cookie: cookieOf(res.headers.get('set-cookie')), csrf: res.body.csrfToken });
}

export const bearer = (app: App, token: string) => new Client(app, { bearer: token });

export interface TestUser {
  id: string;
  email: string;
  role: Role;
}

export async function addUser(ctx: Ctx, email: string, role: Role, password = PASSWORD): Promise<TestUser> {
  const m = await addMember(ctx, { email, name: email.split('@')[0], password, role });
  return { id: m.id, email: m.email, role };
}

export const userActor = (u: { id: string }, role: Role): Actor => ({
  kind: 'user',
  id: u.id,
  userId: u.id,
  role,
});

export const asUser = (ctx: Ctx, u: { id: string }, role: Role): Ctx => ({
  ...ctx,
  actor: userActor(u, role),
});

const SNAPSHOT_TABLES: (keyof Database)[] = [
  'tenants',
  'users',
  'memberships',
  'sessions',
  'api_tokens',
  'vendors',
  'billing_accounts',
  'gl_accounts',
  'locations',
  'cost_centers',
  'people',
  'audit_events',
  'audit_chain_head',
  'services',
  'service_types',
  'service_transitions',
  'service_aliases',
  'discovery_decisions',
  'saved_views',
  'contracts',
  'contract_accounts',
  'contract_documents',
  'rate_items',
  'dq_rule_counts',
  'dq_scores',
];

/**
 * Every row the API can change, in a stable order. `api_tokens.last_used_at` is left out: merely
 * presenting a token updates it.
 */
export async function snapshot(store: TestStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of SNAPSHOT_TABLES) {
    const rows = (await store.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    out[table] = rows
      .map((r) => {
        const { last_used_at: _ignored, ...rest } = r;
        return JSON.stringify(table === 'api_tokens' ? rest : r, (_k, v) =>
          typeof v === 'bigint' ? v.toString() : v,
        );
      })
      .sort();
  }
  return out;
}

export async function auditHead(store: TestStore): Promise<number> {
  const h = await store.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow();
  return Number(h.seq);
}

/** Ids of one row of each entity, used as reference targets. */
export interface Refs {
  vendor: string;
  billing_account: string;
  gl_account: string;
  location: string;
  cost_center: string;
  person: string;
}

/** Codes (natural keys) matching `Refs`, for CSV files. */
export interface RefCodes {
  vendor: string;
}

/** A valid create body for `e`, unique by `tag`, pointing at `refs` where the entity has references. */
export function sampleInput(e: EntitySpec, tag: string, refs: Refs): Record<string, unknown> {
  switch (e.name) {
    case 'vendor':
      return { code: `V${tag}`, name: `Vendor ${tag}`, kind: 'telecom', disputeWindowDays: 30 };
    case 'billing_account':
      return {
        vendorId: refs.vendor,
        accountNumber: `BA${tag}`,
        name: `Account ${tag}`,
        parentId: refs.billing_account,
        expectedInvoiceDay: 5,
      };
    case 'gl_account':
      return { code: `GL${tag}`, name: `GL ${tag}` };
    case 'location':
      return { code: `L${tag}`, name: `Site ${tag}`, city: 'Lyon', country: 'FR' };
    case 'cost_center':
      return {
        code: `CC${tag}`,
        name: `Cost center ${tag}`,
        parentId: refs.cost_center,
        managerId: refs.person,
      };
    case 'person':
      return {
        employeeId: `E${tag}`,
        name: `Person ${tag}`,
        email: `p${tag}@example.com`,
        costCenterId: refs.cost_center,
        locationId: refs.location,
        managerId: refs.person,
      };
  }
}

/** A one-row CSV file creating a new row of `e` (natural-key columns plus name). */
export function sampleCsv(e: EntitySpec, tag: string, codes: RefCodes): string {
  const cols = [...e.naturalKey, 'name'];
  const header = cols.map((k) => e.fields[k]!.csv).join(',');
  const values = cols.map((k) => {
    if (k === 'name') return `Imported ${tag}`;
    if (e.fields[k]!.type === 'ref') return codes.vendor;
    return `I${tag}`;
  });
  return `${header}\n${values.join(',')}\n`;
}

/** One row of every entity in the context's tenant, created by the trusted system actor. */
export async function seedReference(ctx: Ctx, tag: string, ents: readonly EntitySpec[]) {
  const byName = Object.fromEntries(ents.map((e) => [e.name, e])) as Record<EntitySpec['name'], EntitySpec>;
  const vendor = await createEntity(ctx, byName.vendor, { code: `V${tag}`, name: `Vendor ${tag}` });
  const ba = await createEntity(ctx, byName.billing_account, {
    vendorId: vendor.id,
    accountNumber: `BA${tag}`,
  });
  const gl = await createEntity(ctx, byName.gl_account, { code: `GL${tag}`, name: `GL ${tag}` });
  const loc = await createEntity(ctx, byName.location, { code: `L${tag}`, name: `Site ${tag}` });
  const cc = await createEntity(ctx, byName.cost_center, { code: `CC${tag}`, name: `CC ${tag}` });
  const person = await createEntity(ctx, byName.person, {
    employeeId: `E${tag}`,
    name: `Person ${tag}`,
    costCenterId: cc.id,
    locationId: loc.id,
  });
  const refs: Refs = {
    vendor: vendor.id,
    billing_account: ba.id,
    gl_account: gl.id,
    location: loc.id,
    cost_center: cc.id,
    person: person.id,
  };
  return { refs, codes: { vendor: vendor.code as string } };
}

/** `METHOD /path` for every operation in an OpenAPI document. */
export function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}
