import { Alert, Badge, Button, Code, Group, Modal, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api.ts';
import { useCan, useTenantSlug } from '../shell/tenant.tsx';
import { deleteProfile, profilesKey, useProfiles } from './requests.ts';
import type { SavedProfile } from './types.ts';

function DeleteModal({ profile, onClose }: { profile: SavedProfile; onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const del = useMutation({
    mutationFn: () => deleteProfile(slug, profile.id),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: profilesKey(slug) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Delete mapping</Text>}>
      <Stack gap="sm">
        <Text size="sm">
          Delete “{profile.name}”? Invoices already imported with it stay; new files with these headers are no
          longer recognised.
        </Text>
        {del.error && (
          <Alert color="red" variant="light">
            {errorMessage(del.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={del.isPending}
            onClick={() => del.mutate()}
            data-testid="mapping-delete-confirm"
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface Props {
  onEdit: (p: SavedProfile) => void;
  onCopy: (p: SavedProfile) => void;
}

/** The tenant's saved mappings, then the built-in ones. */
export function ProfilesTable({ onEdit, onCopy }: Props) {
  const slug = useTenantSlug();
  const writable = useCan()('invoice.import');
  const { data, error, isPending } = useProfiles(slug);
  const [deleting, setDeleting] = useState<SavedProfile | null>(null);
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Saved mappings
      </Title>
      {error && (
        <Alert color="red" variant="light">
          {errorMessage(error)}
        </Alert>
      )}
      {isPending ? (
        <Skeleton h={160} />
      ) : (
        <Table.ScrollContainer minWidth={860} type="native">
          <Table
            withTableBorder
            striped
            fz="sm"
            verticalSpacing={6}
            bg="white"
            data-testid="mapping-profiles-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Detect headers</Table.Th>
                <Table.Th>Layout</Table.Th>
                <Table.Th w={200} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data ?? []).map((p) => (
                <Table.Tr key={p.id} data-testid="mapping-profile-row" data-id={p.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name}
                      {p.builtIn && (
                        <Badge
                          size="xs"
                          variant="light"
                          color="gray"
                          ml={6}
                          style={{ verticalAlign: 'middle' }}
                          data-testid="badge-built-in"
                        >
                          built-in
                        </Badge>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {p.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.vendorName || '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {p.detectHeaders.map((h) => (
                        <Code key={h} fz="xs">
                          {h}
                        </Code>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {p.amountColumns?.length
                      ? `${p.amountColumns.length} amount columns`
                      : 'one charge per row'}
                  </Table.Td>
                  <Table.Td>
                    {writable && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {p.builtIn ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() => onCopy(p)}
                            data-testid="mapping-copy"
                          >
                            Copy
                          </Button>
                        ) : (
                          <>
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => onEdit(p)}
                              data-testid="mapping-edit"
                            >
                              Edit
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => onCopy(p)}
                              data-testid="mapping-copy"
                            >
                              Copy
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => setDeleting(p)}
                              data-testid="mapping-delete"
                            >
                              Delete
                            </Button>
                          </>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              {data?.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text c="dimmed" ta="center" py="md" size="sm">
                      No mappings yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {deleting && <DeleteModal profile={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}
