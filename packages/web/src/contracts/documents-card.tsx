import { ActionIcon, Alert, Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { FileDropZone } from '../file-drop-zone.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { ContractDocument } from './types.ts';

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

export function DocumentsCard({
  contractId,
  documents,
  canWrite,
  onChanged,
}: {
  contractId: string;
  documents: ContractDocument[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const slug = useTenantSlug();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = tenantApi(slug, `contracts/${contractId}/documents`);

  async function upload(files: File[]) {
    setError(null);
    for (const file of files) {
      setBusy(file.name);
      try {
        await api(base, {
          method: 'POST',
          query: { file: file.name },
          raw: { body: file, contentType: file.type || 'application/octet-stream' },
        });
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
      }
    }
    setBusy(null);
    onChanged();
  }

  async function remove(doc: ContractDocument) {
    if (!window.confirm(`Remove ${doc.fileName} from this contract?`)) return;
    try {
      await api(`${base}/${doc.id}`, { method: 'DELETE' });
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Card withBorder padding="md">
      <Title order={4} mb="xs">
        Documents
      </Title>
      <Stack gap="sm">
        {documents.length === 0 ? (
          <Text size="sm" c="dimmed">
            No documents.
          </Text>
        ) : (
          <Table withTableBorder fz="sm" data-testid="documents-table">
            <Table.Tbody>
              {documents.map((d) => (
                <Table.Tr key={d.id} data-testid="document-row">
                  <Table.Td>
                    <Anchor href={`${base}/${d.id}`} download={d.fileName} data-testid="document-download">
                      {d.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td c="dimmed">{size(d.size)}</Table.Td>
                  <Table.Td c="dimmed">
                    {d.createdAt.slice(0, 10)} · {d.uploadedByName ?? d.uploadedBy}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td w={40}>
                      <ActionIcon variant="subtle" color="red" aria-label="Remove" onClick={() => remove(d)}>
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {error && (
          <Alert color="red" variant="light" data-testid="document-error">
            {error}
          </Alert>
        )}
        {canWrite && (
          <FileDropZone
            onFiles={upload}
            multiple
            testId="document-upload"
            inputTestId="document-upload-input"
            buttonTestId="document-upload-button"
            buttonLabel={busy ? `Uploading ${busy}…` : 'Choose files'}
            padding="lg"
          >
            <Group justify="center" mb="xs">
              <Text size="sm" c="dimmed">
                Drop signed contracts, amendments or price lists here (up to 25 MB each)
              </Text>
            </Group>
          </FileDropZone>
        )}
      </Stack>
    </Card>
  );
}
