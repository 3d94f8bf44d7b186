import { Badge, Code, Group, SimpleGrid, Spoiler, Stack, Table, Text } from '@mantine/core';
import { kindLabel } from '../invoices/types.ts';
import { aliases } from './draft.ts';
import {
  COLUMN_FIELDS,
  type ColumnRef,
  DATE_FORMATS,
  DECIMAL_MARKS,
  FIELD_LABELS,
  type MappingProfile,
  THOUSANDS_OPTIONS,
} from './types.ts';

const refText = (ref: ColumnRef) => aliases(ref).join(' / ');

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** What will be saved, in words, with the JSON for those who want it. */
export function SaveSummary({ profile }: { profile: MappingProfile }) {
  const columns = COLUMN_FIELDS.flatMap((f) => {
    const ref = profile.columns[f];
    return ref ? [[f, ref] as const] : [];
  });
  const thousands =
    profile.thousands === undefined
      ? 'default'
      : profile.thousands === ''
        ? 'none'
        : (THOUSANDS_OPTIONS.find((o) => o.value === profile.thousands)?.label ?? profile.thousands);
  return (
    <Stack gap="md" data-testid="mapping-summary">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Fact label="Name">{profile.name || '—'}</Fact>
        <Fact label="Id">
          <Code>{profile.id}</Code>
        </Fact>
        <Fact label="Vendor">{profile.vendorName || '— (from the file or the import form)'}</Fact>
        <Fact label="Recognised by the headers">
          <Group gap={4}>
            {profile.detectHeaders.map((h) => (
              <Badge key={h} variant="light" color="blue" style={{ textTransform: 'none' }}>
                {h}
              </Badge>
            ))}
          </Group>
        </Fact>
        <Fact label="Numbers and dates">
          {DATE_FORMATS.find((d) => d.value === (profile.dateFormat ?? 'iso'))?.label} · decimal{' '}
          {DECIMAL_MARKS.find((d) => d.value === (profile.decimalMark ?? '.'))?.label.toLowerCase()} ·
          thousands {thousands.toLowerCase()}
          {profile.currency ? ` · ${profile.currency}` : ''}
        </Fact>
        <Fact label="Kinds">
          default {kindLabel(profile.defaultKind)}
          {profile.kindMap ? ` · ${Object.keys(profile.kindMap).length} charge types mapped` : ''}
          {profile.skipRowsMatching ? (
            <>
              {' '}
              · skips <Code>{profile.skipRowsMatching}</Code>
            </>
          ) : null}
        </Fact>
      </SimpleGrid>
      <Table withTableBorder fz="sm" verticalSpacing={4} maw={720}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th w={260}>Field</Table.Th>
            <Table.Th>Column in the file</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map(([f, ref]) => (
            <Table.Tr key={f}>
              <Table.Td>{FIELD_LABELS[f]}</Table.Td>
              <Table.Td>{refText(ref)}</Table.Td>
            </Table.Tr>
          ))}
          {(profile.amountColumns ?? []).map((a) => (
            <Table.Tr key={refText(a.column)}>
              <Table.Td>
                Amount: {kindLabel(a.kind)}
                {a.creditKind ? ` (negative: ${kindLabel(a.creditKind)})` : ''}
              </Table.Td>
              <Table.Td>{refText(a.column)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Spoiler maxHeight={0} showLabel="Show the profile as JSON" hideLabel="Hide the JSON">
        <Code block data-testid="mapping-json">
          {JSON.stringify(profile, null, 2)}
        </Code>
      </Spoiler>
    </Stack>
  );
}
