import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { type Item, optionLabel, useEntities } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

/** A reference entity shown by its natural key, fetched by id (shares RefSelect's cache). */
export function RefLabel({ refPlural, id }: { refPlural: string; id: string | null }) {
  const slug = useTenantSlug();
  const { data: entities } = useEntities();
  const ref = entities?.find((e) => e.plural === refPlural);
  const q = useQuery({
    queryKey: ['options', slug, refPlural, 'id', id],
    queryFn: () => api<Item>(tenantApi(slug, `${refPlural}/${encodeURIComponent(id ?? '')}`)),
    enabled: !!id && !!ref,
    staleTime: 60_000,
  });
  if (!id) return null;
  return (
    <Text span size="sm">
      {ref && q.data ? optionLabel(ref, q.data) : '…'}
    </Text>
  );
}
