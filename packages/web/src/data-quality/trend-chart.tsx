import { Paper, Text, Title } from '@mantine/core';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatScore, type TrendPoint } from './types.ts';

const SERIES: { key: keyof Omit<TrendPoint, 'day'>; name: string; color: string; width: number }[] = [
  { key: 'overall', name: 'Overall', color: '#1c7ed6', width: 3 },
  { key: 'ownership', name: 'Ownership', color: '#12b886', width: 1.5 },
  { key: 'assignment', name: 'Assignment', color: '#fab005', width: 1.5 },
  { key: 'contracts', name: 'Contracts', color: '#7048e8', width: 1.5 },
  { key: 'currency_of_data', name: 'Currency of data', color: '#e8590c', width: 1.5 },
  { key: 'identity', name: 'Identity', color: '#e64980', width: 1.5 },
];

/** Overall and per-domain scores from the daily snapshots. */
export function TrendChart({ points }: { points: TrendPoint[] }) {
  return (
    <Paper withBorder p="md" data-testid="dq-trend">
      <Title order={4} mb="xs">
        Trend (last 90 days)
      </Title>
      {points.length === 0 ? (
        <Text c="dimmed" size="sm">
          No snapshots yet. The server takes one a day; “Take snapshot” stores today’s now.
        </Text>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={12} />
            {/* from the nearest 10 % below the lowest score, so a week's progress is visible */}
            <YAxis
              domain={[(min: number) => Math.max(0, Math.floor(min / 10) * 10), 100]}
              unit="%"
              fontSize={12}
              width={48}
            />
            <Tooltip formatter={(v) => formatScore(typeof v === 'number' ? v : null)} />
            <Legend />
            {SERIES.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                strokeWidth={s.width}
                dot={points.length < 2}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </Paper>
  );
}
