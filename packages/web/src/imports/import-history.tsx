import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { formatDateTime, type Page } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { ErrorText, Warnings } from './issues.tsx';
import { type ImportBatch, STATUS_COLORS } from './types.ts';

const PAGE_SIZE = 25;
const STATUSES = ['imported', 'duplicate', 'conflict', 'rejected'];

function Details({ b }: { b: ImportBatch }) {
  return (
    <Stack gap={6} p="xs" data-testid="import-history-details">
      {b.error ? <ErrorText error={b.error} /> : null}
      {b.warnings.length > 0 ? (
        <Warnings warnings={b.warnings} />
      ) : (
        !b.error && (
          <Text size="xs" c="dimmed">
            No warnings.
          </Text>
        )
      )}
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        SHA-256 {b.sha256} · batch {b.id}
      </Text>
    </Stack>
  );
}

/** Every file ever uploaded to the tenant; `?batch=<id>` narrows it to one (linked from invoices). */
export function ImportHistory() {
  const slug = useTenantSlug();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const batch = params.get('batch') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [open, setOpen] = useState<Set<string>>(new Set(batch ? [batch] : []));
  const set = (patch: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    });
  const query = { status, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['tenant', slug, 'imports', query],
    queryFn: () => api<Page<ImportBatch>>(tenantApi(slug, 'imports'), { query }),
    placeholderData: keepPreviousData,
    enabled: !batch,
  });
  const one = useQuery({
    queryKey: ['tenant', slug, 'imports', 'one', batch],
    queryFn: () => api<ImportBatch>(tenantApi(slug, `imports/${encodeURIComponent(batch)}`)),
    enabled: !!batch,
  });
  const items = batch ? (one.data ? [one.data] : []) : (list.data?.items ?? []);
  const total = batch ? items.length : (list.data?.total ?? 0);
  const error = batch ? one.error : list.error;
  const loading = batch ? one.isPending : list.isPending;
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm" align="baseline">
          <Title order={3}>Import history</Title>
          <Text c="dimmed" size="sm">
            {batch ? 'one import' : list.data ? `${total.toLocaleString()} files` : ''}
          </Text>
        </Group>
        {batch ? (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => set({ batch: null })}
            data-testid="show-all-imports"
          >
            Show all imports
          </Button>
        ) : (
          <Select
            label="Status"
            placeholder="Any"
            clearable
            size="xs"
            w={160}
            data={STATUSES}
            value={status || null}
            onChange={(v) => set({ status: v, page: null })}
            data-testid="import-status-filter"
          />
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light">
          {errorMessage(error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={800}>
        <Table
          withTableBorder
          verticalSpacing={5}
          bg="white"
          fz="sm"
          data-testid="import-history"
          style={{ opacity: list.isFetching && !list.isPending ? 0.6 : 1 }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30} />
              <Table.Th>At</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Invoices</Table.Th>
              <Table.Th ta="right">Charges</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((b) => (
              <Fragment key={b.id}>
                <Table.Tr
                  onClick={() => toggle(b.id)}
                  style={{ cursor: 'pointer' }}
                  data-testid="import-history-row"
                  data-status={b.status}
                >
                  <Table.Td>
                    <UnstyledButton aria-label={open.has(b.id) ? 'Collapse' : 'Expand'} fz="xs" c="dimmed">
                      {open.has(b.id) ? '▾' : '▸'}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.at)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={280} title={b.file}>
                      {b.file}
                    </Text>
                  </Table.Td>
                  <Table.Td>{b.format ? <Code fz="xs">{b.format}</Code> : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge
                        size="sm"
                        variant="light"
                        color={STATUS_COLORS[b.status] ?? 'gray'}
                        miw="max-content"
                      >
                        {b.status}
                      </Badge>
                      {b.warnings.length > 0 && (
                        <Badge size="sm" variant="light" color="yellow" title="warnings" miw="max-content">
                          {b.warnings.length} ⚠
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{b.invoiceCount.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{b.chargeCount.toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={180} title={b.actor}>
                      {b.actorName}
                    </Text>
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    {b.invoiceCount > 0 && (
                      <Anchor component={Link} to={`/t/${slug}/invoices?batchId=${b.id}`} size="sm">
                        invoices
                      </Anchor>
                    )}
                  </Table.Td>
                </Table.Tr>
                {open.has(b.id) && (
                  <Table.Tr>
                    <Table.Td colSpan={9} bg="gray.0">
                      <Details b={b} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
            {items.length === 0 && !loading && (
              <Table.Tr>
                <Table.Td colSpan={9}>
                  <Text c="dimmed" ta="center" py="md" size="sm">
                    No imports yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!batch && (
        <Group justify="flex-end">
          <Pagination
            total={Math.max(1, Math.ceil(total / PAGE_SIZE))}
            value={page}
            onChange={(p) => set({ page: p > 1 ? String(p) : null })}
            size="sm"
          />
        </Group>
      )}
    </Stack>
  );
}
