import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { useUser } from '../auth.tsx';
import { formatDateTime, roleLabel, useRoles } from '../meta.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { CreateTokenModal } from './create-token.tsx';

interface Token {
  id: string;
  name: string;
  role: string;
  prefix: string;
  owner: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
function TokenStatus({ t }: { t: Token }) {
  if (t.revokedAt) {
    return (
      <Badge color="gray" size="sm" title={`Revoked ${formatDateTime(t.revokedAt)}`}>
        revoked
      </Badge>
    );
  }
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) {
    return (
      <Badge color="orange" size="sm" variant="light" title={formatDateTime(t.expiresAt)}>
        expired
      </Badge>
    );
  }
  return (
    <Badge color="green" size="sm" variant="light">
      active
    </Badge>
  );
}

export function TokensPage() {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const can = useCan();
  const { user } = useUser();
  const { data: roles } = useRoles();
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: ['tenant', slug, 'tokens'],
    queryFn: () => api<Token[]>(tenantApi(slug, 'tokens')),
  });
  const mayRevoke = (t: Token) =>
    !t.revokedAt && (can('token.manage') || [user.email, user.id, user.name].includes(t.owner));

  async function revoke(t: Token) {
    setError(null);
    try {
      await api(tenantApi(slug, `tokens/${t.id}`), { method: 'DELETE' });
      await qc.invalidateQueries({ queryKey: ['tenant', slug, 'tokens'] });
    } catch (err) {
      setError(errorMessage(err));
    }
    setConfirm(null);
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>API tokens</Title>
        {can('token.create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-token">
            Create token
          </Button>
        )}
      </Group>
      {(tokens.error || error) && (
        <Alert color="red" variant="light">
          {error ?? errorMessage(tokens.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={800}>
        <Table striped withTableBorder verticalSpacing={6} bg="white" data-testid="tokens-table">
          <Table.Thead>
            <Table.Tr>
              {['Name', 'Role', 'Prefix', 'Owner', 'Created', 'Last used', 'Status', ''].map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((t) => (
              <Table.Tr key={t.id} data-testid="token-row" c={t.revokedAt ? 'dimmed' : undefined}>
                <Table.Td fw={500}>{t.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" size="sm">
                    {roleLabel(roles, t.role)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Code>{t.prefix}…</Code>
                </Table.Td>
                <Table.Td>{t.owner}</Table.Td>
                <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</Table.Td>
                <Table.Td>
                  <TokenStatus t={t} />
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {mayRevoke(t) &&
                    (confirm === t.id ? (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button
                          size="compact-xs"
                          color="red"
                          onClick={() => revoke(t)}
                          data-testid="confirm-revoke"
                        >
                          Revoke
                        </Button>
                        <Button size="compact-xs" variant="default" onClick={() => setConfirm(null)}>
                          Keep
                        </Button>
                      </Group>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setConfirm(t.id)}
                        data-testid="revoke-token"
                      >
                        Revoke
                      </Button>
                    ))}
                </Table.Td>
              </Table.Tr>
            ))}
            {tokens.data?.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  <Text c="dimmed" ta="center" py="md" size="sm">
                    No API tokens yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {creating && <CreateTokenModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}
