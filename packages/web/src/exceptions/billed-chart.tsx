import { Card, Group, Text, Title } from '@mantine/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatAmount } from '../money.ts';
import type { ExceptionDetail } from './types.ts';

const BAR = 'var(--mantine-color-blue-4)';
const HIGHLIGHT = 'var(--mantine-color-red-6)';

/**
 * Twelve months billed for the finding's service (or account), the finding's month in red.
 * Bar heights are floats; tooltips keep the exact decimal string.
 */
export function BilledChart({ e }: { e: ExceptionDetail }) {
  const rows = e.chart.map((p) => ({ ...p, value: Number(p.billed) }));
  const subject = e.serviceIdentifier
    ? `service ${e.serviceIdentifier}`
    : e.accountNumber
      ? `account ${e.accountNumber}`
      : null;
  // A line at zero says nothing the axis does not, and its label would sit on the month labels.
  const expected =
    e.expected !== null && e.serviceIdentifier && Number(e.expected) > 0 ? Number(e.expected) : null;
  return (
    <Card withBorder padding="md" data-testid="exception-chart">
      <Group justify="space-between" mb="xs" align="baseline">
        <Title order={4}>Billed by month</Title>
        {subject && (
          <Text size="xs" c="dimmed">
            {subject} · last 12 months · {e.currency}
          </Text>
        )}
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {subject
            ? 'Nothing billed in the last 12 months.'
            : 'This exception is about the vendor as a whole, not one service or account.'}
        </Text>
      ) : (
        <div style={{ width: '100%', height: 240 }}>
          <ResponsiveContainer>
            <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="period" fontSize={12} />
              <YAxis fontSize={12} width={70} />
              <Tooltip formatter={(_v, _n, item) => formatAmount(item.payload.billed, e.currency)} />
              {expected !== null && (
                <ReferenceLine
                  y={expected}
                  stroke="var(--mantine-color-green-7)"
                  strokeDasharray="6 3"
                  label={{ value: 'expected', position: 'insideTopRight', fontSize: 11 }}
                />
              )}
              <Bar dataKey="value" name="Billed" isAnimationActive={false}>
                {rows.map((r) => (
                  <Cell
                    key={r.period}
                    fill={r.period === e.period ? HIGHLIGHT : BAR}
                    data-testid={r.period === e.period ? 'chart-highlight' : undefined}
                  />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {e.period && rows.length > 0 && (
        <Group gap={6} mt={4}>
          <div style={{ width: 10, height: 10, background: HIGHLIGHT, borderRadius: 2 }} />
          <Text size="xs" c="dimmed">
            {e.period}, the month this exception is about
          </Text>
        </Group>
      )}
    </Card>
  );
}
