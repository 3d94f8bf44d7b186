import {
  type Ctx,
  getTenantBySlug,
  listTenants,
  migrateToLatest,
  openStore,
  type Store,
  systemActor,
  systemClock,
} from '@temops/core';
import { type GlobalOptions, resolveDatabase } from './config.ts';
import { CliError } from './output.ts';

/** Opens (and, unless told otherwise, migrates) the configured database, runs `fn`, and always closes it. */
export async function withStore<T>(
  opts: GlobalOptions,
  fn: (store: Store) => Promise<T>,
  migrate = true,
): Promise<T> {
  const store = openStore(resolveDatabase(opts));
  try {
    if (migrate) await migrateToLatest(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The CLI acts as the trusted local operator inside the chosen (or only) tenant. */
export async function tenantCtx(store: Store, slug: string | undefined): Promise<Ctx> {
  let tenant: { id: string };
  if (slug) tenant = await getTenantBySlug(store, slug);
  else {
    const all = await listTenants(store);
    if (all.length !== 1)
      throw new CliError(
        `Choose a tenant with --tenant (${all.map((t) => t.slug).join(', ') || 'none exist'})`,
      );
    tenant = all[0]!;
  }
  return {
    db: store.db,
    engine: store.engine,
    tenantId: tenant.id,
    actor: systemActor('cli'),
    clock: systemClock,
  };
}
