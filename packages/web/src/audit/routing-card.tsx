import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { memberName, OwnerSelect, useMembers } from '../exceptions/members.tsx';
import { REQUIRED } from '../meta.ts';
import { formatAmount } from '../money.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { RefLabel } from './ref-label.tsx';
import { type AuditRuleInfo, type RoutingRule, useAuditRules } from './types.ts';

type Draft = Omit<RoutingRule, 'id'>;
const DECIMAL = /^\d+(\.\d+)?$/;

const key = (slug: string) => ['tenant', slug, 'audit', 'routing'];

function RoutingForm({
  initial,
  id,
  rules,
  onClose,
}: {
  initial: Draft;
  id: string | null;
  rules: AuditRuleInfo[];
  onClose: () => void;
}) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [d, setD] = useState<Draft>(initial);
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Draft) =>
      api<RoutingRule>(tenantApi(slug, id ? `audit/routing-rules/${id}` : 'audit/routing-rules'), {
        method: id ? 'PUT' : 'POST',
        body,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key(slug) });
      onClose();
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : {}),
  });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((p) => ({ ...p, [k]: v }));
  const local: Record<string, string> = {};
  if (!d.name.trim()) local.name = 'A name is required';
  if (d.minVariance && !DECIMAL.test(d.minVariance.trim())) local.minVariance = 'A decimal amount, e.g. 100';
  if (!d.queue?.trim() && !d.ownerUserId) local.queue = 'Send to a queue or an owner';
  const shown = touched ? { ...errors, ...local } : errors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(local).length) return;
    save.mutate({
      ...d,
      name: d.name.trim(),
      queue: d.queue?.trim() || null,
      minVariance: d.minVariance?.trim() || null,
    });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>{id ? 'Edit routing rule' : 'New routing rule'}</Text>}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="routing-form">
          <Group align="flex-end">
            <TextInput
              label="Name"
              labelProps={REQUIRED}
              value={d.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={shown.name}
              style={{ flex: 1 }}
              data-autofocus
              data-testid="routing-name"
            />
            <NumberInput
              label="Position"
              min={0}
              value={d.position}
              onChange={(v) => set('position', Number(v) || 0)}
              w={100}
            />
            <Switch
              label="Enabled"
              checked={d.enabled}
              onChange={(e) => set('enabled', e.currentTarget.checked)}
              mb={8}
            />
          </Group>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            When an exception matches (empty = any)
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <Select
              label="Rule"
              clearable
              searchable
              data={rules.map((r) => ({ value: r.code, label: r.name }))}
              value={d.rule}
              onChange={(v) => set('rule', v)}
            />
            <RefSelect
              refPlural="vendors"
              label="Vendor"
              value={d.vendorId}
              onChange={(v) => set('vendorId', v)}
            />
            <RefSelect
              refPlural="billing-accounts"
              label="Billing account"
              value={d.accountId}
              onChange={(v) => set('accountId', v)}
              params={d.vendorId ? { vendorId: d.vendorId } : undefined}
            />
            <RefSelect
              refPlural="cost-centers"
              label="Cost center"
              value={d.costCenterId}
              onChange={(v) => set('costCenterId', v)}
            />
            <TextInput
              label="Money at stake at least"
              inputMode="decimal"
              value={d.minVariance ?? ''}
              onChange={(e) => set('minVariance', e.currentTarget.value)}
              error={shown.minVariance}
              data-testid="routing-min-variance"
            />
          </SimpleGrid>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Send it to
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Queue"
              value={d.queue ?? ''}
              onChange={(e) => set('queue', e.currentTarget.value)}
              error={shown.queue}
              data-testid="routing-queue"
            />
            <OwnerSelect label="Owner" value={d.ownerUserId} onChange={(v) => set('ownerUserId', v)} />
          </SimpleGrid>
          {save.error && !Object.keys(errors).length && (
            <Alert color="red" variant="light">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="routing-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Conditions({ r, rules }: { r: RoutingRule; rules: AuditRuleInfo[] }) {
  const parts = [
    r.rule && (
      <Badge key="rule" variant="light" size="sm">
        {rules.find((x) => x.code === r.rule)?.name ?? r.rule}
      </Badge>
    ),
    r.vendorId && (
      <Text key="v" span size="sm">
        vendor <RefLabel refPlural="vendors" id={r.vendorId} />
      </Text>
    ),
    r.accountId && (
      <Text key="a" span size="sm">
        account <RefLabel refPlural="billing-accounts" id={r.accountId} />
      </Text>
    ),
    r.costCenterId && (
      <Text key="c" span size="sm">
        cost center <RefLabel refPlural="cost-centers" id={r.costCenterId} />
      </Text>
    ),
    r.minVariance && (
      <Text key="m" span size="sm">
        at stake ≥ {formatAmount(r.minVariance)}
      </Text>
    ),
  ].filter(Boolean);
  return parts.length ? (
    <Group gap={6}>{parts}</Group>
  ) : (
    <Text span size="sm" c="dimmed">
      every exception
    </Text>
  );
}

const EMPTY: Draft = {
  name: '',
  position: 0,
  enabled: true,
  rule: null,
  vendorId: null,
  accountId: null,
  costCenterId: null,
  minVariance: null,
  queue: '',
  ownerUserId: null,
};

/** Ordered routing rules: the first enabled match decides a new exception's queue and owner. */
export function RoutingCard({ canConfigure }: { canConfigure: boolean }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const members = useMembers();
  const rules = useAuditRules().data ?? [];
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const q = useQuery({
    queryKey: key(slug),
    queryFn: () => api<RoutingRule[]>(tenantApi(slug, 'audit/routing-rules')),
  });
  const list = [...(q.data ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const refresh = () => qc.invalidateQueries({ queryKey: key(slug) });
  const remove = useMutation({
    mutationFn: (id: string) => api(tenantApi(slug, `audit/routing-rules/${id}`), { method: 'DELETE' }),
    onSuccess: refresh,
  });
  // Moving swaps positions with the neighbour; equal positions are spread out first.
  const move = useMutation({
    mutationFn: async ({ index, by }: { index: number; by: -1 | 1 }) => {
      const next = list.map((r, i) => ({ ...r, position: (i + 1) * 10 }));
      const a = next[index];
      const b = next[index + by];
      if (!a || !b) return;
      [a.position, b.position] = [b.position, a.position];
      const changed = next.filter((r) => list.find((x) => x.id === r.id)?.position !== r.position);
      for (const { id, ...body } of changed) {
        await api(tenantApi(slug, `audit/routing-rules/${id}`), { method: 'PUT', body });
      }
    },
    onSettled: refresh,
  });
  const nextPosition = (list.at(-1)?.position ?? 0) + 10;
  const error = q.error ?? remove.error ?? move.error;
  return (
    <Card withBorder padding="md" data-testid="routing-card">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={4}>Routing</Title>
          <Text size="sm" c="dimmed" mb="sm">
            Checked top to bottom when an exception opens; the first enabled match sets its queue and owner.
            Nothing matching: the “audit” queue.
          </Text>
        </div>
        {canConfigure && (
          <Button
            size="xs"
            onClick={() => setEditing({ id: null, draft: { ...EMPTY, position: nextPosition } })}
            data-testid="routing-add"
          >
            Add routing rule
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="xs">
          {errorMessage(error)}
        </Alert>
      )}
      {!q.data ? (
        !q.error && <Skeleton h={120} />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          No routing rules yet.
        </Text>
      ) : (
        <Table verticalSpacing={6} fz="sm" data-testid="routing-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={50}>#</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Send to</Table.Th>
              <Table.Th w={150} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((r, i) => (
              <Table.Tr key={r.id} data-testid="routing-row" opacity={r.enabled ? 1 : 0.5}>
                <Table.Td c="dimmed">{r.position}</Table.Td>
                <Table.Td>
                  {r.name}
                  {!r.enabled && (
                    <Badge size="xs" color="gray" ml={6}>
                      off
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Conditions r={r} rules={rules} />
                </Table.Td>
                <Table.Td>
                  {[r.queue && `queue ${r.queue}`, r.ownerUserId && memberName(members, r.ownerUserId)]
                    .filter(Boolean)
                    .join(' · ')}
                </Table.Td>
                <Table.Td>
                  {canConfigure && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label="Move up"
                        disabled={i === 0 || move.isPending}
                        onClick={() => move.mutate({ index: i, by: -1 })}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label="Move down"
                        disabled={i === list.length - 1 || move.isPending}
                        onClick={() => move.mutate({ index: i, by: 1 })}
                      >
                        ↓
                      </ActionIcon>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => {
                          const { id, ...draft } = r;
                          setEditing({ id, draft });
                        }}
                      >
                        Edit
                      </Button>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={`Delete ${r.name}`}
                        onClick={() =>
                          window.confirm(`Delete routing rule “${r.name}”?`) && remove.mutate(r.id)
                        }
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <RoutingForm initial={editing.draft} id={editing.id} rules={rules} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}
