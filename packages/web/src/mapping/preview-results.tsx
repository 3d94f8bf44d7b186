import { Alert, Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import { count } from '../invoices/parts.tsx';
import { KIND_COLORS, kindLabel } from '../invoices/types.ts';
import { sumAmounts } from '../money.ts';
import type { Preview, PreviewRow } from './types.ts';

const kindColor = (k: string) => (KIND_COLORS[k] ?? 'gray').split('.')[0];

function Summary({ rows, currency }: { rows: PreviewRow[]; currency: string }) {
  const charges = rows.flatMap((r) => r.charges);
  const errors = rows.filter((r) => r.error).length;
  const skipped = rows.filter((r) => r.skipped).length;
  const byKind = new Map<string, string[]>();
  for (const c of charges) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.amount]);
  return (
    <Stack gap={6}>
      <Group gap="xs" data-testid="mapping-preview-summary">
        <Badge variant="light" color="gray">
          {count(rows.length, 'row')}
        </Badge>
        <Badge variant="light" color="blue">
          {count(charges.length, 'charge')}
        </Badge>
        <Badge variant={errors ? 'filled' : 'light'} color="red" data-testid="mapping-preview-errors">
          {count(errors, 'error')}
        </Badge>
        <Badge variant="light" color="gray">
          {skipped} skipped
        </Badge>
        <Text size="sm" c="dimmed">
          Sum of the charges shown:{' '}
          <Text span ff="monospace" fz="sm" c="dark" data-testid="mapping-preview-sum">
            {sumAmounts(charges.map((c) => c.amount))}
            {currency ? ` ${currency}` : ''}
          </Text>
        </Text>
      </Group>
      {byKind.size > 0 && (
        <Group gap={6}>
          {[...byKind].map(([k, amounts]) => (
            <Badge key={k} size="sm" variant="outline" color={kindColor(k)} style={{ textTransform: 'none' }}>
              {kindLabel(k)}: {sumAmounts(amounts)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}

interface Props {
  preview: Preview;
  currency: string;
  /** offered on error rows: skip rows that start like this one (totals) */
  onSkipLike?: (firstCell: string) => void;
}

/** The charges the profile makes of the sample rows; each row's error or why it is skipped. */
export function PreviewResults({ preview, currency, onSkipLike }: Props) {
  const rows = preview.charges;
  const cells = new Map(preview.sampleRows.map((r) => [r.line, r.cells]));
  const firstCell = (line: number) => (cells.get(line) ?? []).find((c) => c.trim() !== '')?.trim() ?? '';
  return (
    <Stack gap="sm">
      {preview.profileError && (
        <Alert
          color="red"
          variant="light"
          title="The profile does not fit this file"
          data-testid="mapping-profile-error"
        >
          {preview.profileError}
        </Alert>
      )}
      {!preview.profileError && <Summary rows={rows} currency={currency} />}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={900} type="native">
          <Table withTableBorder fz="sm" verticalSpacing={4} data-testid="mapping-preview-rows">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th w={56}>Line</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Service</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Rate</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const span = Math.max(1, r.charges.length);
                const lead = (
                  <>
                    <Table.Td rowSpan={span} c="dimmed" style={{ verticalAlign: 'top' }}>
                      {r.line}
                    </Table.Td>
                    <Table.Td rowSpan={span} style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                      {r.accountNumber ?? ''}
                    </Table.Td>
                    <Table.Td rowSpan={span} style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
                      {r.invoiceNumber ?? ''}
                    </Table.Td>
                  </>
                );
                if (r.error || r.skipped || r.charges.length === 0) {
                  return (
                    <Table.Tr
                      key={r.line}
                      data-testid="mapping-preview-row"
                      data-line={r.line}
                      data-state={r.error ? 'error' : r.skipped ? 'skipped' : 'empty'}
                      bg={r.error ? 'red.0' : undefined}
                    >
                      {lead}
                      <Table.Td colSpan={6}>
                        {r.error ? (
                          <Group gap="xs">
                            <Text size="sm" c="red.8" data-testid="mapping-row-error">
                              {r.error}
                            </Text>
                            {onSkipLike && firstCell(r.line) && (
                              <Anchor
                                component="button"
                                type="button"
                                size="xs"
                                onClick={() => onSkipLike(firstCell(r.line))}
                                data-testid="mapping-skip-like"
                              >
                                Skip rows starting with “{firstCell(r.line)}”
                              </Anchor>
                            )}
                          </Group>
                        ) : (
                          <Text size="sm" c="dimmed" fs="italic">
                            {r.skipped ? `skipped: ${r.skipped}` : 'no charges (every amount is empty)'}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                }
                return (
                  <Fragment key={r.line}>
                    {r.charges.map((c, i) => (
                      // Charges of one row have no identity of their own; their order is the file's.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      <Table.Tr key={i} data-testid="mapping-preview-row" data-line={r.line} data-state="ok">
                        {i === 0 && lead}
                        <Table.Td>
                          <Badge
                            size="sm"
                            variant="light"
                            color={kindColor(c.kind)}
                            miw="max-content"
                            data-testid="mapping-charge-kind"
                          >
                            {kindLabel(c.kind)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{c.description ?? ''}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.serviceId ?? ''}</Table.Td>
                        <Table.Td ta="right" ff="monospace">
                          {c.quantity ?? ''}
                        </Table.Td>
                        <Table.Td ta="right" ff="monospace">
                          {c.unitRate ?? ''}
                        </Table.Td>
                        <Table.Td
                          ta="right"
                          ff="monospace"
                          c={c.amount.startsWith('-') ? 'red.7' : undefined}
                          style={{ whiteSpace: 'nowrap' }}
                          data-testid="mapping-charge-amount"
                        >
                          {c.amount}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!preview.profileError && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          The file has no rows below the header.
        </Text>
      )}
    </Stack>
  );
}
