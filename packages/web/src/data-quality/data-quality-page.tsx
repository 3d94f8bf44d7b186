import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { Drilldown } from './drilldown.tsx';
import { TrendChart } from './trend-chart.tsx';
import { formatScore, type Report, type RuleScore, scoreColor, type TrendPoint } from './types.ts';

/** Live scores of the inventory's data quality, their daily trend, and a way into each failing rule. */
export function DataQualityPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const qc = useQueryClient();
  const [open, setOpen] = useState<RuleScore | null>(null);
  const report = useQuery({
    queryKey: ['tenant', slug, 'dq', 'report'],
    queryFn: () => api<Report>(tenantApi(slug, 'data-quality')),
  });
  const trend = useQuery({
    queryKey: ['tenant', slug, 'dq', 'trend'],
    queryFn: () =>
      api<{ points: TrendPoint[] }>(tenantApi(slug, 'data-quality/trend'), { query: { days: 90 } }),
  });
  const snapshot = useMutation({
    mutationFn: () => api<Report>(tenantApi(slug, 'data-quality/snapshots'), { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tenant', slug, 'dq'] }),
  });
  const r = report.data;
  const domainTitle = (d: string) => r?.domains.find((x) => x.domain === d)?.title ?? d;
  // Keep the drawer's header in step with the live counts after a fix.
  const openRule = open ? (r?.rules.find((x) => x.id === open.id) ?? open) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline">
        <Group gap="sm" align="baseline">
          <Title order={2}>Data quality</Title>
          {r && (
            <Text c="dimmed" size="sm">
              live, {r.day}
            </Text>
          )}
        </Group>
        {can('service.write') && (
          <Button
            variant="light"
            onClick={() => snapshot.mutate()}
            loading={snapshot.isPending}
            data-testid="dq-take-snapshot"
          >
            Take snapshot
          </Button>
        )}
      </Group>
      {[report.error, trend.error, snapshot.error].filter(Boolean).map((e) => (
        <Alert key={errorMessage(e)} color="red" variant="light">
          {errorMessage(e)}
        </Alert>
      ))}
      {snapshot.isSuccess && (
        <Alert color="teal" variant="light" data-testid="dq-snapshot-done">
          Snapshot of {snapshot.data.day} stored: {formatScore(snapshot.data.overall)} overall.
        </Alert>
      )}
      {!r ? (
        <Skeleton h={140} />
      ) : (
        <SimpleGrid cols={{ base: 2, md: 6 }}>
          <Paper withBorder p="md">
            <Text size="sm" c="dimmed">
              Overall
            </Text>
            <Text fz={40} fw={700} c={scoreColor(r.overall)} data-testid="dq-overall-score">
              {formatScore(r.overall)}
            </Text>
          </Paper>
          {r.domains.map((d) => (
            <Paper withBorder p="md" key={d.domain} data-testid="dq-domain-score" data-domain={d.domain}>
              <Text size="sm" c="dimmed">
                {d.title}
              </Text>
              <Text fz={26} fw={600} c={scoreColor(d.score)}>
                {formatScore(d.score)}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <TrendChart points={trend.data?.points ?? []} />
      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Rules
        </Title>
        {!r ? (
          <Skeleton h={300} />
        ) : (
          <Table highlightOnHover striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Domain</Table.Th>
                <Table.Th ta="right">Failing</Table.Th>
                <Table.Th ta="right">Population</Table.Th>
                <Table.Th ta="right">Score</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.rules.map((rule) => (
                <Table.Tr
                  key={rule.id}
                  data-testid="dq-rule-row"
                  data-rule={rule.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => setOpen(rule)}
                >
                  <Table.Td>
                    <Tooltip label={rule.description} multiline w={320}>
                      <Text size="sm" fw={500} span>
                        {rule.title}
                      </Text>
                    </Tooltip>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {rule.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>{domainTitle(rule.domain)}</Table.Td>
                  <Table.Td ta="right" data-testid="dq-rule-failing">
                    {rule.failing.toLocaleString()}
                  </Table.Td>
                  <Table.Td ta="right">{rule.population.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">
                    <Badge color={scoreColor(rule.score)} variant="light">
                      {formatScore(rule.score)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant="subtle" disabled={rule.failing === 0}>
                      Drill down
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Drilldown key={openRule?.id ?? 'none'} rule={openRule} onClose={() => setOpen(null)} />
    </Stack>
  );
}
