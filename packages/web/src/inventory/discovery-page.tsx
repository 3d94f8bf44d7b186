import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { SearchSelect } from '../data-quality/search-select.tsx';
import type { Discovered } from '../data-quality/types.ts';
import { formatAmount } from '../money.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';

const keyOf = (d: { vendorId: string; identifier: string }) => `${d.vendorId}\u0000${d.identifier}`;
const fromKey = (k: string) => {
  const [vendorId, identifier] = k.split('\u0000') as [string, string];
  return { vendorId, identifier };
};

interface ServiceOption {
  id: string;
  identifier: string;
  vendorCode: string;
  serviceType: string;
  ownerName: string | null;
}

/** Identifiers billed on invoices but not in inventory: accept them, merge them into a service, or ignore them. */
export function DiscoveryPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [merging, setMerging] = useState<Discovered | null>(null);
  const [ignoring, setIgnoring] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q, 250);
  const query = { q: debouncedQ, vendorId: vendorId ?? undefined, ...paging };
  const list = useQuery({
    queryKey: ['tenant', slug, 'discovered', query],
    queryFn: () => api<{ items: Discovered[]; total: number }>(tenantApi(slug, 'discovered'), { query }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  const finish = (message: string) => {
    setSelected(new Set());
    setDone(message);
    qc.invalidateQueries({ queryKey: ['tenant', slug, 'discovered'] });
    qc.invalidateQueries({ queryKey: ['tenant', slug, 'dq'] });
    qc.invalidateQueries({ queryKey: ['tenant', slug, 'services'] });
  };
  const decide = useMutation({
    mutationFn: async (v: { action: 'accept' | 'ignore'; note?: string }) => {
      const keys = [...selected].map(fromKey);
      const body = { items: keys.map((k) => (v.action === 'ignore' ? { ...k, note: v.note || null } : k)) };
      const res = await api<{ accepted?: number; ignored?: number }>(
        tenantApi(slug, `discovered/${v.action}`),
        {
          method: 'POST',
          body,
        },
      );
      return v.action === 'accept'
        ? `${res.accepted} service(s) added to inventory`
        : `${res.ignored} identifier(s) ignored`;
    },
    onSuccess: (m) => {
      setIgnoring(false);
      finish(m);
    },
  });
  const allOnPage = items.length > 0 && items.every((d) => selected.has(keyOf(d)));
  const toggle = (k: string) => {
    const next = new Set(selected);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setSelected(next);
  };
  const writable = can('service.write');

  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={2}>Discovered services</Title>
        <Text c="dimmed" size="sm" data-testid="discovered-total">
          {list.data ? `${list.data.total.toLocaleString()} billed but not in inventory` : ''}
        </Text>
      </Group>
      <Paper withBorder p="sm">
        <Group align="end" gap="sm">
          <TextInput
            label="Identifier"
            placeholder="Search"
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            data-testid="discovered-search"
          />
          <RefSelect
            refPlural="vendors"
            label="Vendor"
            value={vendorId}
            onChange={(v) => {
              setVendorId(v);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            w={240}
          />
          {writable && (
            <>
              <Button
                disabled={selected.size === 0}
                loading={decide.isPending && decide.variables?.action === 'accept'}
                onClick={() => decide.mutate({ action: 'accept' })}
                data-testid="discovered-accept"
              >
                Accept {selected.size || ''}
              </Button>
              <Button
                variant="light"
                color="gray"
                disabled={selected.size === 0}
                onClick={() => setIgnoring(true)}
                data-testid="discovered-ignore"
              >
                Ignore {selected.size || ''}
              </Button>
            </>
          )}
        </Group>
      </Paper>
      {[list.error, decide.error].filter(Boolean).map((e) => (
        <Alert key={errorMessage(e)} color="red" variant="light">
          {errorMessage(e)}
        </Alert>
      ))}
      {done && (
        <Alert
          color="teal"
          variant="light"
          withCloseButton
          onClose={() => setDone(null)}
          data-testid="discovered-done"
        >
          {done}
        </Alert>
      )}
      {list.isPending ? (
        <Skeleton h={320} />
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                {writable && (
                  <Checkbox
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    indeterminate={!allOnPage && items.some((d) => selected.has(keyOf(d)))}
                    onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map(keyOf)))}
                    data-testid="discovered-select-all"
                  />
                )}
              </Table.Th>
              <Table.Th>Identifier</Table.Th>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Billing account</Table.Th>
              <Table.Th>Type (guess)</Table.Th>
              <Table.Th>First seen</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th ta="right">Invoices</Table.Th>
              <Table.Th ta="right">Last month</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={keyOf(d)} data-testid="discovered-row" data-identifier={d.identifier}>
                <Table.Td>
                  {writable && (
                    <Checkbox
                      aria-label={`Select ${d.identifier}`}
                      checked={selected.has(keyOf(d))}
                      onChange={() => toggle(keyOf(d))}
                      data-testid="discovered-select"
                    />
                  )}
                </Table.Td>
                <Table.Td ff="monospace">{d.identifier}</Table.Td>
                <Table.Td>{d.vendorCode}</Table.Td>
                <Table.Td>{d.accountNumber ?? '—'}</Table.Td>
                <Table.Td>{d.serviceTypeGuess}</Table.Td>
                <Table.Td>{d.firstSeen ?? '—'}</Table.Td>
                <Table.Td>{d.lastSeen ?? '—'}</Table.Td>
                <Table.Td ta="right">{d.invoiceCount}</Table.Td>
                <Table.Td ta="right">
                  <Tooltip
                    multiline
                    w={360}
                    label={d.lastCharges
                      .map(
                        (c) => `${c.invoiceDate ?? ''} ${c.description ?? c.kind}: ${formatAmount(c.amount)}`,
                      )
                      .join('\n')}
                    style={{ whiteSpace: 'pre-line' }}
                  >
                    <Text size="sm" span>
                      {formatAmount(d.lastMonthAmount, d.currency)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td ta="right">
                  {writable && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setMerging(d)}
                      data-testid="discovered-merge"
                    >
                      Merge…
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <PagingFooter
        total={list.data?.total ?? 0}
        page={paging.page}
        pageSize={paging.pageSize}
        onChange={(n) =>
          setPaging((p) => ({
            page: n.pageSize ? 1 : (n.page ?? p.page),
            pageSize: Number(n.pageSize ?? p.pageSize),
          }))
        }
        rangeTestId="discovered-range"
        empty="Every billed identifier is in inventory or decided"
      />
      <IgnoreModal
        opened={ignoring}
        count={selected.size}
        pending={decide.isPending}
        onClose={() => setIgnoring(false)}
        onConfirm={(note) => decide.mutate({ action: 'ignore', note })}
      />
      <MergeModal discovered={merging} onClose={() => setMerging(null)} onDone={finish} />
    </Stack>
  );
}

function IgnoreModal(props: {
  opened: boolean;
  count: number;
  pending: boolean;
  onClose: () => void;
  onConfirm: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`Ignore ${props.count} identifier(s)`}>
      <Stack>
        <TextInput
          label="Why (optional)"
          placeholder="e.g. account-level fee, not a service"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="discovered-ignore-note"
        />
        <Group justify="end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => props.onConfirm(note)}
            loading={props.pending}
            data-testid="discovered-ignore-confirm"
          >
            Ignore
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeModal({
  discovered,
  onClose,
  onDone,
}: {
  discovered: Discovered | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const slug = useTenantSlug();
  const [serviceId, setServiceId] = useState<string | null>(null);
  const merge = useMutation({
    mutationFn: () =>
      api<{ merged: number }>(tenantApi(slug, 'discovered/merge'), {
        method: 'POST',
        body: { items: [{ vendorId: discovered!.vendorId, identifier: discovered!.identifier, serviceId }] },
      }),
    onSuccess: () => {
      onDone(`${discovered!.identifier} merged into an existing service`);
      setServiceId(null);
      onClose();
    },
  });
  return (
    <Modal
      opened={!!discovered}
      onClose={onClose}
      title={`Merge ${discovered?.identifier ?? ''} into a service`}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          The identifier becomes another spelling of the service: its charges match that service from now on.
        </Text>
        <SearchSelect<ServiceOption>
          path="services"
          toOption={(s) => ({
            value: s.id,
            label: `${s.identifier} · ${s.vendorCode} · ${s.serviceType}${s.ownerName ? ` · ${s.ownerName}` : ''}`,
          })}
          label="Service"
          placeholder="Search by identifier"
          value={serviceId}
          onChange={setServiceId}
          data-testid="discovered-merge-service"
        />
        {merge.error && (
          <Alert color="red" variant="light">
            {errorMessage(merge.error)}
          </Alert>
        )}
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!serviceId}
            loading={merge.isPending}
            onClick={() => merge.mutate()}
            data-testid="discovered-merge-confirm"
          >
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
