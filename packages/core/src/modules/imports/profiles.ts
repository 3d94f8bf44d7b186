import type { MappingProfile } from '@temops/formats';
import type { Ctx } from '../../shared/context.ts';
import { listProfileRows } from './imports.queries.ts';

/** Column-mapping profiles saved by this tenant, tried before the built-in ones. */
export async function loadTenantProfiles(ctx: Ctx): Promise<MappingProfile[]> {
  return (await listProfileRows(ctx.db, ctx.tenantId)).map(
    (r) => JSON.parse(r.profile_json) as MappingProfile,
  );
}
