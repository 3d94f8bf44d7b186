import { Alert, Badge, Card, CloseButton, Group, Pagination, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../api.ts';
import type { Page } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { count, Money, period } from './parts.tsx';
import { type ChargeLine, KIND_COLORS, kindLabel } from './types.ts';

const PAGE_SIZE = 50;

/** Where the line was read from: X12 counts segments, text formats count lines. */
function sourceText(s: ChargeLine['source']): string {
  if (s.segment) return `segment ${s.segment}`;
  if (s.line) return `line ${s.line}`;
  return s.ref ?? '—';
}

interface Props {
  invoiceId: string;
  currency: string;
  serviceId: string | null;
  kind: string | null;
  page: number;
  onChange: (patch: { serviceId?: string | null; kind?: string | null; page?: number }) => void;
}

export function ChargeLines({ invoiceId, currency, serviceId, kind, page, onChange }: Props) {
  const slug = useTenantSlug();
  const query = { serviceId: serviceId ?? '', kind: kind ?? '', page, pageSize: PAGE_SIZE };
  const lines = useQuery({
    queryKey: ['tenant', slug, 'invoices', invoiceId, 'charges', query],
    queryFn: () =>
      api<Page<ChargeLine>>(tenantApi(slug, `invoices/${encodeURIComponent(invoiceId)}/charges`), { query }),
    placeholderData: keepPreviousData,
  });
  const total = lines.data?.total ?? 0;
  const chip = (label: string, clear: () => void) => (
    <Badge
      variant="light"
      size="lg"
      tt="none"
      rightSection={<CloseButton size="xs" aria-label={`Remove ${label}`} onClick={clear} />}
    >
      {label}
    </Badge>
  );
  return (
    <Card withBorder padding="md" data-testid="charge-lines">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>Charge lines</Title>
          <Text size="sm" c="dimmed">
            {lines.data ? count(total, 'line') : ''}
          </Text>
          {serviceId && chip(`Service ${serviceId}`, () => onChange({ serviceId: null, kind: null }))}
          {kind && chip(kindLabel(kind), () => onChange({ kind: null }))}
        </Group>
        {total > PAGE_SIZE && (
          <Pagination
            total={Math.ceil(total / PAGE_SIZE)}
            value={page}
            onChange={(p) => onChange({ page: p })}
            size="sm"
          />
        )}
      </Group>
      {lines.error && (
        <Alert color="red" variant="light" mb="xs">
          {errorMessage(lines.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={1000}>
        <Table
          striped
          withTableBorder
          verticalSpacing={4}
          fz="sm"
          style={{ opacity: lines.isFetching && !lines.isPending ? 0.6 : 1 }}
          // Only the description wraps; codes, badges and amounts stay on one line.
          styles={{ td: { whiteSpace: 'nowrap' } }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th ta="right">#</Table.Th>
              <Table.Th>Service</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Quantity</Table.Th>
              <Table.Th ta="right">Rate</Table.Th>
              <Table.Th ta="right">Amount ({currency})</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(lines.data?.items ?? []).map((l) => (
              <Table.Tr key={l.lineNo} data-testid="charge-line" style={{ opacity: l.infoOnly ? 0.65 : 1 }}>
                <Table.Td ta="right" c="dimmed">
                  {l.lineNo}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" title={l.serviceIdRaw ?? undefined}>
                    {l.serviceId ?? '—'}
                  </Text>
                  {l.serviceType && (
                    <Text size="xs" c="dimmed">
                      {l.serviceType}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Badge
                      size="sm"
                      variant="light"
                      color={(KIND_COLORS[l.kind] ?? 'gray').split('.')[0]}
                      miw="max-content"
                    >
                      {kindLabel(l.kind)}
                    </Badge>
                    {l.infoOnly && (
                      <Badge size="sm" variant="outline" color="gray" miw="max-content">
                        info only
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    lineClamp={2}
                    miw={220}
                    maw={420}
                    title={l.description ?? undefined}
                    style={{ whiteSpace: 'normal' }}
                  >
                    {l.description ?? '—'}
                  </Text>
                  {l.productCode && (
                    <Text size="xs" c="dimmed">
                      {l.productCode}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {l.quantity ? `${l.quantity}${l.unit ? ` ${l.unit}` : ''}` : '—'}
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={l.unitRate} />
                </Table.Td>
                <Table.Td ta="right">
                  <Money value={l.amount} />
                </Table.Td>
                <Table.Td>{period(l.periodStart, l.periodEnd)}</Table.Td>
                <Table.Td title={l.source.ref ?? undefined}>
                  <Text size="xs" c="dimmed">
                    {sourceText(l.source)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
            {lines.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={9}>
                  <Text c="dimmed" ta="center" py="md" size="sm">
                    No charge lines.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
