import { Alert, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { BulkActions } from './bulk-actions.tsx';
import { ExceptionTable } from './exception-table.tsx';
import { ExceptionFilters } from './filters.tsx';
import { exceptionQuery, useExceptionListState } from './list-state.ts';
import type { ExceptionPage } from './types.ts';

/** The exception queue; "My work" is the same queue pinned to the signed-in user. */
export function ExceptionsPage({ mine = false }: { mine?: boolean }) {
  const slug = useTenantSlug();
  const { state, update, toggleSort, clearFilters } = useExceptionListState(mine);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const query = exceptionQuery(state);
  const list = useQuery({
    queryKey: ['tenant', slug, 'exceptions', 'list', query],
    queryFn: () => api<ExceptionPage>(tenantApi(slug, 'exceptions'), { query }),
    placeholderData: keepPreviousData,
  });
  const total = list.data?.total ?? 0;
  // Money is summed per filter on the server; mixed currencies are the tenant's reporting concern.
  const atStake = list.data?.totalVariance ?? null;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="baseline">
          <Title order={2}>{mine ? 'My work' : 'Exceptions'}</Title>
          <Text c="dimmed" size="sm" data-testid="exceptions-total">
            {list.data ? `${total.toLocaleString()} exception${total === 1 ? '' : 's'}` : ''}
          </Text>
        </Group>
        <Paper withBorder px="md" py={6} bg="white">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Money at stake (this filter)
          </Text>
          <Text fz={22} fw={700} ff="monospace" data-testid="exceptions-at-stake">
            {list.data ? formatAmount(atStake) : '…'}
          </Text>
        </Paper>
      </Group>
      <Paper withBorder p="sm">
        <ExceptionFilters state={state} update={update} clear={clearFilters} mine={mine} />
      </Paper>
      {list.error && (
        <Alert color="red" variant="light">
          {errorMessage(list.error)}
        </Alert>
      )}
      <BulkActions ids={[...selected]} onClear={() => setSelected(new Set())} />
      {list.isPending ? (
        <Skeleton h={320} />
      ) : (
        <ExceptionTable
          slug={slug}
          items={list.data?.items ?? []}
          state={state}
          onSort={toggleSort}
          selected={selected}
          setSelected={setSelected}
          loading={list.isFetching}
        />
      )}
      <PagingFooter
        total={total}
        page={state.page}
        pageSize={state.pageSize}
        onChange={(p) => update(p.pageSize ? { pageSize: p.pageSize } : { page: p.page ?? 1 })}
        rangeTestId="exceptions-range"
        empty="No exceptions"
      />
    </Stack>
  );
}
