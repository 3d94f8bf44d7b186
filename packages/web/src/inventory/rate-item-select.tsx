import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

interface RateItem {
  id: string;
  name: string;
  code: string | null;
  contractNumber: string;
}

/** Rate items of the vendor's contracts, searched on the server. */
export function RateItemSelect(p: {
  value: string | null;
  onChange: (id: string | null) => void;
  vendorId?: string | null;
  label?: string;
  valueLabel?: string | null;
}) {
  const slug = useTenantSlug();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['rate-items', slug, q, p.vendorId ?? null],
    queryFn: () =>
      api<{ items: RateItem[] }>(tenantApi(slug, 'rate-items'), {
        query: { q, vendorId: p.vendorId ?? undefined, pageSize: 50 },
      }),
    staleTime: 30_000,
  });
  const data = (list.data?.items ?? []).map((r) => ({
    value: r.id,
    label: `${r.contractNumber} · ${r.code ? `${r.code} ` : ''}${r.name}`,
  }));
  if (p.value && p.valueLabel && !data.some((d) => d.value === p.value))
    data.unshift({ value: p.value, label: p.valueLabel });
  return (
    <Select
      label={p.label ?? 'Rate item'}
      searchable
      clearable
      data={data}
      value={p.value}
      onChange={p.onChange}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={list.isError ? 'Rate items unavailable' : 'No matches'}
    />
  );
}
