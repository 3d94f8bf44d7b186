import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { period } from '../invoices/parts.tsx';
import type { MappingNavState } from '../mapping/mapping-page.tsx';
import { formatAmount } from '../money.ts';
import { ErrorText, Warnings } from './issues.tsx';
import { STATUS_COLORS } from './types.ts';
import type { Upload } from './use-uploads.ts';

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;

/** Files the column-mapping wizard can read (CSV variants and spreadsheets). */
const MAPPABLE = /\.(csv|xlsx|xls|txt)$/i;

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, (part / whole) * 100) : 0);

/** What the card's status badge and data-status say: the file's outcome once there is one. */
function statusOf(u: Upload): string {
  if (u.phase === 'done') return u.job?.result?.status ?? 'failed';
  return u.phase;
}

function Invoices({ u, slug }: { u: Upload; slug: string }) {
  const invoices = u.job?.result?.invoices ?? [];
  if (invoices.length === 0) return null;
  return (
    <Table fz="sm" verticalSpacing={4} withTableBorder data-testid="import-invoices">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Invoice</Table.Th>
          <Table.Th>Vendor</Table.Th>
          <Table.Th>Account</Table.Th>
          <Table.Th>Period</Table.Th>
          <Table.Th ta="right">Charges</Table.Th>
          <Table.Th ta="right">Current charges</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {invoices.map((inv) => (
          <Table.Tr key={inv.id}>
            <Table.Td>
              <Anchor component={Link} to={`/t/${slug}/invoices/${inv.id}`} size="sm">
                {inv.invoiceNumber}
              </Anchor>
              {inv.supersedes && (
                <Badge size="xs" ml={6} variant="light" color="grape">
                  correction
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{inv.vendor}</Table.Td>
            <Table.Td>{inv.accountNumber}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{period(inv.periodStart, inv.periodEnd)}</Table.Td>
            <Table.Td ta="right">{inv.chargeCount.toLocaleString()}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatAmount(inv.currentCharges, inv.currency)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Conflicts({ u, slug, onResolve }: Props) {
  const r = u.job?.result;
  if (r?.status !== 'conflict') return null;
  return (
    <Alert color="orange" variant="light" title="Already imported with different content" p="sm">
      <Stack gap={6}>
        <Text size="sm">
          These invoice numbers exist for the same account. Nothing was saved; choose how to import the file:
        </Text>
        <Stack gap={2} data-testid="import-conflicts">
          {r.conflicts.map((c) => (
            <Text size="sm" key={`${c.accountNumber}/${c.invoiceNumber}`}>
              Invoice{' '}
              <Anchor component={Link} to={`/t/${slug}/invoices/${c.existingId}`} size="sm">
                {c.invoiceNumber}
              </Anchor>{' '}
              on account {c.accountNumber}
            </Text>
          ))}
        </Stack>
        <Group gap="xs">
          <Button size="xs" onClick={() => onResolve(u, 'replace')} data-testid="import-replace">
            Import as correction (replace)
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => onResolve(u, 'keep_both')}
            data-testid="import-keep-both"
          >
            Keep both
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

interface Props {
  u: Upload;
  slug: string;
  onResolve: (u: Upload, onConflict: 'replace' | 'keep_both') => void;
}

export function UploadCard({ u, slug, onResolve }: Props) {
  const status = statusOf(u);
  const r = u.job?.result ?? null;
  const job = u.job;
  const busy = u.phase === 'uploading' || u.phase === 'importing';
  const value = u.phase === 'uploading' ? pct(u.sent, u.file.size) : job ? pct(job.bytes, job.total) : 0;
  return (
    <Paper withBorder p="sm" data-testid="import-result" data-status={status} data-file={u.file.name}>
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Text fw={600} size="sm" truncate>
              {u.file.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {formatBytes(u.file.size)}
            </Text>
            {r?.format && (
              <Badge size="sm" variant="outline" color="gray">
                {r.format}
              </Badge>
            )}
            {u.onConflict && u.onConflict !== 'reject' && (
              <Badge size="sm" variant="outline" color="grape">
                {u.onConflict === 'replace' ? 'as correction' : 'keep both'}
              </Badge>
            )}
          </Group>
          <Badge
            color={STATUS_COLORS[status] ?? 'gray'}
            variant={busy ? 'light' : 'filled'}
            data-testid="import-status"
          >
            {status}
          </Badge>
        </Group>
        {busy && (
          <Stack gap={2}>
            <Progress value={value} animated={u.phase === 'importing'} striped={u.phase === 'importing'} />
            <Text size="xs" c="dimmed">
              {u.phase === 'uploading'
                ? `Uploading ${formatBytes(u.sent)} of ${formatBytes(u.file.size)}`
                : `Importing ${formatBytes(job?.bytes ?? 0)} of ${formatBytes(job?.total ?? u.file.size)}`}
            </Text>
          </Stack>
        )}
        {u.error && (
          <Text size="sm" c="red.8" data-testid="import-error">
            {u.error}
          </Text>
        )}
        {/* A conflict's "error" only restates the question the conflict panel asks. */}
        {r?.error && r.status !== 'conflict' && <ErrorText error={r.error} />}
        {r?.status === 'rejected' && r.error?.code === 'unknown_format' && MAPPABLE.test(u.file.name) && (
          <Text size="sm">
            A carrier export TEMOps does not know yet?{' '}
            <Anchor
              component={Link}
              to={`/t/${slug}/mapping-profiles`}
              state={{ file: u.file } satisfies MappingNavState}
              size="sm"
              data-testid="import-map-columns"
            >
              Map its columns
            </Anchor>
          </Text>
        )}
        {r?.status === 'duplicate' && (
          <Text size="sm" c="dimmed">
            This exact file was imported before; nothing changed.
          </Text>
        )}
        {r && <Warnings warnings={r.warnings} />}
        <Conflicts u={u} slug={slug} onResolve={onResolve} />
        <Invoices u={u} slug={slug} />
      </Stack>
    </Paper>
  );
}
