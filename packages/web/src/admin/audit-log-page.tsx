import {
  Alert,
  Badge,
  Code,
  Group,
  Pagination,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { formatDateTime, type Page, useEntities } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  actorName: string;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  hash: string;
}

const PAGE_SIZE = 50;
const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red' };
const json = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

/** Keys whose value differs, so a reviewer sees what an update touched without diffing by eye. */
function changedKeys(before: unknown, after: unknown): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || typeof a !== 'object') return [];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
}

function Details({ e }: { e: AuditEvent }) {
  const changed = e.before && e.after ? changedKeys(e.before, e.after) : [];
  return (
    <Stack gap={6} p="xs" data-testid="audit-details">
      {changed.length > 0 && (
        <Text size="xs">
          Changed:{' '}
          {changed.map((k) => (
            <Code key={k} mr={4}>
              {k}
            </Code>
          ))}
        </Text>
      )}
      <SimpleGrid cols={2} spacing="xs">
        <div>
          <Text size="xs" fw={600} mb={2}>
            Before
          </Text>
          <Code block fz="xs">
            {json(e.before)}
          </Code>
        </div>
        <div>
          <Text size="xs" fw={600} mb={2}>
            After
          </Text>
          <Code block fz="xs">
            {json(e.after)}
          </Code>
        </div>
      </SimpleGrid>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        Hash {e.hash}
      </Text>
    </Stack>
  );
}

export function AuditLogPage() {
  const slug = useTenantSlug();
  const { data: entities } = useEntities();
  const [entity, setEntity] = useState<string | null>(null);
  const [entityId, setEntityId] = useState('');
  const [debouncedId] = useDebouncedValue(entityId.trim(), 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const query = { entity: entity ?? '', entityId: debouncedId, page, pageSize: PAGE_SIZE };
  const log = useQuery({
    queryKey: ['tenant', slug, 'audit-log', query],
    queryFn: () => api<Page<AuditEvent>>(tenantApi(slug, 'audit-log'), { query }),
    placeholderData: keepPreviousData,
  });
  const total = log.data?.total ?? 0;
  const entityOptions = [
    ...(entities ?? []).map((e) => ({ value: e.name, label: e.label })),
    { value: 'membership', label: 'Membership' },
    { value: 'api_token', label: 'API token' },
    { value: 'user', label: 'User' },
    { value: 'tenant', label: 'Tenant' },
  ];
  const toggle = (seq: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });

  return (
    <Stack gap="sm">
      <Group gap="sm" align="baseline">
        <Title order={2}>Audit log</Title>
        <Text c="dimmed" size="sm">
          {log.data ? `${total.toLocaleString()} events` : ''}
        </Text>
      </Group>
      <Group gap="xs" align="flex-end">
        <Select
          label="Entity"
          placeholder="All"
          clearable
          searchable
          w={220}
          data={entityOptions}
          value={entity}
          onChange={(v) => {
            setEntity(v);
            setPage(1);
          }}
          data-testid="audit-entity"
        />
        <TextInput
          label="Entity ID"
          placeholder="Any"
          w={320}
          value={entityId}
          onChange={(e) => {
            setEntityId(e.currentTarget.value);
            setPage(1);
          }}
          name="entityId"
        />
      </Group>
      {log.error && (
        <Alert color="red" variant="light">
          {errorMessage(log.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={800}>
        <Table
          withTableBorder
          verticalSpacing={5}
          bg="white"
          fz="sm"
          data-testid="audit-table"
          style={{ opacity: log.isFetching ? 0.6 : 1 }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30} />
              <Table.Th w={70}>Seq</Table.Th>
              <Table.Th>At</Table.Th>
              <Table.Th>Actor</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Entity ID</Table.Th>
              <Table.Th>Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(log.data?.items ?? []).map((e) => (
              <Fragment key={e.seq}>
                <Table.Tr onClick={() => toggle(e.seq)} style={{ cursor: 'pointer' }} data-testid="audit-row">
                  <Table.Td>
                    <UnstyledButton aria-label={open.has(e.seq) ? 'Collapse' : 'Expand'} fz="xs" c="dimmed">
                      {open.has(e.seq) ? '▾' : '▸'}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td ta="right">{e.seq}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td title={e.actor}>{e.actorName}</Table.Td>
                  <Table.Td>{e.entity}</Table.Td>
                  <Table.Td>
                    <Text ff="monospace" fz="xs">
                      {e.entityId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={ACTION_COLORS[e.action] ?? 'gray'}>
                      {e.action}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
                {open.has(e.seq) && (
                  <Table.Tr>
                    <Table.Td colSpan={7} bg="gray.0">
                      <Details e={e} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
            {log.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" ta="center" py="md" size="sm">
                    No events.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="flex-end">
        <Pagination
          total={Math.max(1, Math.ceil(total / PAGE_SIZE))}
          value={page}
          onChange={setPage}
          size="sm"
        />
      </Group>
    </Stack>
  );
}
