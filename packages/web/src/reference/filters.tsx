import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { type EntityMeta, humanize } from '../meta.ts';
import type { ListState } from './list-state.ts';
import { EMPTY_OPTION, RefSelect } from './ref-select.tsx';

function SearchBox({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange: (q: string) => void;
  placeholder: string;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text, 300);
  const sent = useRef(value);
  useEffect(() => {
    if (debounced !== sent.current) {
      sent.current = debounced;
      onChange(debounced);
    }
  }, [debounced, onChange]);
  // Follow outside changes (clear filters, back button) without clobbering what is being typed.
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  return (
    <TextInput
      placeholder={placeholder}
      label="Search"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      data-testid="entity-search"
      w={260}
      size="sm"
    />
  );
}

interface Props {
  entity: EntityMeta;
  state: ListState;
  update: (patch: Record<string, string | null>) => void;
  onSearch: (q: string) => void;
  clear: () => void;
}

export function Filters({ entity, state, update, onSearch, clear }: Props) {
  const searchable = entity.search
    .map((s) => entity.fields.find((f) => f.name === s)?.label.toLowerCase() ?? s)
    .join(', ');
  const active = state.q !== '' || Object.keys(state.filters).length > 0;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <SearchBox value={state.q} onChange={onSearch} placeholder={`Search ${searchable}`} />
      {entity.fields.map((f) => {
        const common = {
          label: f.label,
          placeholder: 'Any',
          'data-testid': `filter-${f.name}`,
          size: 'sm' as const,
          w: f.type === 'ref' ? 240 : 170,
          clearable: true,
          value: state.filters[f.name] ?? null,
          onChange: (v: string | null) => update({ [f.name]: v }),
        };
        const empty = f.required ? [] : [EMPTY_OPTION];
        if (f.type === 'enum') {
          return (
            <Select
              key={f.name}
              {...common}
              data={[...empty, ...(f.values ?? []).map((v) => ({ value: v, label: humanize(v) }))]}
            />
          );
        }
        if (f.type === 'ref' && f.refPlural) {
          return <RefSelect key={f.name} {...common} refPlural={f.refPlural} extra={empty} />;
        }
        return null;
      })}
      {active && (
        <Button variant="subtle" size="sm" onClick={clear} data-testid="clear-filters">
          Clear filters
        </Button>
      )}
    </Group>
  );
}
