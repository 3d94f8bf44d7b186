import { Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../api.ts';
import { amountSign, formatAmount } from '../money.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { Commitment } from './types.ts';

function Figure({ label, value, color }: { label: string; value: string; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} ff="monospace" c={color}>
        {value}
      </Text>
    </Stack>
  );
}

/** Spend against the minimum commitment: figures, and cumulative spend by month against the commitment line. */
export function CommitmentCard({ contractId }: { contractId: string }) {
  const slug = useTenantSlug();
  const q = useQuery({
    queryKey: ['tenant', slug, 'contracts', contractId, 'commitment'],
    queryFn: () => api<Commitment>(tenantApi(slug, `contracts/${contractId}/commitment`)),
  });
  if (q.isPending) return <Skeleton h={260} />;
  const s = q.data?.summary;
  if (!s) return null;
  // Numbers only to draw; every figure shown as text stays an exact decimal string.
  const data = (q.data?.series ?? []).map((p) => ({
    month: p.month,
    cumulative: p.cumulative === null ? null : Number(p.cumulative),
  }));
  const committed = s.committed === null ? null : Number(s.committed);
  return (
    <Card withBorder padding="md" data-testid="commitment-card">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Minimum commitment</Title>
        <Text size="sm" c="dimmed">
          {s.period} period {s.periodStart} – {s.periodEnd} · day {s.elapsedDays} of {s.periodDays}
        </Text>
      </Group>
      {s.kind === 'spend' ? (
        <SimpleGrid cols={4} mb="sm">
          <Figure label="Committed" value={formatAmount(s.committed, s.currency)} />
          <Figure label="Spend to date" value={formatAmount(s.spendToDate, s.currency)} />
          <Figure label="Projected" value={formatAmount(s.projected, s.currency)} />
          <Figure
            label="Projected shortfall"
            value={formatAmount(s.shortfall, s.currency)}
            color={amountSign(s.shortfall) === 1 ? 'red' : 'green'}
          />
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={3} mb="sm">
          <Figure label="Committed services" value={String(s.committedVolume)} />
          <Figure label="Services billed" value={String(s.servicesBilled)} />
          <Figure
            label="Shortfall"
            value={String(s.volumeShortfall)}
            color={(s.volumeShortfall ?? 0) > 0 ? 'red' : 'green'}
          />
        </SimpleGrid>
      )}
      {s.kind === 'spend' && data.length > 0 && (
        <div style={{ width: '100%', height: 220 }} data-testid="commitment-chart">
          <ResponsiveContainer>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="month" fontSize={12} />
              {/* the commitment line must stay in view even while spend is far below it */}
              <YAxis fontSize={12} width={80} domain={[0, (max: number) => Math.max(max, committed ?? 0)]} />
              <Tooltip formatter={(value) => formatAmount(String(value), s.currency)} />
              {committed !== null && (
                <ReferenceLine
                  y={committed}
                  stroke="var(--mantine-color-red-6)"
                  strokeDasharray="6 3"
                  label="commitment"
                />
              )}
              <Line
                type="linear"
                dataKey="cumulative"
                name="Cumulative spend"
                stroke="var(--mantine-color-blue-6)"
                connectNulls={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
