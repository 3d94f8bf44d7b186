import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import type { EntityMeta, Page } from '../meta.ts';
import { formatAmount } from '../money.ts';
import { PAGE_SIZES, PagingFooter } from '../paging-footer.tsx';
import { ImportModal } from '../reference/import-modal.tsx';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { AlertBadges, StatusBadge } from './alert-badges.tsx';
import { ContractForm } from './contract-form.tsx';
import { alertText, type Contract, type ContractAlert, THRESHOLD_COLORS } from './types.ts';

const FILTERS = ['vendorId', 'status', 'expiringWithin', 'q'] as const;
const SORTS = ['contractNumber', 'name', 'vendor', 'termEnd', 'noticeDeadline', 'status'] as const;

// The contract CSV goes through the shared import modal: same preview, same diff, its own columns.
const CSV_COLUMNS = [
  'vendor_code',
  'contract_number',
  'contract_name',
  'term_start',
  'term_end',
  'auto_renew',
  'renewal_months',
  'notice_days',
  'currency',
  'commitment_kind',
  'commitment_period',
  'commitment_amount',
  'billing_accounts',
  'rate_item_name',
  'code',
  'description_pattern',
  'charge_kind',
  'unit',
  'unit_rate',
  'mrc',
  'nrc',
  'discount_pct',
  'effective_from',
  'effective_to',
];
const IMPORT_META: EntityMeta = {
  name: 'contract',
  plural: 'contracts',
  label: 'Contract',
  naturalKey: ['vendor_code', 'contract_number'],
  defaultSort: 'contractNumber',
  search: [],
  fields: CSV_COLUMNS.map((csv) => ({ name: csv, label: csv, type: 'text', required: false, csv })),
};

/** Filters, sort and page live in the URL, like the invoice list. */
function useListState() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? params.get('sort')!
    : 'termEnd';
  const pageSize = PAGE_SIZES.includes(params.get('pageSize') ?? '') ? Number(params.get('pageSize')) : 50;
  const state = {
    filters,
    sort,
    dir: params.get('dir') === 'desc' ? ('desc' as const) : ('asc' as const),
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize,
  };
  const update = (patch: Record<string, string | number | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, val] of Object.entries(patch)) {
        if (val === null || val === '') next.delete(k);
        else next.set(k, String(val));
      }
      if (!('page' in patch)) next.delete('page');
      return next;
    });
  return { state, update };
}

function UpcomingAlerts({ slug }: { slug: string }) {
  const alerts = useQuery({
    queryKey: ['tenant', slug, 'contracts', 'alerts'],
    queryFn: () => api<ContractAlert[]>(tenantApi(slug, 'contracts/alerts')),
  });
  return (
    <Card withBorder padding="sm" data-testid="contract-alerts-panel">
      <Title order={5} mb={6}>
        Upcoming renewals and notice deadlines
      </Title>
      {alerts.isPending ? (
        <Skeleton h={40} />
      ) : (alerts.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing due in the next 120 days.
        </Text>
      ) : (
        <Stack gap={4}>
          {alerts.data!.slice(0, 8).map((a) => (
            <Group key={`${a.contractId}-${a.kind}`} gap="xs" data-testid="contract-alert-row">
              <Text size="sm" fw={600} c={THRESHOLD_COLORS[a.threshold]}>
                {a.daysLeft}d
              </Text>
              <Anchor component={Link} to={`/t/${slug}/contracts/${a.contractId}`} size="sm">
                {a.contractNumber}
              </Anchor>
              <Text size="sm" c="dimmed">
                {a.vendor} · {alertText(a)}
              </Text>
            </Group>
          ))}
          {alerts.data!.length > 8 && (
            <Text size="xs" c="dimmed">
              and {alerts.data!.length - 8} more
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function ContractsPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { state, update } = useListState();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const query = {
    ...state.filters,
    sort: state.sort,
    dir: state.dir,
    page: state.page,
    pageSize: state.pageSize,
  };
  const list = useQuery({
    queryKey: ['tenant', slug, 'contracts', 'list', query],
    queryFn: () => api<Page<Contract>>(tenantApi(slug, 'contracts'), { query }),
    placeholderData: keepPreviousData,
  });
  const sortBy = (key: string) =>
    update({ sort: key, dir: state.sort === key && state.dir === 'asc' ? 'desc' : 'asc' });
  const th = (key: string, label: string) => (
    <Table.Th style={{ cursor: 'pointer' }} onClick={() => sortBy(key)}>
      {label}
      {state.sort === key ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}
    </Table.Th>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2}>Contracts</Title>
          <Text c="dimmed" size="sm" data-testid="contract-total">
            {list.data ? `${list.data.total.toLocaleString()} total` : ''}
          </Text>
        </Group>
        {can('contract.write') && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setImporting(true)} data-testid="contracts-import">
              Import CSV
            </Button>
            <Button onClick={() => setCreating(true)} data-testid="contract-new">
              New contract
            </Button>
          </Group>
        )}
      </Group>
      <UpcomingAlerts slug={slug} />
      <Paper withBorder p="sm">
        <Group gap="sm" align="end">
          <TextInput
            label="Search"
            placeholder="number, name, vendor"
            defaultValue={state.filters.q}
            onChange={(e) => update({ q: e.currentTarget.value })}
            data-testid="contract-search"
          />
          <RefSelect
            label="Vendor"
            refPlural="vendors"
            value={state.filters.vendorId || null}
            onChange={(v) => update({ vendorId: v })}
            w={220}
          />
          <Select
            label="Status"
            data={['draft', 'active', 'expired', 'terminated']}
            value={state.filters.status || null}
            onChange={(v) => update({ status: v })}
            clearable
            w={150}
            data-testid="contract-status-filter"
          />
          <Select
            label="Expiring or notice due within"
            data={['30', '45', '90', '120', '365'].map((d) => ({ value: d, label: `${d} days` }))}
            value={state.filters.expiringWithin || null}
            onChange={(v) => update({ expiringWithin: v })}
            clearable
            w={200}
            data-testid="contract-expiring-filter"
          />
        </Group>
      </Paper>
      {list.error && (
        <Alert color="red" variant="light">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.isPending ? (
        <Skeleton h={320} />
      ) : (
        <Table striped highlightOnHover withTableBorder data-testid="contracts-table">
          <Table.Thead>
            <Table.Tr>
              {th('contractNumber', 'Number')}
              {th('name', 'Name')}
              {th('vendor', 'Vendor')}
              {th('status', 'Status')}
              {th('termEnd', 'Term end')}
              {th('noticeDeadline', 'Notice by')}
              <Table.Th>Commitment</Table.Th>
              <Table.Th>Alerts</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((c) => (
              <Table.Tr
                key={c.id}
                data-testid="contract-row"
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/t/${slug}/contracts/${c.id}`)}
              >
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/t/${slug}/contracts/${c.id}`}
                    onClick={(e) => e.stopPropagation()}
                  >
                    {c.contractNumber}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.vendor}</Table.Td>
                <Table.Td>
                  <StatusBadge status={c.effectiveStatus} />
                </Table.Td>
                <Table.Td>
                  {c.currentTermEnd ?? 'evergreen'}
                  {c.autoRenew && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (renews)
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{c.noticeDeadline ?? '—'}</Table.Td>
                <Table.Td>
                  {c.commitmentKind === 'spend'
                    ? `${formatAmount(c.commitmentAmount, c.currency)} / ${c.commitmentPeriod}`
                    : c.commitmentKind === 'volume'
                      ? `${c.commitmentVolume} services / ${c.commitmentPeriod}`
                      : '—'}
                </Table.Td>
                <Table.Td>
                  <AlertBadges alerts={c.alerts} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <PagingFooter
        total={list.data?.total ?? 0}
        page={state.page}
        pageSize={state.pageSize}
        onChange={(p) => update(p as Record<string, string | number>)}
        rangeTestId="contract-range"
        empty="No contracts"
      />
      {creating && (
        <ContractForm
          onClose={(saved) => {
            setCreating(false);
            if (saved) navigate(`/t/${slug}/contracts/${saved.id}`);
          }}
        />
      )}
      {importing && (
        <ImportModal
          entity={IMPORT_META}
          onClose={() => {
            setImporting(false);
            qc.invalidateQueries({ queryKey: ['tenant', slug, 'contracts'] });
          }}
        />
      )}
    </Stack>
  );
}
