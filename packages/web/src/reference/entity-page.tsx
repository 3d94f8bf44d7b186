import { Alert, Anchor, Box, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { type EntityMeta, type Item, lower, type Page, useEntities } from '../meta.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { EntityForm } from './entity-form.tsx';
import { EntityTable } from './entity-table.tsx';
import { Filters } from './filters.tsx';
import { ImportModal } from './import-modal.tsx';
import { listQuery, useListState } from './list-state.ts';

export const PLURAL_TITLES: Record<string, string> = {
  vendors: 'Vendors',
  'billing-accounts': 'Billing accounts',
  'cost-centers': 'Cost centers',
  'gl-accounts': 'GL accounts',
  locations: 'Locations',
  people: 'People',
};

/** A header-only CSV in the import format, built in the browser. */
function templateHref(entity: EntityMeta): string {
  const header = entity.fields.map((f) => (/[",\n]/.test(f.csv) ? `"${f.csv.replace(/"/g, '""')}"` : f.csv));
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`${header.join(',')}\r\n`)}`;
}

function ReferenceList({ entity }: { entity: EntityMeta }) {
  const slug = useTenantSlug();
  const writable = useCan()(`${entity.name}.write`);
  const { state, update, toggleSort, clearFilters } = useListState(entity);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const onSearch = useCallback((q: string) => update({ q }), [update]);
  const filterBox = useElementSize();
  const modalOpen = editing !== null || importing;
  const [filterHeight, setFilterHeight] = useState(0);
  if (!modalOpen && filterBox.height > 0 && filterBox.height !== filterHeight)
    setFilterHeight(filterBox.height);

  const list = useQuery({
    queryKey: ['list', slug, entity.plural, listQuery(state)],
    queryFn: () => api<Page<Item>>(tenantApi(slug, entity.plural), { query: listQuery(state) }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  const title = PLURAL_TITLES[entity.plural] ?? entity.label;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="baseline">
          <Title order={2}>{title}</Title>
          <Text c="dimmed" size="sm" data-testid="entity-total">
            {list.data ? `${total.toLocaleString()} total` : ''}
          </Text>
        </Group>
        <Group gap="xs">
          <Anchor
            href={templateHref(entity)}
            download={`${entity.plural}-template.csv`}
            size="sm"
            data-testid="download-template"
          >
            Download template
          </Anchor>
          {writable && (
            <Button variant="default" onClick={() => setImporting(true)} data-testid="import-csv">
              Import CSV
            </Button>
          )}
          {writable && (
            <Button onClick={() => setEditing('new')} data-testid="new-entity">
              New {lower(entity.label)}
            </Button>
          )}
        </Group>
      </Group>
      <Paper withBorder p="sm">
        {/* Filters share labels with form fields ("Status", "Vendor"); unmounting them while a
            modal is open keeps every label unique for assistive tech and tests. */}
        <Box ref={filterBox.ref} mih={modalOpen ? filterHeight : undefined}>
          {!modalOpen && (
            <Filters entity={entity} state={state} update={update} onSearch={onSearch} clear={clearFilters} />
          )}
        </Box>
      </Paper>
      {list.error && (
        <Alert color="red" variant="light">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.isPending ? (
        <Skeleton h={320} />
      ) : (
        <EntityTable
          entity={entity}
          items={list.data?.items ?? []}
          state={state}
          onSort={toggleSort}
          onOpen={setEditing}
          loading={list.isFetching}
        />
      )}
      <PagingFooter
        total={total}
        page={state.page}
        pageSize={state.pageSize}
        onChange={update}
        rangeTestId="entity-range"
        empty="No records"
      />
      {editing && (
        <EntityForm
          entity={entity}
          item={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {importing && <ImportModal entity={entity} onClose={() => setImporting(false)} />}
    </Stack>
  );
}

export function EntityPage() {
  const { plural, tenant } = useParams();
  const { data: entities, error } = useEntities();
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (!entities) return <Skeleton h={400} />;
  const entity = entities.find((e) => e.plural === plural);
  if (!entity) return <Alert color="yellow">There is no “{plural}” page.</Alert>;
  // Keyed so switching entity or tenant starts with fresh form and modal state.
  return <ReferenceList key={`${tenant}/${entity.plural}`} entity={entity} />;
}
