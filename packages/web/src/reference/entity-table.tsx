import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import { type EntityMeta, type FieldMeta, formatValue, type Item, lower } from '../meta.ts';
import type { ListState } from './list-state.ts';

interface Props {
  entity: EntityMeta;
  items: Item[];
  state: ListState;
  onSort: (field: string) => void;
  onOpen: (item: Item) => void;
  loading: boolean;
}

const STATUS_COLORS: Record<string, string> = { active: 'green', open: 'green', closed: 'gray' };

function SortHeader({
  label,
  field,
  state,
  onSort,
  numeric,
}: {
  numeric: boolean;
  label: string;
  field: string;
  state: ListState;
  onSort: Props['onSort'];
}) {
  const active = state.sort === field;
  const ariaSort = active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  // Long labels may wrap, but the arrow stays glued to the last word.
  const words = label.split(' ');
  const last = words.pop();
  return (
    <Table.Th aria-sort={ariaSort} ta={numeric ? 'right' : undefined} style={{ verticalAlign: 'bottom' }}>
      <UnstyledButton onClick={() => onSort(field)} data-testid={`sort-${field}`} fz="sm" fw={600}>
        {words.length > 0 && `${words.join(' ')} `}
        <span style={{ whiteSpace: 'nowrap' }}>
          {last}
          <Text span c={active ? 'blue.7' : 'gray.4'} ml={4} fz="xs">
            {active ? (state.dir === 'asc' ? '▲' : '▼') : '↕'}
          </Text>
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

function Cell({ field, item }: { field: FieldMeta; item: Item }) {
  const text = formatValue(field, item);
  if (field.type === 'enum' && field.name === 'status' && text) {
    const raw = String(item[field.name]);
    return (
      <Badge size="sm" variant="light" color={STATUS_COLORS[raw] ?? 'blue'}>
        {text}
      </Badge>
    );
  }
  const numeric = field.type === 'int';
  return (
    <Text
      fz="sm"
      truncate
      maw={numeric ? undefined : 220}
      ta={numeric ? 'right' : undefined}
      title={text.length > 30 ? text : undefined}
    >
      {text || (
        <Text span c="gray.4">
          —
        </Text>
      )}
    </Text>
  );
}

export function EntityTable({ entity, items, state, onSort, onOpen, loading }: Props) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table
        striped
        highlightOnHover
        withTableBorder
        verticalSpacing={6}
        horizontalSpacing="sm"
        data-testid="entity-table"
        style={{ opacity: loading ? 0.6 : 1, background: 'var(--mantine-color-white)' }}
      >
        <Table.Thead>
          <Table.Tr>
            {entity.fields.map((f) => (
              <SortHeader
                key={f.name}
                label={f.label}
                field={f.name}
                state={state}
                onSort={onSort}
                numeric={f.type === 'int'}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr
              key={item.id}
              data-testid="entity-row"
              data-id={item.id}
              onClick={() => onOpen(item)}
              style={{ cursor: 'pointer' }}
            >
              {entity.fields.map((f) => (
                <Table.Td key={f.name}>
                  <Cell field={f} item={item} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
          {items.length === 0 && !loading && (
            <Table.Tr>
              <Table.Td colSpan={entity.fields.length}>
                <Text c="dimmed" ta="center" py="lg" fz="sm">
                  No {lower(entity.label)} records match.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
