import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useCan, useTenantMe } from '../shell/tenant.tsx';
import { ProfilesTable } from './profiles-table.tsx';
import type { MappingProfile } from './types.ts';
import { MappingWizard, type WizardStart } from './wizard.tsx';

/** Navigation state the Imports page passes along with a rejected file ("Map its columns"). */
export interface MappingNavState {
  file?: File;
}

function handedFile(state: unknown): File | null {
  const file = (state as MappingNavState | null)?.file;
  return typeof File !== 'undefined' && file instanceof File ? file : null;
}

/** Column mappings for carrier CSV/XLSX exports: the wizard, and the saved mappings below it. */
export function MappingProfilesPage() {
  const location = useLocation();
  const can = useCan();
  const me = useTenantMe();
  const [start, setStart] = useState<WizardStart>(() => ({
    key: 1,
    file: handedFile(location.state),
    profile: null,
    copy: false,
  }));
  const begin = (profile: MappingProfile | null, copy: boolean) => {
    setStart((s) => ({ key: s.key + 1, file: null, profile, copy }));
    window.scrollTo({ top: 0 });
  };
  const writable = can('invoice.import');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Column mappings</Title>
          <Text size="sm" c="dimmed" maw={820}>
            Teach TEMOps a carrier's CSV or XLSX portal export: which column holds the account, the invoice,
            the amount and the charge type. Imports then recognise the export by its headers.
          </Text>
        </Stack>
        {writable && (
          <Button variant="default" onClick={() => begin(null, false)} data-testid="mapping-start-new">
            New mapping
          </Button>
        )}
      </Group>
      {writable ? (
        <MappingWizard key={start.key} start={start} onReset={() => begin(null, false)} />
      ) : (
        me.data && (
          <Alert color="gray" variant="light">
            Creating and changing mappings needs the permission to import invoices.
          </Alert>
        )
      )}
      <ProfilesTable onEdit={(p) => begin(p, false)} onCopy={(p) => begin(p, true)} />
    </Stack>
  );
}
