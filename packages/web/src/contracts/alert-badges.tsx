import { Badge, Group, Tooltip } from '@mantine/core';
import { alertText, STATUS_COLORS, type TermAlert, THRESHOLD_COLORS } from './types.ts';

export function StatusBadge({ status }: { status: string }) {
  return (
    // max-content: a narrow table column must not cut a status to "EXPI…"
    <Badge
      size="sm"
      variant="light"
      color={STATUS_COLORS[status] ?? 'gray'}
      miw="max-content"
      data-testid="contract-status"
    >
      {status}
    </Badge>
  );
}

/** One badge per due alert, colored by how close the 120/90/45-day threshold is. */
export function AlertBadges({ alerts }: { alerts: TermAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {alerts.map((a) => (
        <Tooltip key={a.kind} label={alertText(a)}>
          <Badge
            size="sm"
            color={THRESHOLD_COLORS[a.threshold]}
            miw="max-content"
            data-testid="contract-alert"
          >
            {a.kind === 'expiry' ? 'expires' : 'notice'} {a.daysLeft}d
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
