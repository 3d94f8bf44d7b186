import { Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { FileDropZone } from '../file-drop-zone.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { ColumnMapping } from './column-mapping.tsx';
import type { ImportReport } from './types.ts';

/** What a refused file's error carries about its columns. */
interface FileColumns {
  headers?: string[];
  columns?: Record<string, string>;
}

const ACTION_COLORS = { create: 'green', update: 'blue', unchanged: 'gray', error: 'red' } as const;
const shown = (v: unknown) =>
  v === null || v === undefined || v === '' ? '∅' : Array.isArray(v) ? v.join(';') : String(v);

/** Drop a CSV/XLSX file, see the dry-run diff line by line, then apply it (all or nothing). */
export function ServicesImportModal({ onClose }: { onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // null: let the import match headers by name; set once a person adjusts the columns
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const run = useMutation({
    mutationFn: ({ f, dryRun, map }: { f: File; dryRun: boolean; map: Record<string, string> | null }) =>
      api<ImportReport>(tenantApi(slug, 'services/import'), {
        method: 'POST',
        query: {
          file: f.name,
          dryRun,
          format: /\.xlsx$/i.test(f.name) ? 'xlsx' : 'csv',
          mapping: map ? JSON.stringify(map) : undefined,
        },
        raw: { body: f, contentType: 'application/octet-stream' },
      }),
    onSuccess: (r) => {
      setHeaders([...new Set([...Object.values(r.columns), ...r.ignoredColumns])]);
      if (r.applied) void qc.invalidateQueries({ queryKey: ['services', slug] });
    },
    onError: (err) => {
      const found = err instanceof ApiError ? (err.details as FileColumns | null) : null;
      if (!found?.headers) return;
      setHeaders(found.headers);
      // start the mapping from what the import could match by name
      setMapping((m) => m ?? found.columns ?? {});
    },
  });
  const report = run.data;
  const remap = (next: Record<string, string>) => {
    setMapping(next);
    if (file) run.mutate({ f: file, dryRun: true, map: next });
  };
  const lines = (report?.lines ?? []).filter((l) => l.action !== 'unchanged').slice(0, 500);
  return (
    <Modal opened onClose={onClose} title="Import services" size="xl">
      <Stack>
        <FileDropZone
          onFiles={([f]) => {
            if (!f) return;
            setFile(f);
            setMapping(null);
            setHeaders([]);
            run.mutate({ f, dryRun: true, map: null });
          }}
          accept=".csv,.xlsx,text/csv"
          testId="services-drop"
          inputTestId="services-file"
          buttonTestId="services-choose"
          buttonLabel="Choose a CSV or XLSX file"
          padding="lg"
        >
          <Text size="sm">
            Columns: type, identifier, vendor (required), billing_account, owner, cost_center, location,
            contract, rate_item, expected_monthly, currency, state, dates, tags — or your own headers.
          </Text>
        </FileDropZone>
        {run.error && <Text c="red">{errorMessage(run.error)}</Text>}
        {headers.length > 0 && (
          <ColumnMapping headers={headers} mapping={mapping ?? report?.columns ?? {}} onChange={remap} />
        )}
        {report && (
          <>
            <Group gap="xs" data-testid="import-summary">
              <Badge color="green">{report.creates} create</Badge>
              <Badge color="blue">{report.updates} update</Badge>
              <Badge color="gray">{report.unchanged} unchanged</Badge>
              <Badge color="red">{report.errors} error</Badge>
              {report.applied && <Badge variant="filled">applied</Badge>}
            </Group>
            {report.ignoredColumns.length > 0 && (
              <Text size="sm" c="dimmed">
                Ignored columns: {report.ignoredColumns.join(', ')}
              </Text>
            )}
            <ScrollArea h={320}>
              <Table striped data-testid="import-diff">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Service</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Details</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.map((l) => (
                    <Table.Tr key={l.line}>
                      <Table.Td>{l.line}</Table.Td>
                      <Table.Td>{l.key}</Table.Td>
                      <Table.Td>
                        <Badge color={ACTION_COLORS[l.action]}>{l.action}</Badge>
                      </Table.Td>
                      <Table.Td>
                        {l.errors.map((e) => (
                          <Text key={e} size="xs" c="red">
                            {e}
                          </Text>
                        ))}
                        {(l.changes ?? []).map((c) => (
                          <Text key={c.field} size="xs">
                            {c.field}: {shown(c.before)} → {shown(c.after)}
                          </Text>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            data-testid="import-apply"
            disabled={
              !file || !report || report.errors > 0 || report.applied || report.creates + report.updates === 0
            }
            loading={run.isPending}
            onClick={() => file && run.mutate({ f: file, dryRun: false, map: mapping })}
          >
            Apply
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
