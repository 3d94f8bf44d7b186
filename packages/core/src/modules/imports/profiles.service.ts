import {
  BUILT_IN_PROFILES,
  type MappingProfile,
  previewCsv,
  type Source,
  validateProfile,
} from '@temops/formats';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { deleteProfileRow, findProfileRow, listProfileRows, upsertProfileRow } from './imports.queries.ts';

export const PREVIEW_BYTES = 20 * 1024 * 1024;

/** Saved column-mapping profiles of this tenant, then the built-in ones (marked as such). */
export async function listMappingProfiles(ctx: Ctx) {
  authorize(ctx.actor, 'invoice.read');
  const saved = (await listProfileRows(ctx.db, ctx.tenantId)).map((r) => ({
    ...(JSON.parse(r.profile_json) as MappingProfile),
    builtIn: false,
  }));
  return [...saved, ...BUILT_IN_PROFILES.map((p) => ({ ...p, builtIn: true }))];
}

/**
 * Saves a tenant's profile for a vendor's portal export. Imports then recognise the vendor's files
 * by the profile's headers; the profile's id is the key, so saving again replaces it.
 */
export async function saveMappingProfile(ctx: Ctx, input: unknown) {
  authorize(ctx.actor, 'invoice.import');
  const profile = input as MappingProfile;
  const errors =
    profile && typeof profile === 'object' ? validateProfile(profile) : ['expected a profile object'];
  if (!/^[a-z0-9][a-z0-9:._-]{0,63}$/.test(String(profile?.id ?? '')))
    errors.push('id: lower-case letters, digits and . _ : -');
  if (BUILT_IN_PROFILES.some((b) => b.id === profile?.id))
    errors.push(`id: ${profile.id} is a built-in profile`);
  if (errors.length > 0)
    throw invalid(`Invalid profile: ${errors.join('; ')}`, {
      fields: errors.map((m) => ({ path: '', message: m })),
    });
  return inTransaction(ctx, async (tx) => {
    const before = await findProfileRow(tx.db, tx.tenantId, profile.id);
    const now = isoNow(tx.clock);
    await upsertProfileRow(tx.db, {
      id: profile.id,
      tenant_id: tx.tenantId,
      vendor_id: null,
      name: profile.name,
      profile_json: JSON.stringify(profile),
      created_at: before?.created_at ?? now,
      updated_at: now,
    });
    await recordChange(tx, {
      entity: 'mapping_profile',
      entityId: profile.id,
      action: before ? 'update' : 'create',
      before: before ? JSON.parse(before.profile_json) : undefined,
      after: profile,
    });
    return { ...profile, builtIn: false };
  });
}

export async function deleteMappingProfile(ctx: Ctx, id: string) {
  authorize(ctx.actor, 'invoice.import');
  await inTransaction(ctx, async (tx) => {
    const before = await findProfileRow(tx.db, tx.tenantId, id);
    if (!before) throw notFound('Mapping profile', id);
    await deleteProfileRow(tx.db, tx.tenantId, id);
    await recordChange(tx, {
      entity: 'mapping_profile',
      entityId: id,
      action: 'delete',
      before: JSON.parse(before.profile_json),
    });
  });
}

/** The import wizard's first look at a CSV/XLSX: headers, first rows and the charges a profile makes of them. */
export async function previewMapping(ctx: Ctx, source: Source, profile?: MappingProfile) {
  authorize(ctx.actor, 'invoice.read');
  const saved = (await listProfileRows(ctx.db, ctx.tenantId)).map(
    (r) => JSON.parse(r.profile_json) as MappingProfile,
  );
  if (profile) {
    const errors = validateProfile(profile);
    if (errors.length > 0) throw invalid(`Invalid profile: ${errors.join('; ')}`);
  }
  return previewCsv(source, profile, 20, [...saved, ...BUILT_IN_PROFILES]);
}
