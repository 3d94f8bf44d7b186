import { Anchor, Badge, Card, Code, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, humanize } from '../meta.ts';
import { amountSign } from '../money.ts';
import { tenantApi } from '../shell/tenant.tsx';
import { count, formatDay, Money, period, STATUS_COLORS } from './parts.tsx';
import type { InvoiceDetail } from './types.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Row({ label, children, strong }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" fw={strong ? 600 : undefined}>
        {label}
      </Text>
      {children}
    </Group>
  );
}

export function HeaderCard({ inv, slug }: { inv: InvoiceDetail; slug: string }) {
  return (
    <Card withBorder padding="md" data-testid="invoice-header">
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
        <Field label="Vendor">{inv.vendor}</Field>
        <Field label="Account">
          <Anchor component={Link} to={`/t/${slug}/invoices?accountId=${inv.accountId ?? ''}`} size="sm">
            {inv.accountNumber}
          </Anchor>
        </Field>
        <Field label="Invoice number">{inv.invoiceNumber}</Field>
        <Field label="Status">
          <Group gap={4}>
            <Badge size="sm" variant="light" color={STATUS_COLORS[inv.status] ?? 'gray'}>
              {humanize(inv.status)}
            </Badge>
            {inv.isCredit && (
              <Badge size="sm" variant="light" color="green">
                credit
              </Badge>
            )}
          </Group>
        </Field>
        <Field label="Invoice date">{formatDay(inv.invoiceDate) || '—'}</Field>
        <Field label="Due date">{formatDay(inv.dueDate) || '—'}</Field>
        <Field label="Period">{period(inv.periodStart, inv.periodEnd)}</Field>
        <Field label="Currency">{inv.currency}</Field>
        <Field label="Charges">
          {count(inv.chargeCount, 'line')} · {count(inv.serviceCount, 'service')}
        </Field>
        {inv.supersedesId && (
          <Field label="Corrects">
            <Anchor component={Link} to={`/t/${slug}/invoices/${inv.supersedesId}`} size="sm">
              the earlier invoice
            </Anchor>
          </Field>
        )}
      </SimpleGrid>
    </Card>
  );
}

export function BalancesCard({ inv }: { inv: InvoiceDetail }) {
  const c = inv.currency;
  return (
    <Card withBorder padding="md" data-testid="balances">
      <Title order={4} mb="xs">
        Balances
      </Title>
      <Stack gap={6}>
        <Row label="Previous balance">
          <Money value={inv.previousBalance} currency={c} />
        </Row>
        <Row label="Payments">
          <Money value={inv.payments} currency={c} />
        </Row>
        <Row label="Adjustments">
          <Money value={inv.adjustments} currency={c} />
        </Row>
        <Row label="Current charges">
          <Money value={inv.currentCharges} currency={c} />
        </Row>
        <Row label="Total due" strong>
          <Money value={inv.totalDue} currency={c} fw={700} />
        </Row>
      </Stack>
    </Card>
  );
}

export function TotalsCheck({ inv }: { inv: InvoiceDetail }) {
  const c = inv.currency;
  const stated = inv.statedCurrentCharges !== null;
  const diff = amountSign(inv.controlDifference);
  const ok = !stated || diff === 0 || diff === null;
  const color = !stated ? 'gray' : ok ? 'green' : 'red';
  return (
    <Card
      withBorder
      padding="md"
      data-testid="totals-check"
      data-ok={ok}
      style={{ borderColor: `var(--mantine-color-${color}-4)`, borderWidth: stated ? 2 : 1 }}
    >
      <Group justify="space-between" mb="xs">
        <Title order={4}>Totals check</Title>
        <Badge color={color} variant="light">
          {!stated ? 'not stated' : ok ? 'totals agree' : 'totals differ'}
        </Badge>
      </Group>
      <Stack gap={6}>
        <Row label="Stated current charges">
          <Money value={inv.statedCurrentCharges} currency={c} />
        </Row>
        <Row label="Computed from charge lines">
          <Money value={inv.currentCharges} currency={c} />
        </Row>
        <Row label="Difference" strong>
          <Money value={inv.controlDifference} currency={c} fw={700} c={`${color}.8`} />
        </Row>
        {amountSign(inv.infoOnly) ? (
          <Row label="Info-only lines (not counted)">
            <Money value={inv.infoOnly} currency={c} c="dimmed" />
          </Row>
        ) : null}
      </Stack>
      {!stated && (
        <Text size="xs" c="dimmed" mt="xs">
          The file does not state current charges, so there is nothing to check against.
        </Text>
      )}
      {inv.warnings.length > 0 && (
        <List size="xs" mt="sm" spacing={2} c="orange.9" data-testid="invoice-warnings">
          {inv.warnings.map((w) => (
            <List.Item key={`${w.code}:${w.message}`}>
              {w.message}{' '}
              <Text span size="xs" c="dimmed">
                ({w.code})
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

export function SourceCard({ inv, slug }: { inv: InvoiceDetail; slug: string }) {
  const f = inv.file;
  return (
    <Card withBorder padding="md" data-testid="source-file">
      <Title order={4} mb="xs">
        Source file
      </Title>
      {f ? (
        <Stack gap={6}>
          <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
            {f.name}
          </Text>
          <Group gap="xs">
            {f.format && <Code fz="xs">{f.format}</Code>}
            <Text size="xs" c="dimmed" title={f.sha256} ff="monospace">
              sha256 {f.sha256.slice(0, 12)}…
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {inv.source ? `Found at ${inv.source} · ` : ''}imported {formatDateTime(inv.importedAt)}
          </Text>
          <Group gap="md">
            <Anchor
              href={tenantApi(slug, `invoices/${encodeURIComponent(inv.id)}/source`)}
              download={f.name}
              size="sm"
              data-testid="download-source"
            >
              Download source file
            </Anchor>
            <Anchor component={Link} to={`/t/${slug}/imports?batch=${f.batchId}`} size="sm">
              Import history
            </Anchor>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          The source file is not kept.
        </Text>
      )}
    </Card>
  );
}
