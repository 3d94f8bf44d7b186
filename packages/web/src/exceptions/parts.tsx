import { Badge, Stack, Text, type TextProps } from '@mantine/core';
import { formatDay } from '../invoices/parts.tsx';
import { SEVERITY_COLORS, STATE_COLORS, STATE_LABELS, STATE_SHORT_LABELS } from './types.ts';

export function SeverityBadge({ severity, blocking }: { severity: string; blocking?: boolean }) {
  return (
    <Stack gap={2} align="flex-start">
      <Badge
        size="sm"
        variant={severity === 'critical' ? 'filled' : 'light'}
        color={SEVERITY_COLORS[severity] ?? 'gray'}
        miw="max-content"
        data-testid="severity-badge"
      >
        {severity}
      </Badge>
      {blocking && (
        <Text
          size="xs"
          c="red.7"
          fw={600}
          title="Blocks full approval of the invoice"
          data-testid="blocking-mark"
        >
          blocking
        </Text>
      )}
    </Stack>
  );
}

export function StateBadge({
  state,
  size = 'sm',
  short = false,
}: {
  state: string;
  size?: 'sm' | 'md' | 'lg';
  short?: boolean;
}) {
  return (
    <Badge
      size={size}
      variant="light"
      color={STATE_COLORS[state] ?? 'gray'}
      miw="max-content"
      data-testid="state-badge"
      data-state={state}
      title={short ? STATE_LABELS[state] : undefined}
    >
      {(short ? STATE_SHORT_LABELS : STATE_LABELS)[state] ?? state}
    </Badge>
  );
}

/** The due date, red and marked when the finding is overdue. */
export function DueDate({
  dueOn,
  overdue,
  compact = false,
  ...rest
}: { dueOn: string | null; overdue: boolean; compact?: boolean } & TextProps) {
  if (!dueOn)
    return (
      <Text span c="dimmed" size="sm" {...rest}>
        —
      </Text>
    );
  return (
    <Text
      span
      size="sm"
      c={overdue ? 'red.7' : undefined}
      fw={overdue ? 600 : undefined}
      style={{ whiteSpace: 'nowrap' }}
      title={overdue ? 'Overdue' : undefined}
      data-testid="due-date"
      data-overdue={overdue}
      {...rest}
    >
      {formatDay(dueOn)}
      {overdue && !compact ? ' · overdue' : ''}
    </Text>
  );
}

export const days = (n: number) => `${n.toLocaleString()} day${n === 1 ? '' : 's'}`;
