import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useRef, useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { type EntityMeta, lower } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';

type Action = 'create' | 'update' | 'unchanged' | 'error';
interface ImportResult {
  file: string;
  entity: string;
  dryRun: boolean;
  applied: boolean;
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  lines: { line: number; key: string; action: Action; errors: string[] }[];
}

const ACTION_COLORS: Record<Action, string> = {
  create: 'green',
  update: 'blue',
  unchanged: 'gray',
  error: 'red',
};
const MAX_ROWS = 500;

function Summary({ r }: { r: ImportResult }) {
  return (
    <Group gap="xs" data-testid="import-summary">
      <Badge color="green" variant="light">
        {r.creates} creates
      </Badge>
      <Badge color="blue" variant="light">
        {r.updates} updates
      </Badge>
      <Badge color="gray" variant="light">
        {r.unchanged} unchanged
      </Badge>
      <Badge color="red" variant={r.errors ? 'filled' : 'light'}>
        {r.errors} errors
      </Badge>
    </Group>
  );
}

export function ImportModal({ entity, onClose }: { entity: EntityMeta; onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [show, setShow] = useState<'all' | 'changes' | 'errors'>('all');

  const choose = (f: File | null | undefined) => {
    setFile(f ?? null);
    setResult(null);
    setError(null);
  };

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(dryRun ? 'preview' : 'apply');
    setError(null);
    try {
      const r = await api<ImportResult>(tenantApi(slug, `${entity.plural}/import`), {
        method: 'POST',
        query: { dryRun, file: file.name },
        raw: { body: await file.text(), contentType: 'text/csv' },
      });
      setResult(r);
      setShow(r.errors ? 'errors' : 'all');
      if (!dryRun) await qc.invalidateQueries({ queryKey: ['list', slug, entity.plural] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    choose(e.dataTransfer.files[0]);
  };
  const lines = (result?.lines ?? []).filter((l) =>
    show === 'errors' ? l.action === 'error' : show === 'changes' ? l.action !== 'unchanged' : true,
  );
  const applied = result?.applied === true;

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Import {lower(entity.label)} CSV</Text>} size="xl">
      <Stack gap="sm">
        <Paper
          withBorder
          p="md"
          bg="gray.0"
          style={{ borderStyle: 'dashed', textAlign: 'center' }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={onDrop}
        >
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            hidden
            data-testid="import-file"
            onChange={(e) => choose(e.currentTarget.files?.[0])}
          />
          <Text size="sm" mb={6}>
            {file ? <b>{file.name}</b> : 'Drop a CSV file here, or'}{' '}
            {file && `(${(file.size / 1024).toFixed(1)} KB)`}
          </Text>
          <Button size="xs" variant="default" onClick={() => input.current?.click()}>
            {file ? 'Choose another file' : 'Choose file'}
          </Button>
          <Text size="xs" c="dimmed" mt={6}>
            Columns: {entity.fields.map((f) => f.csv).join(', ')}. Rows are matched on the natural key;
            references use the referenced record's key.
          </Text>
        </Paper>
        {error && (
          <Alert color="red" variant="light" data-testid="import-error">
            {error}
          </Alert>
        )}
        {result && (
          <>
            <Group justify="space-between">
              <Summary r={result} />
              <SegmentedControl
                size="xs"
                value={show}
                onChange={(v) => setShow(v as typeof show)}
                data={[
                  { value: 'all', label: 'All lines' },
                  { value: 'changes', label: 'Changes' },
                  { value: 'errors', label: 'Errors' },
                ]}
              />
            </Group>
            {applied && (
              <Alert color="green" variant="light" data-testid="import-applied">
                Import applied.
              </Alert>
            )}
            {!applied && result.errors > 0 && (
              <Alert color="orange" variant="light">
                Fix the errors in the file and preview again; nothing was saved.
              </Alert>
            )}
            <ScrollArea.Autosize mah={340}>
              <Table striped withTableBorder verticalSpacing={4} fz="sm" data-testid="import-lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={60}>Line</Table.Th>
                    <Table.Th>Key</Table.Th>
                    <Table.Th w={110}>Action</Table.Th>
                    <Table.Th>Errors</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.slice(0, MAX_ROWS).map((l) => (
                    <Table.Tr key={l.line}>
                      <Table.Td>{l.line}</Table.Td>
                      <Table.Td>{l.key}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={ACTION_COLORS[l.action]}>
                          {l.action}
                        </Badge>
                      </Table.Td>
                      <Table.Td c="red.8">{l.errors.join('; ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {lines.length > MAX_ROWS && (
                <Text size="xs" c="dimmed" p="xs">
                  Showing the first {MAX_ROWS} of {lines.length} lines.
                </Text>
              )}
            </ScrollArea.Autosize>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {applied ? 'Close' : 'Cancel'}
          </Button>
          <Button
            variant="light"
            disabled={!file}
            loading={busy === 'preview'}
            onClick={() => run(true)}
            data-testid="import-preview"
          >
            Preview
          </Button>
          <Button
            disabled={!result?.dryRun || result.errors > 0 || busy !== null}
            loading={busy === 'apply'}
            onClick={() => run(false)}
            data-testid="import-apply"
          >
            Apply import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
