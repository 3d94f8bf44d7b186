import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { api } from '../api.ts';

export interface TenantMe {
  tenant: { id: string; slug: string; name: string };
  role: string;
  permissions: string[];
}

export function useTenantSlug(): string {
  const { tenant } = useParams();
  if (!tenant) throw new Error('useTenantSlug outside /t/:tenant');
  return tenant;
}

/** Base path of tenant-scoped API calls. */
export const tenantApi = (slug: string, rest: string) => `/api/t/${encodeURIComponent(slug)}/${rest}`;

export function useTenantMe() {
  const slug = useTenantSlug();
  return useQuery({
    queryKey: ['tenant', slug, 'me'],
    queryFn: () => api<TenantMe>(tenantApi(slug, 'me')),
    staleTime: 60_000,
  });
}

/**
 * Whether the current role holds a permission. Only hides or disables controls:
 * the server checks every request again.
 */
export function useCan(): (permission: string) => boolean {
  const { data } = useTenantMe();
  const perms = data?.permissions ?? [];
  return (p) => perms.includes(p);
}
