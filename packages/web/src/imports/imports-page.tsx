import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.ts';
import { FileDropZone } from '../file-drop-zone.tsx';
import type { Item } from '../meta.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { ImportHistory } from './import-history.tsx';
import { UploadCard } from './upload-card.tsx';
import { useUploads } from './use-uploads.ts';

const FORMATS = 'EDI X12 811, FOCUS CSV/Parquet, carrier CSV/XLSX, UBL 2.1 XML, TMF678 JSON';

/** The vendor's code, which is what the import takes (the picker works with ids). */
function useVendorCode(id: string | null): string | null {
  const slug = useTenantSlug();
  const { data } = useQuery({
    queryKey: ['options', slug, 'vendors', 'id', id],
    queryFn: () => api<Item>(tenantApi(slug, `vendors/${encodeURIComponent(id ?? '')}`)),
    enabled: !!id,
    staleTime: 60_000,
  });
  if (!id || !data || data.id !== id) return null;
  return String(data.code ?? data.name ?? '') || null;
}

function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <FileDropZone
      onFiles={onFiles}
      multiple
      testId="import-dropzone"
      inputTestId="import-file-input"
      buttonTestId="import-choose"
      buttonLabel="Choose files"
    >
      <Text fw={600} mb={4}>
        Drop bill files here
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {FORMATS}. Several files at once are fine; each is imported all or nothing.
      </Text>
    </FileDropZone>
  );
}

export function ImportsPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const { uploads, add, resolve, clear } = useUploads(slug);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const vendorCode = useVendorCode(vendorId);
  const finished = uploads.some((u) => u.phase === 'done' || u.phase === 'failed');

  return (
    <Stack gap="md">
      <Title order={2}>Imports</Title>
      {can('invoice.import') && (
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <RefSelect
              refPlural="vendors"
              label="Vendor (when the file doesn't say)"
              placeholder="From the file"
              value={vendorId}
              onChange={setVendorId}
              w={320}
              size="sm"
              data-testid="import-vendor"
            />
            {finished && (
              <Button variant="subtle" size="sm" onClick={clear} data-testid="import-clear">
                Clear finished
              </Button>
            )}
          </Group>
          <DropZone onFiles={(files) => add(files, vendorId ? vendorCode : null)} />
          <Text size="sm" c="dimmed" data-testid="imports-mapping-hint">
            A carrier CSV not recognised?{' '}
            <Anchor
              component={Link}
              to={`/t/${slug}/mapping-profiles`}
              size="sm"
              data-testid="imports-map-columns"
            >
              Map its columns
            </Anchor>
          </Text>
          {uploads.length > 0 && (
            <Stack gap="xs" data-testid="import-results">
              {uploads.map((u) => (
                <UploadCard key={u.key} u={u} slug={slug} onResolve={resolve} />
              ))}
            </Stack>
          )}
        </Stack>
      )}
      <ImportHistory />
    </Stack>
  );
}
