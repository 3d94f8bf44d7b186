import { Alert, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../api.ts';
import type { Page } from '../meta.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { InvoiceFilters } from './filters.tsx';
import { InvoiceTable } from './invoice-table.tsx';
import { invoiceQuery, useInvoiceListState } from './list-state.ts';
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
      <PagingFooter
        total={total}
        page={state.page}
        pageSize={state.pageSize}
        onChange={update}
        rangeTestId="invoice-range"
        empty="No invoices"
      />
    </Stack>
  );
}
