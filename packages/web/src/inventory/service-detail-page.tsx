import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { ChargesChart, type ServiceCharges } from './charges-chart.tsx';
import { useServiceTypes } from './service-form.tsx';
import { NEXT_STATES, type ServiceDetail, type ServiceState, STATE_COLORS, STATE_LABELS } from './types.ts';

interface HistoryEvent {
  seq: number;
  at: string;
  actorName: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const today = () => new Date().toISOString().slice(0, 10);

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children ?? '—'}</Text>
    </div>
  );
}

function TransitionDialog({
  service,
  to,
  onClose,
}: {
  service: ServiceDetail;
  to: ServiceState;
  onClose: () => void;
}) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [effectiveOn, setEffectiveOn] = useState(today());
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: () =>
      api(tenantApi(slug, `services/${service.id}/transitions`), {
        method: 'POST',
        body: { to, effectiveOn, note: note || null },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['service', slug, service.id] });
      void qc.invalidateQueries({ queryKey: ['services', slug] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${STATE_LABELS[service.state]} → ${STATE_LABELS[to]}`}>
      <Stack>
        <TextInput
          label="Effective on"
          placeholder="YYYY-MM-DD"
          value={effectiveOn}
          onChange={(e) => setEffectiveOn(e.currentTarget.value)}
          data-testid="transition-date"
        />
        <Textarea label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {move.error && <Text c="red">{errorMessage(move.error)}</Text>}
        <Group justify="flex-end">
          <Button onClick={() => move.mutate()} loading={move.isPending} data-testid="transition-confirm">
            Confirm
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "update: ownerId, tags": which fields an event touched. */
const eventSummary = (e: HistoryEvent) => {
  const keys = Object.keys(e.after ?? e.before ?? {});
  if (e.action === 'create' || e.action === 'delete') return e.action;
  return `${e.action}: ${keys.filter((k) => k !== 'effectiveOn' && k !== 'note').join(', ')}`;
};

/** A service: attributes, lifecycle with its moves, history, charges over time, linked contract. */
export function ServiceDetailPage() {
  const slug = useTenantSlug();
  const { id = '' } = useParams();
  const can = useCan();
  const types = useServiceTypes();
  const [to, setTo] = useState<ServiceState | null>(null);
  const service = useQuery({
    queryKey: ['service', slug, id],
    queryFn: () => api<ServiceDetail>(tenantApi(slug, `services/${id}`)),
  });
  const history = useQuery({
    queryKey: ['service', slug, id, 'history', service.data?.updatedAt],
    queryFn: () =>
      api<{ items: HistoryEvent[] }>(tenantApi(slug, `services/${id}/history`), { query: { pageSize: 100 } }),
    enabled: !!service.data,
  });
  const charges = useQuery({
    queryKey: ['service', slug, id, 'charges'],
    queryFn: () => api<ServiceCharges>(tenantApi(slug, `services/${id}/charges`)),
  });
  if (service.error) return <Text c="red">{errorMessage(service.error)}</Text>;
  const s = service.data;
  if (!s) return <Text c="dimmed">Loading…</Text>;
  const type = types.data?.find((t) => t.code === s.serviceType);

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Anchor component={Link} to={`/t/${slug}/services`} size="sm">
            ← Inventory
          </Anchor>
          <Title order={2} ff="monospace" data-testid="service-identifier-title">
            {s.identifier}
          </Title>
          <Text c="dimmed">
            {s.serviceTypeName} · {s.vendorName} ({s.vendorCode}){s.description ? ` · ${s.description}` : ''}
          </Text>
        </div>
        <Badge size="lg" color={STATE_COLORS[s.state]} data-testid="service-state">
          {STATE_LABELS[s.state]}
        </Badge>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">
            Details
          </Title>
          <SimpleGrid cols={2}>
            <Field label="Billing account">{s.billingAccountNumber}</Field>
            <Field label="Owner">{s.ownerName}</Field>
            <Field label="Cost center">{s.costCenterCode}</Field>
            <Field label="Location">{s.locationCode}</Field>
            <Field label="Expected monthly">
              {s.expectedMonthly ? formatAmount(s.expectedMonthly, s.currency) : null}
            </Field>
            <Field label="Contract">
              {s.contractId ? (
                <Anchor
                  component={Link}
                  to={`/t/${slug}/contracts/${s.contractId}`}
                  data-testid="service-contract"
                >
                  {s.contractNumber} — {s.contractName}
                </Anchor>
              ) : null}
            </Field>
            <Field label="Rate item">{s.rateItemName}</Field>
            <Field label="Last reviewed">
              {s.lastReviewedOn
                ? `${s.lastReviewedOn}${s.reviewEvidence ? ` — ${s.reviewEvidence}` : ''}`
                : null}
            </Field>
            {type?.attributes.map((a) => (
              <Field key={a.key} label={a.label}>
                {s.attributes[a.key]}
              </Field>
            ))}
          </SimpleGrid>
          <Group gap={4} mt="sm">
            {s.tags.map((t) => (
              <Badge key={t} variant="light">
                {t}
              </Badge>
            ))}
          </Group>
        </Card>

        <Card withBorder>
          <Title order={4} mb="sm">
            Lifecycle
          </Title>
          <Timeline
            active={s.transitions.length - 1}
            bulletSize={14}
            lineWidth={2}
            data-testid="service-transitions"
          >
            {s.transitions.map((t) => (
              <Timeline.Item key={t.id} title={`${STATE_LABELS[t.to]} on ${t.effectiveOn}`}>
                <Text size="xs" c="dimmed">
                  {t.actorName}
                  {t.note ? ` — ${t.note}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
          {can('service.write') && (
            <Group mt="md" gap="xs">
              {NEXT_STATES[s.state].map((next) => (
                <Button
                  key={next}
                  size="xs"
                  variant="light"
                  onClick={() => setTo(next)}
                  data-testid={`transition-${next}`}
                >
                  {STATE_LABELS[next]}
                </Button>
              ))}
            </Group>
          )}
        </Card>
      </SimpleGrid>

      {charges.data && <ChargesChart data={charges.data} />}

      <Card withBorder>
        <Title order={4} mb="sm">
          History
        </Title>
        <Table data-testid="service-history">
          <Table.Tbody>
            {(history.data?.items ?? []).map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.at.slice(0, 16).replace('T', ' ')}</Table.Td>
                <Table.Td>{e.actorName}</Table.Td>
                <Table.Td>{eventSummary(e)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {to && <TransitionDialog service={s} to={to} onClose={() => setTo(null)} />}
    </Stack>
  );
}
