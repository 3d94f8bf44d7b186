import path from 'node:path';
import {
  addMember,
  createTenant,
  createToken,
  DEMO_LOGIN,
  findMembership,
  findUserByEmail,
  isRole,
  listTenants,
  loadDemoTenant,
  localFileStore,
  migrateToLatest,
  platformCtx,
  ROLES,
  schemaVersion,
  systemActor,
  systemClock,
  verifyAuditChain,
} from '@temops/core';
import { dataDir, type GlobalOptions } from '../config.ts';
import { CliError, emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

export async function migrate(opts: GlobalOptions) {
  await withStore(
    opts,
    async (store) => {
      const applied = await migrateToLatest(store.db);
      const version = await schemaVersion(store.db);
      emit(opts.json, { engine: store.engine, applied, schemaVersion: version }, () =>
        applied.length
          ? `Applied ${applied.join(', ')} on ${store.engine}; schema version ${version}`
          : `Schema is up to date (version ${version})`,
      );
    },
    false,
  );
}

export async function demo(opts: GlobalOptions & { seed?: string }) {
  await withStore(opts, async (store) => {
    const files = localFileStore(path.join(dataDir(opts), 'files'));
    const created = await loadDemoTenant(
      store,
      systemClock,
      files,
      opts.seed ? Number(opts.seed) : undefined,
    );
    emit(opts.json, { created, login: DEMO_LOGIN }, () =>
      created
        ? `Demo tenants created. Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`
        : 'The demo tenant already exists; nothing changed',
    );
  });
}

export async function tenantCreate(opts: GlobalOptions & { slug: string; name: string }) {
  await withStore(opts, async (store) => {
    const t = await createTenant(platformCtx(store, systemActor('cli'), systemClock), {
      slug: opts.slug,
      name: opts.name,
    });
    emit(opts.json, t, () => `Created tenant ${t.slug} (${t.name})`);
  });
}

export async function tenantList(opts: GlobalOptions) {
  await withStore(opts, async (store) => {
    const all = await listTenants(store);
    emit(opts.json, all, () => all.map((t) => `${t.slug}\t${t.name}`).join('\n') || 'No tenants');
  });
}

export interface UserCreateOptions extends GlobalOptions {
  tenant?: string;
  email: string;
  name?: string;
  role: string;
  password?: string;
}

export async function userCreate(opts: UserCreateOptions) {
  if (!(ROLES as readonly string[]).includes(opts.role))
    throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
  const password = opts.password ?? process.env.TEMOPS_PASSWORD;
  await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    const m = await addMember(ctx, { email: opts.email, name: opts.name, password, role: opts.role });
    emit(opts.json, m, () => `${m.email} is ${m.role} in this tenant`);
  });
}

export async function tokenCreate(
  opts: GlobalOptions & { tenant?: string; email: string; name: string; role?: string },
) {
  await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    const user = await findUserByEmail(store.db, opts.email.toLowerCase());
    const membership = user && (await findMembership(store.db, user.id, ctx.tenantId));
    if (!user || !membership || !isRole(membership.role))
      throw new CliError(`${opts.email} has no role in this tenant`);
    // Issued on the user's behalf: the core still caps the token at that user's own role.
    const actor = { kind: 'user' as const, id: user.id, userId: user.id, role: membership.role };
    const t = await createToken({ ...ctx, actor }, { name: opts.name, role: opts.role });
    emit(opts.json, t, () => `${t.token}\n(shown once; role ${t.role}; keep it in a secret store)`);
  });
}

export async function auditLogVerify(opts: GlobalOptions) {
  const result = await withStore(opts, (store) => verifyAuditChain(store.db));
  emit(opts.json, result, () =>
    result.ok
      ? `Audit trail intact: ${result.events} events, chain head ${result.headSeq}`
      : `Audit trail BROKEN at event ${result.broken!.seq}: ${result.broken!.reason}`,
  );
  if (!result.ok) throw new CliError('audit trail verification failed', 3);
}
