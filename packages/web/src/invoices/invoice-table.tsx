import { Anchor, Badge, Table, Text, UnstyledButton } from '@mantine/core';
import { Link, useNavigate } from 'react-router-dom';
import { humanize } from '../meta.ts';
import type { InvoiceListState } from './list-state.ts';
import { formatDay, InvoiceFlags, Money, period, STATUS_COLORS } from './parts.tsx';
import type { Invoice } from './types.ts';

interface Props {
  slug: string;
  items: Invoice[];
  state: InvoiceListState;
  onSort: (field: string) => void;
  loading: boolean;
}

function SortTh({
  label,
  field,
  state,
  onSort,
  right,
}: Omit<Props, 'items' | 'loading' | 'slug'> & {
  label: string;
  field: string;
  right?: boolean;
}) {
  const active = state.sort === field;
  return (
    <Table.Th
      aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      ta={right ? 'right' : undefined}
      style={{ whiteSpace: 'nowrap' }}
    >
      <UnstyledButton onClick={() => onSort(field)} data-testid={`sort-${field}`} fz="sm" fw={600}>
        {label}
        <Text span c={active ? 'blue.7' : 'gray.4'} ml={4} fz="xs">
          {active ? (state.dir === 'asc' ? '▲' : '▼') : '↕'}
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

export function InvoiceTable({ slug, items, state, onSort, loading }: Props) {
  const navigate = useNavigate();
  const sort = { state, onSort };
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table
        striped
        highlightOnHover
        withTableBorder
        verticalSpacing={6}
        horizontalSpacing="xs"
        fz="sm"
        data-testid="invoice-table"
        // One line per invoice: the table scrolls sideways rather than squeezing badges and numbers.
        styles={{ td: { whiteSpace: 'nowrap' } }}
        style={{ opacity: loading ? 0.6 : 1, background: 'var(--mantine-color-white)' }}
      >
        <Table.Thead>
          <Table.Tr>
            <SortTh label="Invoice" field="invoiceNumber" {...sort} />
            <SortTh label="Vendor" field="vendor" {...sort} />
            <SortTh label="Account" field="accountNumber" {...sort} />
            <SortTh label="Date" field="invoiceDate" {...sort} />
            <SortTh label="Period" field="periodStart" {...sort} />
            <Table.Th>Status</Table.Th>
            <SortTh label="Current charges" field="currentCharges" right {...sort} />
            <Table.Th ta="right">Total due</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((inv) => (
            <Table.Tr
              key={inv.id}
              data-testid="invoice-row"
              data-id={inv.id}
              onClick={() => navigate(`/t/${slug}/invoices/${inv.id}`)}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/t/${slug}/invoices/${inv.id}`}
                  size="sm"
                  fw={500}
                  onClick={(e) => e.stopPropagation()}
                >
                  {inv.invoiceNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate maw={170} title={inv.vendor}>
                  {inv.vendor}
                </Text>
              </Table.Td>
              <Table.Td>{inv.accountNumber}</Table.Td>
              <Table.Td>{formatDay(inv.invoiceDate) || '—'}</Table.Td>
              <Table.Td>{period(inv.periodStart, inv.periodEnd)}</Table.Td>
              <Table.Td>
                <Badge
                  size="sm"
                  variant="light"
                  color={STATUS_COLORS[inv.status] ?? 'gray'}
                  miw="max-content"
                >
                  {humanize(inv.status)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">
                <Money value={inv.currentCharges} currency={inv.currency} />
              </Table.Td>
              <Table.Td ta="right">
                <Money value={inv.totalDue} currency={inv.currency} />
              </Table.Td>
              {/* Flags stack rather than widen the table past the screen. */}
              <Table.Td style={{ whiteSpace: 'normal' }}>
                <InvoiceFlags inv={inv} wrap />
              </Table.Td>
            </Table.Tr>
          ))}
          {items.length === 0 && !loading && (
            <Table.Tr>
              <Table.Td colSpan={9}>
                <Text c="dimmed" ta="center" py="lg" fz="sm">
                  No invoices match.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
