import { Alert, Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { AccountsCard } from './accounts-card.tsx';
import { AlertBadges, StatusBadge } from './alert-badges.tsx';
import { CommitmentCard } from './commitment-card.tsx';
import { ContractForm } from './contract-form.tsx';
import { DocumentsCard } from './documents-card.tsx';
import { RateItemsCard } from './rate-items-card.tsx';
import { alertText, type ContractDetail } from './types.ts';

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

export function ContractDetailPage() {
  const slug = useTenantSlug();
  const { id = '' } = useParams();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = ['tenant', slug, 'contracts', id];
  const q = useQuery({
    queryKey: [...key, 'detail'],
    queryFn: () => api<ContractDetail>(tenantApi(slug, `contracts/${encodeURIComponent(id)}`)),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['tenant', slug, 'contracts'] });
  const canWrite = can('contract.write');

  async function remove() {
    if (!q.data || !window.confirm(`Delete contract ${q.data.contractNumber} with its rate items?`)) return;
    setError(null);
    try {
      await api(tenantApi(slug, `contracts/${id}`), { method: 'DELETE' });
      await refresh();
      navigate(`/t/${slug}/contracts`);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (q.isPending) return <Skeleton h={400} />;
  if (q.error || !q.data)
    return (
      <Alert color="red" variant="light">
        {errorMessage(q.error)}
      </Alert>
    );
  const c = q.data;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/t/${slug}/contracts`} size="sm">
        ← Contracts
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm" align="center">
          <Title order={2} data-testid="contract-title">
            {c.contractNumber} · {c.name}
          </Title>
          <StatusBadge status={c.effectiveStatus} />
          <AlertBadges alerts={c.alerts} />
        </Group>
        {canWrite && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setEditing(true)} data-testid="contract-edit">
              Edit terms
            </Button>
            <Button variant="light" color="red" onClick={remove} data-testid="contract-delete">
              Delete
            </Button>
          </Group>
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light" data-testid="contract-error">
          {error}
        </Alert>
      )}
      {c.alerts.map((a) => (
        <Alert
          key={a.kind}
          color={a.threshold === 45 ? 'red' : 'orange'}
          variant="light"
          data-testid="contract-alert-banner"
        >
          {alertText(a)}
          {a.kind === 'notice' && c.autoRenew
            ? ' — after that date the contract renews for another term.'
            : ''}
        </Alert>
      ))}
      <Card withBorder padding="md" data-testid="contract-terms">
        <Title order={4} mb="xs">
          Terms
        </Title>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Term label="Vendor">{c.vendor}</Term>
          <Term label="Term">
            {c.termStart} – {c.termEnd ?? 'evergreen'}
          </Term>
          <Term label="Current term ends">{c.currentTermEnd ?? '—'}</Term>
          <Term label="Notice">
            {c.noticeDays} days{c.noticeDeadline ? ` (by ${c.noticeDeadline})` : ''}
          </Term>
          <Term label="Auto-renew">{c.autoRenew ? `yes, ${c.renewalMonths} months` : 'no'}</Term>
          <Term label="Currency">{c.currency}</Term>
          <Term label="Commitment">
            {c.commitmentKind === 'spend'
              ? `${formatAmount(c.commitmentAmount, c.currency)} ${c.commitmentPeriod}`
              : c.commitmentKind === 'volume'
                ? `${c.commitmentVolume} services ${c.commitmentPeriod}`
                : 'none'}
          </Term>
          <Term label="Updated">{c.updatedAt.slice(0, 10)}</Term>
        </SimpleGrid>
        {c.notes && (
          <Text size="sm" mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.notes}
          </Text>
        )}
      </Card>
      <AccountsCard contract={c} canWrite={canWrite} onChanged={refresh} />
      <CommitmentCard contractId={c.id} />
      <RateItemsCard
        contractId={c.id}
        currency={c.currency}
        items={c.rateItems}
        canWrite={canWrite}
        onChanged={refresh}
      />
      <DocumentsCard contractId={c.id} documents={c.documents} canWrite={canWrite} onChanged={refresh} />
      {editing && (
        <ContractForm
          contract={c}
          onClose={() => {
            setEditing(false);
          }}
        />
      )}
    </Stack>
  );
}
