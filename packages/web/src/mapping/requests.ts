import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { tenantApi } from '../shell/tenant.tsx';
import type { MappingProfile, Preview, SavedProfile } from './types.ts';

export const profilesKey = (slug: string) => ['tenant', slug, 'mapping-profiles'];

export function useProfiles(slug: string) {
  return useQuery({
    queryKey: profilesKey(slug),
    queryFn: () => api<SavedProfile[]>(tenantApi(slug, 'mapping-profiles')),
  });
}

/** The server takes at most this much for a preview (core PREVIEW_BYTES). */
const PREVIEW_LIMIT = 20 * 1024 * 1024;
/** Of a larger CSV, the first few MB are plenty for 20 sample rows. */
const CSV_HEAD = 4 * 1024 * 1024;

const isZip = async (file: File) => {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b;
};

/** The part of the file a preview needs: all of it when small, else the head of a CSV cut at a line end. */
async function previewBody(file: File): Promise<Blob> {
  if (file.size <= PREVIEW_LIMIT) return file;
  if (await isZip(file))
    throw new Error(`${file.name} is larger than 20 MB; an XLSX file that large cannot be previewed.`);
  const bytes = new Uint8Array(await file.slice(0, CSV_HEAD).arrayBuffer());
  let end = bytes.lastIndexOf(0x0a);
  if (end < 0) return file.slice(0, CSV_HEAD);
  // UTF-16 LE: the line feed is 0A 00
  if (bytes[0] === 0xff && bytes[1] === 0xfe) end++;
  return file.slice(0, end + 1);
}

/** Headers, sample rows and (with a profile) the charges the profile makes of them. Nothing is stored. */
export async function previewFile(slug: string, file: File, profile?: MappingProfile): Promise<Preview> {
  return api<Preview>(tenantApi(slug, 'imports/preview'), {
    method: 'POST',
    query: { file: file.name, profile: profile ? JSON.stringify(profile) : undefined },
    raw: { body: await previewBody(file), contentType: 'application/octet-stream' },
  });
}

export const saveProfile = (slug: string, p: MappingProfile) =>
  api<SavedProfile>(tenantApi(slug, `mapping-profiles/${encodeURIComponent(p.id)}`), {
    method: 'PUT',
    body: p,
  });

export const deleteProfile = (slug: string, id: string) =>
  api<void>(tenantApi(slug, `mapping-profiles/${encodeURIComponent(id)}`), { method: 'DELETE' });
