import { Alert, Badge, Button, Card, Group, MultiSelect, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import type { Item, Page } from '../meta.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { ContractDetail } from './types.ts';

/** The billing accounts whose invoices count towards the contract, picked among the vendor's. */
export function AccountsCard({
  contract,
  canWrite,
  onChanged,
}: {
  contract: ContractDetail;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const slug = useTenantSlug();
  const [editing, setEditing] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ['options', slug, 'billing-accounts', 'vendor', contract.vendorId],
    queryFn: () =>
      api<Page<Item>>(tenantApi(slug, 'billing-accounts'), {
        query: { vendorId: contract.vendorId, pageSize: 500, sort: 'accountNumber' },
      }),
    enabled: editing !== null,
  });

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api(tenantApi(slug, `contracts/${contract.id}/accounts`), {
        method: 'PUT',
        body: { accountIds: editing },
      });
      setEditing(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder padding="md" data-testid="contract-accounts">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Billing accounts</Title>
        {canWrite && editing === null && (
          <Button
            size="xs"
            variant="default"
            onClick={() => setEditing(contract.accounts.map((a) => a.id))}
            data-testid="contract-accounts-edit"
          >
            Edit
          </Button>
        )}
      </Group>
      {editing === null ? (
        contract.accounts.length === 0 ? (
          <Text size="sm" c="dimmed">
            No linked accounts: commitment spend counts invoices of linked accounts only.
          </Text>
        ) : (
          <Group gap={6}>
            {contract.accounts.map((a) => (
              <Badge key={a.id} variant="light" color="gray">
                {a.accountNumber}
                {a.name ? ` · ${a.name}` : ''}
              </Badge>
            ))}
          </Group>
        )
      ) : (
        <>
          <MultiSelect
            searchable
            data={[
              ...contract.accounts.map((a) => ({ value: a.id, label: a.accountNumber })),
              ...(options.data?.items ?? [])
                .filter((i) => !contract.accounts.some((a) => a.id === i.id))
                .map((i) => ({ value: i.id, label: String(i.accountNumber) })),
            ]}
            value={editing}
            onChange={setEditing}
            placeholder={`Accounts of ${contract.vendor}`}
            data-testid="contract-accounts-select"
          />
          {error && (
            <Alert color="red" variant="light" mt="xs">
              {error}
            </Alert>
          )}
          <Group justify="flex-end" mt="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <Button size="xs" onClick={save} loading={busy} data-testid="contract-accounts-save">
              Save
            </Button>
          </Group>
        </>
      )}
    </Card>
  );
}
