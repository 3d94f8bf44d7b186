import { Card, Group, Pagination, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { sumAmounts } from '../money.ts';
import { count, Money } from './parts.tsx';
import { type ChargeGroup, KINDS, kindLabel } from './types.ts';

const PAGE_SIZE = 100;

interface ServiceRow {
  serviceId: string | null;
  lines: number;
  /** only kinds this service has lines of */
  byKind: Record<string, string | undefined>;
  infoOnly: string | null;
  total: string;
}

/** One row per service, one column per kind present, from the invoice's charge groups (exact sums). */
export function serviceRows(groups: ChargeGroup[]): { rows: ServiceRow[]; kinds: string[] } {
  const present = new Set(groups.filter((g) => !g.infoOnly).map((g) => g.kind));
  const kinds = [
    ...KINDS.filter((k) => present.has(k)),
    ...[...present].filter((k) => !KINDS.includes(k as never)),
  ];
  const byService = new Map<string | null, ChargeGroup[]>();
  for (const g of groups) byService.set(g.serviceId, [...(byService.get(g.serviceId) ?? []), g]);
  const rows = [...byService].map(([serviceId, gs]) => {
    const counted = gs.filter((g) => !g.infoOnly);
    const info = gs.filter((g) => g.infoOnly);
    return {
      serviceId,
      lines: gs.reduce((n, g) => n + g.lines, 0),
      byKind: Object.fromEntries(
        kinds.flatMap((k) => {
          const of = counted.filter((g) => g.kind === k);
          return of.length ? [[k, sumAmounts(of.map((g) => g.amount))]] : [];
        }),
      ),
      infoOnly: info.length ? sumAmounts(info.map((g) => g.amount)) : null,
      total: sumAmounts(counted.map((g) => g.amount)),
    };
  });
  // Account-level charges (no service) first, then services in their natural order.
  rows.sort((a, b) => (a.serviceId ?? '').localeCompare(b.serviceId ?? '', undefined, { numeric: true }));
  return { rows, kinds };
}

interface Props {
  groups: ChargeGroup[];
  currency: string;
  serviceId: string | null;
  kind: string | null;
  onSelect: (serviceId: string | null, kind: string | null) => void;
}

export function ServiceTable({ groups, currency, serviceId, kind, onSelect }: Props) {
  const { rows, kinds } = serviceRows(groups);
  const [page, setPage] = useState(1);
  const hasInfo = rows.some((r) => r.infoOnly !== null);
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const cols = kinds.length + (hasInfo ? 4 : 3);
  const cell = (amount: string | null, dim = false) => (
    <Money value={amount} currency={null} c={dim ? 'dimmed' : undefined} />
  );
  return (
    <Card withBorder padding="md" data-testid="charges-by-service">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Charges by service</Title>
        <Text size="xs" c="dimmed">
          {count(rows.length, 'service')} · amounts in {currency} · click a service or amount to see its lines
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={160 + cols * 100}>
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing={4}
          fz="sm"
          styles={{ td: { whiteSpace: 'nowrap' }, th: { verticalAlign: 'bottom' } }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service</Table.Th>
              <Table.Th ta="right">Lines</Table.Th>
              {kinds.map((k) => (
                <Table.Th key={k} ta="right" style={{ verticalAlign: 'bottom' }}>
                  {kindLabel(k)}
                </Table.Th>
              ))}
              {hasInfo && <Table.Th ta="right">Info only</Table.Th>}
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => {
              const id = r.serviceId;
              const active = id !== null && id === serviceId;
              return (
                <Table.Tr
                  key={id ?? '(none)'}
                  data-testid="service-row"
                  data-service={id ?? ''}
                  bg={active ? 'blue.0' : undefined}
                  onClick={id === null ? undefined : () => onSelect(active && !kind ? null : id, null)}
                  style={{ cursor: id === null ? undefined : 'pointer' }}
                >
                  <Table.Td>
                    {id === null ? (
                      <Text size="sm" c="dimmed" fs="italic">
                        Account level
                      </Text>
                    ) : (
                      <Text size="sm" ff="monospace" fw={active ? 700 : undefined}>
                        {id}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{r.lines.toLocaleString()}</Table.Td>
                  {kinds.map((k) => (
                    <Table.Td key={k} ta="right" bg={active && kind === k ? 'blue.1' : undefined}>
                      {r.byKind[k] !== undefined && id !== null ? (
                        <UnstyledButton
                          onClick={(e) => {
                            e.stopPropagation();
                            onSelect(id, k);
                          }}
                        >
                          {cell(r.byKind[k])}
                        </UnstyledButton>
                      ) : (
                        cell(r.byKind[k] ?? null)
                      )}
                    </Table.Td>
                  ))}
                  {hasInfo && <Table.Td ta="right">{cell(r.infoOnly, true)}</Table.Td>}
                  <Table.Td ta="right" fw={600}>
                    {cell(r.total)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }}>
              <Table.Th>Total</Table.Th>
              <Table.Th ta="right">{rows.reduce((n, r) => n + r.lines, 0).toLocaleString()}</Table.Th>
              {kinds.map((k) => (
                <Table.Th key={k} ta="right">
                  {cell(sumAmounts(rows.map((r) => r.byKind[k])))}
                </Table.Th>
              ))}
              {hasInfo && (
                <Table.Th ta="right">{cell(sumAmounts(rows.map((r) => r.infoOnly)), true)}</Table.Th>
              )}
              <Table.Th ta="right">{cell(sumAmounts(rows.map((r) => r.total)))}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {rows.length > PAGE_SIZE && (
        <Group justify="flex-end" mt="xs">
          <Pagination total={Math.ceil(rows.length / PAGE_SIZE)} value={page} onChange={setPage} size="sm" />
        </Group>
      )}
    </Card>
  );
}
