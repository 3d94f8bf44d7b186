import { Box, Card, Group, RingProgress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { amountSign, formatAmount, sumAmounts } from '../money.ts';
import { Money } from './parts.tsx';
import { type ChargeGroup, KIND_COLORS, KINDS, kindLabel } from './types.ts';

interface Slice {
  kind: string;
  amount: string;
  /** For drawing only: a proportion needs a number, the labels keep the exact string. */
  value: number;
}

/** Current charges (info-only lines excluded) summed by kind, exactly. */
export function byKind(groups: ChargeGroup[]): Slice[] {
  const kinds = [...KINDS, ...new Set(groups.map((g) => g.kind).filter((k) => !KINDS.includes(k as never)))];
  return kinds
    .map((kind) => {
      const amount = sumAmounts(groups.filter((g) => g.kind === kind && !g.infoOnly).map((g) => g.amount));
      return { kind, amount, value: Number(amount) };
    })
    .filter((s) => amountSign(s.amount) !== 0);
}

const cssColor = (c: string) => `var(--mantine-color-${c.replace('.', '-')})`;

/**
 * Donut of the positive kinds plus a bar per kind. Credits are negative, which a donut cannot
 * show, so the bars diverge from a zero line and credits extend to the left in their own color.
 */
export function KindChart({
  groups,
  currency,
  total,
}: {
  groups: ChargeGroup[];
  currency: string;
  total: string;
}) {
  const slices = byKind(groups);
  const positive = slices.filter((s) => s.value > 0);
  const posSum = positive.reduce((a, s) => a + s.value, 0);
  const maxPos = Math.max(0, ...slices.map((s) => s.value));
  const maxNeg = Math.max(0, ...slices.map((s) => -s.value));
  const span = maxPos + maxNeg || 1;
  const zero = (maxNeg / span) * 100;
  return (
    <Card withBorder padding="md" data-testid="kind-chart">
      <Title order={4} mb="xs">
        Current charges by kind
      </Title>
      {slices.length === 0 ? (
        <Text size="sm" c="dimmed">
          No charges.
        </Text>
      ) : (
        <Group align="center" gap="lg" wrap="nowrap">
          <RingProgress
            size={150}
            thickness={20}
            roundCaps={false}
            sections={positive.map((s) => ({
              value: posSum > 0 ? (s.value / posSum) * 100 : 0,
              color: KIND_COLORS[s.kind] ?? 'gray.6',
              tooltip: `${kindLabel(s.kind)}: ${formatAmount(s.amount, currency)}`,
            }))}
            label={
              <Stack gap={0} align="center">
                <Text size="xs" c="dimmed">
                  Total
                </Text>
                <Text size="xs" fw={700} ff="monospace">
                  {formatAmount(total)}
                </Text>
              </Stack>
            }
          />
          <Stack gap={6} style={{ flex: 1 }} miw={0}>
            {slices.map((s) => (
              <Box key={s.kind} data-kind={s.kind}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Group gap={6} wrap="nowrap">
                    <Box
                      w={10}
                      h={10}
                      style={{ borderRadius: 2, background: cssColor(KIND_COLORS[s.kind] ?? 'gray.6') }}
                    />
                    <Text size="xs">{kindLabel(s.kind)}</Text>
                  </Group>
                  <Money value={s.amount} currency={currency} fz="xs" />
                </Group>
                <Tooltip label={`${kindLabel(s.kind)}: ${formatAmount(s.amount, currency)}`} withinPortal>
                  <Box pos="relative" h={8} mt={2} bg="gray.1" style={{ borderRadius: 2 }}>
                    {maxNeg > 0 && (
                      <Box pos="absolute" top={-2} bottom={-2} left={`${zero}%`} w={1} bg="gray.5" />
                    )}
                    <Box
                      pos="absolute"
                      top={0}
                      bottom={0}
                      left={`${s.value < 0 ? zero - (-s.value / span) * 100 : zero}%`}
                      w={`${(Math.abs(s.value) / span) * 100}%`}
                      bg={KIND_COLORS[s.kind] ?? 'gray.6'}
                      style={{ borderRadius: 2, minWidth: 2 }}
                    />
                  </Box>
                </Tooltip>
              </Box>
            ))}
          </Stack>
        </Group>
      )}
    </Card>
  );
}
