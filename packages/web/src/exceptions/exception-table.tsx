import { Anchor, Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Money } from '../invoices/parts.tsx';
import type { ExceptionListState } from './list-state.ts';
import { DueDate, SeverityBadge, StateBadge } from './parts.tsx';
import type { BackTo, ExceptionItem } from './types.ts';

interface Props {
  slug: string;
  items: ExceptionItem[];
  state: ExceptionListState;
  onSort: (field: string) => void;
  selected: Set<string>;
  setSelected: (next: Set<string>) => void;
  loading: boolean;
}

function SortHeader(p: {
  field: string;
  state: ExceptionListState;
  onSort: (f: string) => void;
  right?: boolean;
  children: ReactNode;
}) {
  const on = p.state.sort === p.field;
  return (
    <Table.Th ta={p.right ? 'right' : undefined} style={{ whiteSpace: 'nowrap' }}>
      <UnstyledButton
        onClick={() => p.onSort(p.field)}
        data-testid={`sort-${p.field}`}
        data-active={on}
        data-dir={on ? p.state.dir : undefined}
      >
        <Text fw={700} size="sm" span>
          {p.children}
          <Text span c={on ? undefined : 'gray.4'} size="xs" ml={4}>
            {on ? (p.state.dir === 'asc' ? '▲' : '▼') : '↕'}
          </Text>
        </Text>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The queue's rows: what is wrong, where, how much money, how old, who has it. */
export function ExceptionTable({ slug, items, state, onSort, selected, setSelected, loading }: Props) {
  const location = useLocation();
  // The detail page's back link returns to this very page of this filter.
  const back: BackTo = {
    back: location.pathname + location.search,
    label: location.pathname.endsWith('/my-work') ? 'My work' : 'Exceptions',
  };
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };
  const togglePage = () => {
    const next = new Set(selected);
    for (const i of items) {
      if (allOnPage) next.delete(i.id);
      else next.add(i.id);
    }
    setSelected(next);
  };
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table
        withTableBorder
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing={8}
        bg="white"
        fz="sm"
        data-testid="exceptions-table"
        style={{ opacity: loading ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all on this page"
                checked={allOnPage}
                indeterminate={!allOnPage && items.some((i) => selected.has(i.id))}
                onChange={togglePage}
                data-testid="select-page"
              />
            </Table.Th>
            <SortHeader field="severity" state={state} onSort={onSort}>
              Severity
            </SortHeader>
            <Table.Th>Rule and summary</Table.Th>
            <Table.Th>Vendor / account</Table.Th>
            <Table.Th>Invoice</Table.Th>
            <SortHeader field="variance" state={state} onSort={onSort} right>
              Money at stake
            </SortHeader>
            <SortHeader field="age" state={state} onSort={onSort} right>
              Age
            </SortHeader>
            <SortHeader field="due" state={state} onSort={onSort}>
              Due
            </SortHeader>
            <Table.Th>Owner</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={10}>
                <Text c="dimmed" ta="center" py="lg">
                  No exceptions match these filters.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {items.map((e) => (
            <Table.Tr
              key={e.id}
              data-testid="exception-row"
              data-id={e.id}
              data-state={e.state}
              bg={selected.has(e.id) ? 'blue.0' : undefined}
            >
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${e.summary}`}
                  checked={selected.has(e.id)}
                  onChange={() => toggle(e.id)}
                  data-testid="select-exception"
                />
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={e.severity} blocking={e.blocking} />
              </Table.Td>
              <Table.Td miw={220}>
                <Text size="xs" fw={600} c="dimmed" data-testid="exception-rule">
                  {e.ruleName}
                </Text>
                <Anchor
                  component={Link}
                  to={`/t/${slug}/exceptions/${e.id}`}
                  state={back}
                  size="sm"
                  lineClamp={2}
                  title={e.summary}
                  data-testid="exception-link"
                >
                  {e.summary}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={1} title={e.vendor ?? undefined}>
                  {e.vendor ?? '—'}
                </Text>
                {e.accountNumber && (
                  <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {e.accountNumber}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {e.invoiceId ? (
                  <Anchor component={Link} to={`/t/${slug}/invoices/${e.invoiceId}`} fz="xs" ff="monospace">
                    {e.invoiceNumber}
                  </Anchor>
                ) : (
                  <Text span c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" data-testid="exception-variance" data-value={e.variance}>
                <Money value={e.variance} currency={e.currency} fw={600} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="exception-age">
                {e.ageDays.toLocaleString()} d
              </Table.Td>
              <Table.Td>
                <DueDate dueOn={e.dueOn} overdue={e.overdue} compact />
              </Table.Td>
              <Table.Td data-testid="exception-owner">
                {e.owner ?? (
                  <Text span c="dimmed" size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {e.queue ? `${e.queue} queue` : 'unassigned'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <StateBadge state={e.state} short />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
