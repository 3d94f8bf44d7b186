import { Select, SimpleGrid, Text } from '@mantine/core';
import { INVENTORY_FILE_COLUMNS } from './types.ts';

const REQUIRED = new Set(['type', 'identifier', 'vendor']);

/**
 * Which header of the file feeds each inventory column. Starts from what the import matched by
 * name; every change re-runs the dry run, so the diff always shows what this mapping would do.
 */
export function ColumnMapping(p: {
  headers: string[];
  mapping: Record<string, string>;
  onChange: (mapping: Record<string, string>) => void;
}) {
  const set = (column: string, header: string | null) => {
    const next = { ...p.mapping };
    if (header) next[column] = header;
    else delete next[column];
    p.onChange(next);
  };
  return (
    <div data-testid="column-mapping">
      <Text size="sm" fw={600} mb={4}>
        Columns
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" verticalSpacing={4}>
        {INVENTORY_FILE_COLUMNS.map((column) => (
          <Select
            key={column}
            size="xs"
            label={REQUIRED.has(column) ? `${column} *` : column}
            placeholder="not in file"
            data={p.headers}
            value={p.mapping[column] ?? null}
            onChange={(header) => set(column, header)}
            clearable
            searchable
            data-testid={`map-${column}`}
            error={REQUIRED.has(column) && !p.mapping[column] ? 'required' : undefined}
          />
        ))}
      </SimpleGrid>
    </div>
  );
}
