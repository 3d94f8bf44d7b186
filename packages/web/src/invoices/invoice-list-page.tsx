import { Alert, Group, Pagination, Paper, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../api.ts';
import type { Page } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { InvoiceFilters } from './filters.tsx';
import { InvoiceTable } from './invoice-table.tsx';
import { invoiceQuery, PAGE_SIZES, useInvoiceListState } from './list-state.ts';
import type { Invoice } from './types.ts';

export function InvoiceListPage() {
  const slug = useTenantSlug();
  const { state, update, toggleSort, clearFilters } = useInvoiceListState();
  const query = invoiceQuery(state);
  const list = useQuery({
    queryKey: ['tenant', slug, 'invoices', 'list', query],
    queryFn: () => api<Page<Invoice>>(tenantApi(slug, 'invoices'), { query }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / state.pageSize));
  const first = total === 0 ? 0 : (state.page - 1) * state.pageSize + 1;
  const last = Math.min(total, state.page * state.pageSize);

  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={2}>Invoices</Title>
        <Text c="dimmed" size="sm" data-testid="invoice-total">
          {list.data ? `${total.toLocaleString()} total` : ''}
        </Text>
      </Group>
      <Paper withBorder p="sm">
        <InvoiceFilters state={state} update={update} clear={clearFilters} />
      </Paper>
      {list.error && (
        <Alert color="red" variant="light">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.isPending ? (
        <Skeleton h={320} />
      ) : (
        <InvoiceTable
          slug={slug}
          items={list.data?.items ?? []}
          state={state}
          onSort={toggleSort}
          loading={list.isFetching}
        />
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="invoice-range">
          {total
            ? `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()}`
            : 'No invoices'}
        </Text>
        <Group gap="sm">
          <Pagination
            total={pages}
            value={Math.min(state.page, pages)}
            onChange={(p) => update({ page: p })}
            size="sm"
          />
          <Select
            aria-label="Rows per page"
            data-testid="page-size"
            data={PAGE_SIZES.map((s) => ({ value: s, label: `${s} / page` }))}
            value={String(state.pageSize)}
            onChange={(v) => v && update({ pageSize: v })}
            allowDeselect={false}
            size="xs"
            w={110}
          />
        </Group>
      </Group>
    </Stack>
  );
}
