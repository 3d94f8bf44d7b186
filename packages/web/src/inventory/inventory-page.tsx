import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { BulkEditDrawer } from './bulk-edit-drawer.tsx';
import { COLUMNS, type ColumnKey, type FILTERS, serviceQuery, useServiceListState } from './list-state.ts';
import { SavedViews } from './saved-views.tsx';
import { ServiceForm, useServiceTypes } from './service-form.tsx';
import { ServicesImportModal } from './services-import-modal.tsx';
import { type Service, type ServicePage, STATE_COLORS, STATE_LABELS, STATES } from './types.ts';

const MISSING = [
  { value: 'owner', label: 'No owner' },
  { value: 'costCenter', label: 'No cost center' },
  { value: 'location', label: 'No location' },
  { value: 'rateItem', label: 'No rate item' },
];

function cell(s: Service, key: ColumnKey, slug: string) {
  switch (key) {
    case 'identifier':
      return (
        <Anchor component={Link} to={`/t/${slug}/services/${s.id}`} ff="monospace" size="sm">
          {s.identifier}
        </Anchor>
      );
    case 'serviceType':
      return s.serviceTypeName;
    case 'state':
      return <Badge color={STATE_COLORS[s.state]}>{STATE_LABELS[s.state]}</Badge>;
    case 'vendor':
      return s.vendorCode;
    case 'billingAccount':
      return s.billingAccountNumber;
    case 'description':
      return s.description;
    case 'owner':
      return s.ownerName ?? <Text c="dimmed">—</Text>;
    case 'costCenter':
      return s.costCenterCode ?? <Text c="dimmed">—</Text>;
    case 'location':
      return s.locationCode;
    case 'rateItem':
      return s.rateItemName;
    case 'expectedMonthly':
      return s.expectedMonthly ? formatAmount(s.expectedMonthly, s.currency) : null;
    case 'tags':
      return (
        <Group gap={4}>
          {s.tags.map((t) => (
            <Badge key={t} size="xs" variant="light">
              {t}
            </Badge>
          ))}
        </Group>
      );
    case 'activatedOn':
      return s.activatedOn;
    case 'lastReviewedOn':
      return s.lastReviewedOn;
  }
}

/** The inventory grid: server-side paging, filters, sorting, chosen columns, saved views, bulk edit. */
export function InventoryPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const { state, update, toggleSort, viewQuery, applyView } = useServiceListState();
  const types = useServiceTypes();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'bulk' | 'import' | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['services', slug, serviceQuery(state)],
    queryFn: () => api<ServicePage>(tenantApi(slug, 'services'), { query: serviceQuery(state) }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((s) => selected.has(s.id));
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const f = state.filters;
  const filter = (name: (typeof FILTERS)[number]) => ({
    value: f[name] ?? null,
    onChange: (v: string | null) => update({ [name]: v }),
  });
  const exportHref = (format: 'csv' | 'xlsx') => {
    const p = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(f)) if (v && k !== 'missing') p.set(k, v);
    if (f.missing) p.set('missing', f.missing);
    return `${tenantApi(slug, 'services/export')}?${p}`;
  };
  const visible = COLUMNS.filter((c) => state.columns.includes(c.key));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Inventory</Title>
        <Group gap="xs">
          <SavedViews current={viewQuery} onPick={applyView} />
          <Menu>
            <Menu.Target>
              <Button variant="default" data-testid="services-export">
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={exportHref('csv')}>
                CSV
              </Menu.Item>
              <Menu.Item component="a" href={exportHref('xlsx')}>
                Excel (XLSX)
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {can('service.write') && (
            <>
              <Button variant="default" onClick={() => setDialog('import')} data-testid="services-import">
                Import
              </Button>
              <Button onClick={() => setDialog('new')} data-testid="service-new">
                New service
              </Button>
            </>
          )}
        </Group>
      </Group>

      <Paper withBorder p="sm">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Number, description, owner"
            defaultValue={f.q ?? ''}
            onChange={(e) => update({ q: e.currentTarget.value }, true)}
            data-testid="services-search"
          />
          <Select
            label="Type"
            clearable
            data={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
            {...filter('type')}
            w={160}
          />
          <Select
            label="State"
            clearable
            data={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
            {...filter('state')}
            w={170}
            data-testid="filter-state"
          />
          <RefSelect refPlural="vendors" label="Vendor" {...filter('vendorId')} w={160} />
          <RefSelect refPlural="cost-centers" label="Cost center" {...filter('costCenterId')} w={160} />
          <RefSelect refPlural="people" label="Owner" {...filter('ownerId')} w={160} />
          <TextInput
            label="Tag"
            defaultValue={f.tag ?? ''}
            onChange={(e) => update({ tag: e.currentTarget.value }, true)}
            w={110}
          />
          <Select
            label="Missing"
            clearable
            data={MISSING}
            {...filter('missing')}
            w={150}
            data-testid="filter-missing"
          />
          <Menu closeOnItemClick={false}>
            <Menu.Target>
              <Button variant="subtle" data-testid="column-chooser">
                Columns
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {COLUMNS.map((c) => (
                <Menu.Item key={c.key}>
                  <Checkbox
                    label={c.label}
                    checked={state.columns.includes(c.key)}
                    disabled={c.key === 'identifier'}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      const cols = COLUMNS.map((x) => x.key).filter((k) =>
                        k === c.key ? on : state.columns.includes(k),
                      );
                      update({ cols: cols.join(',') });
                    }}
                  />
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Paper>

      {selected.size > 0 && (
        <Group>
          <Text size="sm" data-testid="selection-count">
            {selected.size} selected
          </Text>
          {can('service.write') && (
            <Button size="xs" onClick={() => setDialog('bulk')} data-testid="bulk-edit">
              Bulk edit
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </Group>
      )}

      {list.error && <Text c="red">{errorMessage(list.error)}</Text>}
      <ScrollArea>
        <Table striped highlightOnHover data-testid="services-grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select all on page"
                  checked={allOnPage}
                  indeterminate={!allOnPage && items.some((s) => selected.has(s.id))}
                  onChange={() =>
                    setSelected((prev) => {
                      const next = new Set(prev);
                      for (const s of items) {
                        if (allOnPage) next.delete(s.id);
                        else next.add(s.id);
                      }
                      return next;
                    })
                  }
                  data-testid="select-page"
                />
              </Table.Th>
              {visible.map((c) => (
                <Table.Th key={c.key}>
                  {c.sort ? (
                    <UnstyledButton onClick={() => toggleSort(c.sort)} data-testid={`sort-${c.key}`}>
                      <Text fw={600} size="sm">
                        {c.label}
                        {state.sort === c.sort ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                      </Text>
                    </UnstyledButton>
                  ) : (
                    c.label
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id} data-testid="service-row">
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${s.identifier}`}
                    checked={selected.has(s.id)}
                    onChange={() => toggle(s.id)}
                    data-testid="select-service"
                  />
                </Table.Td>
                {visible.map((c) => (
                  <Table.Td key={c.key}>{cell(s, c.key, slug)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <PagingFooter
        total={list.data?.total ?? 0}
        page={state.page}
        pageSize={state.pageSize}
        onChange={(p) => update(p.pageSize ? { pageSize: p.pageSize } : { page: p.page ?? 1 })}
        rangeTestId="services-range"
        empty={list.isLoading ? 'Loading…' : 'No services match'}
      />

      {dialog === 'bulk' && <BulkEditDrawer ids={[...selected]} onClose={() => setDialog(null)} />}
      {dialog === 'import' && <ServicesImportModal onClose={() => setDialog(null)} />}
      {dialog === 'new' && <ServiceForm onClose={() => setDialog(null)} />}
    </Stack>
  );
}
