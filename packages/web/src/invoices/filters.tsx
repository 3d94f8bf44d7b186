import { Badge, Button, CloseButton, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { humanize } from '../meta.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import type { InvoiceListState } from './list-state.ts';
import { INVOICE_STATUSES } from './types.ts';

type Update = (patch: Record<string, string | null>, replace?: boolean) => void;

/** A text filter that reaches the URL once typing pauses, and follows outside changes. */
function TypedFilter({
  name,
  value,
  update,
  valid = () => true,
  ...rest
}: {
  name: string;
  value: string;
  update: Update;
  valid?: (v: string) => boolean;
  label: string;
  placeholder: string;
  w: number;
}) {
  const [text, setText] = useState(value);
  const [debounced] = useDebouncedValue(text.trim(), 350);
  const sent = useRef(value);
  useEffect(() => {
    if (debounced !== sent.current && valid(debounced)) {
      sent.current = debounced;
      update({ [name]: debounced || null }, true);
    }
  }, [debounced, name, update, valid]);
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  return (
    <TextInput
      {...rest}
      size="sm"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      error={valid(text.trim()) ? undefined : true}
      data-testid={`filter-${name}`}
    />
  );
}

const isAmount = (v: string) => v === '' || /^-?\d+(\.\d+)?$/.test(v);

export function InvoiceFilters({
  state,
  update,
  clear,
}: {
  state: InvoiceListState;
  update: Update;
  clear: () => void;
}) {
  const f = state.filters;
  const active = Object.keys(f).length > 0;
  const month = (name: 'periodFrom' | 'periodTo', label: string) => (
    <TextInput
      type="month"
      label={label}
      size="sm"
      w={160}
      value={f[name] ?? ''}
      onChange={(e) => update({ [name]: e.currentTarget.value || null })}
      data-testid={`filter-${name}`}
    />
  );
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <TypedFilter
        name="q"
        label="Search"
        placeholder="Invoice or account number"
        w={220}
        value={f.q ?? ''}
        update={update}
      />
      <RefSelect
        refPlural="vendors"
        label="Vendor"
        placeholder="Any"
        size="sm"
        w={220}
        value={f.vendorId ?? null}
        onChange={(v) => update({ vendorId: v, accountId: null })}
        data-testid="filter-vendorId"
      />
      <RefSelect
        // Remounted per vendor so the options and the typed search start fresh.
        key={f.vendorId ?? 'any'}
        refPlural="billing-accounts"
        label="Account"
        placeholder="Any"
        size="sm"
        w={220}
        params={f.vendorId ? { vendorId: f.vendorId } : undefined}
        value={f.accountId ?? null}
        onChange={(v) => update({ accountId: v })}
        data-testid="filter-accountId"
      />
      {month('periodFrom', 'Period from')}
      {month('periodTo', 'Period to')}
      <Select
        label="Status"
        placeholder="Any"
        clearable
        size="sm"
        w={140}
        data={INVOICE_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
        value={f.status ?? null}
        onChange={(v) => update({ status: v })}
        data-testid="filter-status"
      />
      <TypedFilter
        name="minAmount"
        label="Min amount"
        placeholder="0.00"
        w={110}
        value={f.minAmount ?? ''}
        update={update}
        valid={isAmount}
      />
      <TypedFilter
        name="maxAmount"
        label="Max amount"
        placeholder="Any"
        w={110}
        value={f.maxAmount ?? ''}
        update={update}
        valid={isAmount}
      />
      {f.batchId && (
        <Badge
          size="lg"
          variant="light"
          color="grape"
          mb={4}
          rightSection={
            <CloseButton size="xs" aria-label="Any import" onClick={() => update({ batchId: null })} />
          }
          data-testid="filter-batchId"
        >
          One import
        </Badge>
      )}
      {active && (
        <Button variant="subtle" size="sm" onClick={clear} data-testid="clear-filters">
          Clear filters
        </Button>
      )}
    </Group>
  );
}
