import { Anchor, Box, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Money } from '../invoices/parts.tsx';
import { formatAmount } from '../money.ts';
import type { ExceptionDetail } from './types.ts';

/** "disconnectedOn" → "Disconnected on", "account_number" → "Account number". */
export function labelOf(key: string): string {
  const words = key
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MONEY_KEY =
  /amount|billed|expected|variance|rate|price|charge|total|cost|credit|mrc|commit|spend|shortfall|projected|overage|excess|difference|delta|fee|tax|balance|paid/i;
const DECIMAL = /^-?\d+\.\d+$/;
/** left padding (12) and border (2) of a nested group */
const INDENT = 14;
const LINKS: Record<string, string> = {
  serviceId: 'services',
  invoiceId: 'invoices',
  contractId: 'contracts',
  supersedesId: 'invoices',
};

function Leaf({ name, value, slug }: { name: string; value: unknown; slug: string }): ReactNode {
  if (value === null || value === undefined || value === '')
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  const text = String(value);
  const link = LINKS[name];
  if (link) {
    return (
      <Anchor component={Link} to={`/t/${slug}/${link}/${encodeURIComponent(text)}`} size="sm" ff="monospace">
        {text}
      </Anchor>
    );
  }
  if (MONEY_KEY.test(name) && DECIMAL.test(text)) return <Money value={text} />;
  return text;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A nested evidence object as an indented key/value list; arrays of objects become numbered groups. */
export function KeyValues({
  value,
  slug,
  depth = 0,
}: {
  value: Record<string, unknown>;
  slug: string;
  depth?: number;
}) {
  const entries = Object.entries(value);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack
      gap={4}
      pl={depth ? 'sm' : 0}
      style={depth ? { borderLeft: '2px solid var(--mantine-color-gray-3)' } : undefined}
    >
      {entries.map(([k, v]) => (
        <Entry key={k} name={k} value={v} slug={slug} depth={depth} />
      ))}
    </Stack>
  );
}

function Entry({ name, value, slug, depth }: { name: string; value: unknown; slug: string; depth: number }) {
  if (isPlainObject(value)) {
    return (
      <Box data-testid="evidence-group" data-key={name}>
        <Text
          size={depth ? 'sm' : 'xs'}
          fw={700}
          tt={depth ? undefined : 'uppercase'}
          c={depth ? undefined : 'dimmed'}
          mt={depth ? 0 : 6}
        >
          {labelOf(name)}
        </Text>
        <KeyValues value={value} slug={slug} depth={depth + 1} />
      </Box>
    );
  }
  if (Array.isArray(value)) {
    if (value.every((v) => !isPlainObject(v) && !Array.isArray(v))) {
      return (
        <Row name={name} depth={depth}>
          {value.length ? (
            value.map((v) => String(v)).join(', ')
          ) : (
            <Text span c="dimmed">
              none
            </Text>
          )}
        </Row>
      );
    }
    return (
      <Box data-testid="evidence-group" data-key={name}>
        <Text
          size={depth ? 'sm' : 'xs'}
          fw={700}
          tt={depth ? undefined : 'uppercase'}
          c={depth ? undefined : 'dimmed'}
          mt={depth ? 0 : 6}
        >
          {labelOf(name)} ({value.length})
        </Text>
        {/* each item is its own indented group */}
        <Stack gap={6}>
          {value.map((v, i) =>
            isPlainObject(v) ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: evidence arrays are fixed snapshots
              <KeyValues key={i} value={v} slug={slug} depth={depth + 1} />
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: evidence arrays are fixed snapshots
              <Code key={i}>{JSON.stringify(v)}</Code>
            ),
          )}
        </Stack>
      </Box>
    );
  }
  return (
    <Row name={name} depth={depth}>
      <Leaf name={name} value={value} slug={slug} />
    </Row>
  );
}

/** Labels shrink with nesting so every value starts in the same column. */
function Row({ name, depth, children }: { name: string; depth: number; children: ReactNode }) {
  return (
    <Group gap="md" wrap="nowrap" align="flex-start" data-testid="evidence-row" data-key={name}>
      <Text size="sm" c="dimmed" w={180 - depth * INDENT} style={{ flexShrink: 0 }}>
        {labelOf(name)}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: 'break-word' }}>
        {children}
      </Text>
    </Group>
  );
}

function Figure({
  label,
  value,
  currency,
  strong,
  testId,
}: {
  label: string;
  value: string | null;
  currency: string;
  strong?: boolean;
  testId: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text
        fz={strong ? 28 : 22}
        fw={strong ? 800 : 600}
        ff="monospace"
        c={strong ? 'red.8' : value === null ? 'gray.5' : undefined}
        data-testid={testId}
        style={{ whiteSpace: 'nowrap' }}
      >
        {formatAmount(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {value === null ? 'unknown' : currency}
      </Text>
    </div>
  );
}

/** Billed, expected and the variance side by side: the three numbers an analyst decides on. */
export function MoneySummary({ e }: { e: ExceptionDetail }) {
  return (
    <Card withBorder padding="md" data-testid="exception-money">
      <SimpleGrid cols={3} spacing="md">
        <Figure label="Billed" value={e.billed} currency={e.currency} testId="money-billed" />
        <Figure label="Expected" value={e.expected} currency={e.currency} testId="money-expected" />
        <Figure
          label="Money at stake"
          value={e.variance}
          currency={e.currency}
          strong
          testId="money-variance"
        />
      </SimpleGrid>
    </Card>
  );
}

export function EvidenceCard({ e, slug }: { e: ExceptionDetail; slug: string }) {
  return (
    <Card withBorder padding="md" data-testid="exception-evidence">
      <Title order={4} mb="xs">
        Evidence
      </Title>
      <KeyValues value={e.evidence ?? {}} slug={slug} />
    </Card>
  );
}
