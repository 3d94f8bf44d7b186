import { Alert, Anchor, Grid, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { ApprovalBar, InvoiceExceptions } from '../exceptions/invoice-panels.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { ChargeLines } from './charge-lines.tsx';
import { BalancesCard, HeaderCard, SourceCard, TotalsCheck } from './detail-cards.tsx';
import { KindChart } from './kind-chart.tsx';
import { InvoiceFlags } from './parts.tsx';
import { ServiceTable } from './service-table.tsx';
import type { InvoiceDetail } from './types.ts';

export function InvoiceDetailPage() {
  const slug = useTenantSlug();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const serviceId = params.get('service');
  const kind = params.get('kind');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const inv = useQuery({
    queryKey: ['tenant', slug, 'invoices', id],
    queryFn: () => api<InvoiceDetail>(tenantApi(slug, `invoices/${encodeURIComponent(id)}`)),
  });

  /** The charge-line filter lives in the URL; a new filter starts at page 1. */
  const select = (patch: { serviceId?: string | null; kind?: string | null; page?: number }) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        const set = (k: string, v: string | null | undefined) => (v ? next.set(k, v) : next.delete(k));
        if ('serviceId' in patch) set('service', patch.serviceId);
        if ('kind' in patch) set('kind', patch.kind);
        set('page', patch.page && patch.page > 1 ? String(patch.page) : null);
        return next;
      },
      { replace: true },
    );

  if (inv.error) return <Alert color="red">{errorMessage(inv.error)}</Alert>;
  if (!inv.data) return <Skeleton h={500} />;
  const d = inv.data;
  return (
    <Stack gap="md" data-testid="invoice-detail" data-id={d.id}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Anchor component={Link} to={`/t/${slug}/invoices`} size="sm">
            ← Invoices
          </Anchor>
          <Group gap="sm" align="center">
            <Title order={2}>Invoice {d.invoiceNumber}</Title>
            <InvoiceFlags inv={d} />
          </Group>
          <Text size="sm" c="dimmed">
            {d.vendor} · account {d.accountNumber}
          </Text>
        </div>
      </Group>
      <ApprovalBar inv={d} />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        <HeaderCard inv={d} slug={slug} />
        <BalancesCard inv={d} />
        <TotalsCheck inv={d} />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <KindChart groups={d.groups} currency={d.currency} total={d.currentCharges} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <SourceCard inv={d} slug={slug} />
        </Grid.Col>
      </Grid>
      <InvoiceExceptions invoiceId={d.id} />
      <ServiceTable
        groups={d.groups}
        currency={d.currency}
        serviceId={serviceId}
        kind={kind}
        onSelect={(s, k) => select({ serviceId: s, kind: k })}
      />
      <ChargeLines
        invoiceId={d.id}
        currency={d.currency}
        serviceId={serviceId}
        kind={kind}
        page={page}
        onChange={select}
      />
    </Stack>
  );
}
