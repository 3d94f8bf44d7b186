import { type ComboboxItem, Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

type Props<T> = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  /** tenant API path searched with `q`, e.g. 'services' or 'rate-items' */
  path: string;
  params?: Record<string, string | undefined>;
  toOption: (item: T) => ComboboxItem;
  value: string | null;
  onChange: (value: string | null) => void;
};

/** Server-side search over a list endpoint that is not a reference entity (services, rate items). */
export function SearchSelect<T>({ path, params, toOption, value, onChange, ...rest }: Props<T>) {
  const slug = useTenantSlug();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<ComboboxItem | null>(null);
  const term = picked && search === picked.label ? '' : search;
  const [debounced] = useDebouncedValue(term, 250);
  const list = useQuery({
    queryKey: ['search', slug, path, debounced, params ?? null],
    queryFn: () =>
      api<{ items: T[] }>(tenantApi(slug, path), { query: { ...params, q: debounced, pageSize: 50 } }),
    staleTime: 30_000,
  });
  const options: ComboboxItem[] = picked && picked.value === value ? [picked] : [];
  for (const item of list.data?.items ?? []) {
    const o = toOption(item);
    if (!options.some((x) => x.value === o.value)) options.push(o);
  }
  return (
    <Select
      {...rest}
      searchable
      clearable
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setPicked(option);
        onChange(v);
      }}
      filter={({ options: o }) => o}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No matches'}
      rightSection={list.isFetching ? <Loader size={14} /> : undefined}
      maxDropdownHeight={280}
    />
  );
}
