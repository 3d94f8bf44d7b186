import { type ComboboxItem, Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { type Item, optionLabel, type Page, useEntities } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

export const EMPTY_OPTION: ComboboxItem = { value: 'none', label: '(empty)' };

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  refPlural: string;
  value: string | null;
  onChange: (value: string | null) => void;
  /** Label of the current value when the caller already knows it (e.g. `vendorLabel` of an item). */
  valueLabel?: string | null;
  /** Options shown before the fetched ones, e.g. "(empty)" in filters. */
  extra?: ComboboxItem[];
  /** Extra list filters, e.g. `{ vendorId }` to offer only one vendor's billing accounts. */
  params?: Record<string, string>;
};

/**
 * Searchable picker over another entity's list. Searching happens on the server (`q`) because
 * reference lists can hold tens of thousands of rows; only the first page of matches is shown.
 */
export function RefSelect({ refPlural, value, onChange, valueLabel, extra = [], params, ...rest }: Props) {
  const slug = useTenantSlug();
  const { data: entities } = useEntities();
  const ref = entities?.find((e) => e.plural === refPlural);
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<ComboboxItem | null>(
    value && valueLabel ? { value, label: valueLabel } : null,
  );
  const known =
    extra.find((o) => o.value === value) ?? (picked && picked.value === value ? picked : undefined);
  // While the box shows the chosen option's label, that label is not a search term.
  const term = known && search === known.label ? '' : search;
  const [debounced] = useDebouncedValue(term, 250);

  const list = useQuery({
    queryKey: ['options', slug, refPlural, debounced, params ?? null],
    queryFn: () =>
      api<Page<Item>>(tenantApi(slug, refPlural), { query: { ...params, q: debounced, pageSize: 50 } }),
    enabled: opened && !!ref,
    staleTime: 30_000,
  });
  const needsLabel = !!value && !known && !!ref;
  const single = useQuery({
    queryKey: ['options', slug, refPlural, 'id', value],
    queryFn: () => api<Item>(tenantApi(slug, `${refPlural}/${encodeURIComponent(value ?? '')}`)),
    enabled: needsLabel,
    staleTime: 60_000,
  });

  // "(empty)" is a choice to browse to, not a search hit.
  const options: ComboboxItem[] = term ? [] : [...extra];
  const seen = new Set(options.map((o) => o.value));
  const add = (o: ComboboxItem) => {
    if (!seen.has(o.value)) {
      seen.add(o.value);
      options.push(o);
    }
  };
  if (known) add(known);
  if (ref && single.data && single.data.id === value) add({ value, label: optionLabel(ref, single.data) });
  if (ref) for (const it of list.data?.items ?? []) add({ value: it.id, label: optionLabel(ref, it) });

  return (
    <Select
      {...rest}
      searchable
      clearable={rest.clearable ?? true}
      data={options}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v, option) => {
        setPicked(option);
        onChange(v);
      }}
      filter={({ options: o }) => o}
      onDropdownOpen={() => setOpened(true)}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No matches'}
      rightSection={list.isFetching && opened ? <Loader size={14} /> : undefined}
      maxDropdownHeight={280}
    />
  );
}
