import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../api.ts';
import { formatDateTime, type Page } from '../meta.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { RefLabel } from './ref-label.tsx';
import { type AuditRun, useAuditRules } from './types.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

const duration = (ms: number | null) =>
  ms === null
    ? '—'
    : ms < 1000
      ? `${ms} ms`
      : ms < 60_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${(ms / 60_000).toFixed(1)} min`;

const STATUS_COLORS: Record<string, string> = {
  succeeded: 'green',
  done: 'green',
  running: 'blue',
  failed: 'red',
};

/** A run's scope as the user set it: vendor, account, invoice and period, or "everything". */
function Scope({ scope }: { scope: Record<string, unknown> | null }) {
  const s = scope ?? {};
  const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : null);
  const parts = [
    str('vendorId') && (
      <Text key="v" span size="sm">
        vendor <RefLabel refPlural="vendors" id={str('vendorId')} />
      </Text>
    ),
    str('accountId') && (
      <Text key="a" span size="sm">
        account <RefLabel refPlural="billing-accounts" id={str('accountId')} />
      </Text>
    ),
    str('invoiceId') && (
      <Text key="i" span size="sm">
        one invoice
      </Text>
    ),
    // an import's run names how many invoices the file brought
    typeof s.invoices === 'number' && (
      <Text key="n" span size="sm">
        {s.invoices.toLocaleString()} imported invoice{s.invoices === 1 ? '' : 's'}
      </Text>
    ),
    str('period') && (
      <Text key="p" span size="sm">
        period {str('period')}
      </Text>
    ),
    Array.isArray(s.rules) && s.rules.length > 0 && (
      <Text key="r" span size="sm">
        {s.rules.length} rule{s.rules.length === 1 ? '' : 's'}
      </Text>
    ),
  ].filter(Boolean);
  return parts.length ? (
    <Group gap={6}>{parts}</Group>
  ) : (
    <Text span size="sm" c="dimmed">
      everything
    </Text>
  );
}

function RuleBreakdown({ run, names }: { run: AuditRun; names: Map<string, string> }) {
  const rows = Object.entries(run.rules ?? {}).sort(
    (a, b) => b[1].opened + b[1].stillOpen - (a[1].opened + a[1].stillOpen) || a[0].localeCompare(b[0]),
  );
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed" p="xs">
        No per-rule figures.
      </Text>
    );
  return (
    <Table fz="xs" verticalSpacing={3} withTableBorder bg="gray.0" data-testid="run-breakdown">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Rule</Table.Th>
          <Table.Th ta="right">Candidates</Table.Th>
          <Table.Th ta="right">Opened</Table.Th>
          <Table.Th ta="right">Reopened</Table.Th>
          <Table.Th ta="right">Still open</Table.Th>
          <Table.Th ta="right">Closed</Table.Th>
          <Table.Th ta="right">Time</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([code, r]) => (
          <Table.Tr key={code}>
            <Table.Td>{names.get(code) ?? code}</Table.Td>
            <Table.Td ta="right">{r.candidates.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{r.opened.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{r.reopened.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{r.stillOpen.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{r.autoClosed.toLocaleString()}</Table.Td>
            <Table.Td ta="right">{duration(r.ms)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RunModal({ onClose, onDone }: { onClose: () => void; onDone: (r: AuditRun) => void }) {
  const slug = useTenantSlug();
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const run = useMutation({
    mutationFn: () =>
      api<AuditRun>(tenantApi(slug, 'audit/runs'), {
        method: 'POST',
        body: {
          vendorId: vendorId ?? undefined,
          accountId: accountId ?? undefined,
          period: period.trim() || undefined,
        },
      }),
    onSuccess: onDone,
  });
  const badPeriod = period.trim() !== '' && !PERIOD.test(period.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!badPeriod) run.mutate();
  };
  const fieldErrors = run.error instanceof ApiError ? run.error.fieldErrors() : {};
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Run audit now</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="run-modal">
          <Text size="sm" c="dimmed">
            Leave everything empty to audit every invoice, account and contract.
          </Text>
          <RefSelect
            refPlural="vendors"
            label="Vendor"
            value={vendorId}
            onChange={(v) => {
              setVendorId(v);
              setAccountId(null);
            }}
            error={fieldErrors.vendorId}
          />
          <RefSelect
            refPlural="billing-accounts"
            label="Billing account"
            value={accountId}
            onChange={setAccountId}
            params={vendorId ? { vendorId } : undefined}
            error={fieldErrors.accountId}
          />
          <TextInput
            label="Billing period"
            placeholder="YYYY-MM"
            value={period}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={badPeriod ? 'Year and month, e.g. 2026-10' : fieldErrors.period}
            data-testid="run-period"
          />
          {run.error && !Object.keys(fieldErrors).length && (
            <Alert color="red" variant="light">
              {errorMessage(run.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={run.isPending} data-testid="run-submit">
              Run audit
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every audit run with its counts; expand a run for the per-rule figures. */
export function AuditRunsPage() {
  const slug = useTenantSlug();
  const can = useCan();
  const qc = useQueryClient();
  const names = new Map((useAuditRules().data ?? []).map((r) => [r.code, r.name]));
  const [paging, setPaging] = useState({ page: 1, pageSize: 25 });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [running, setRunning] = useState(false);
  const [last, setLast] = useState<AuditRun | null>(null);
  const q = useQuery({
    queryKey: ['tenant', slug, 'audit', 'runs', paging],
    queryFn: async () => {
      const d = await api<Page<AuditRun> | AuditRun[]>(tenantApi(slug, 'audit/runs'), { query: paging });
      return Array.isArray(d) ? { items: d, total: d.length, page: 1, pageSize: d.length } : d;
    },
    placeholderData: keepPreviousData,
  });
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const items = q.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Audit runs</Title>
        {can('audit.run') && (
          <Button onClick={() => setRunning(true)} data-testid="run-audit">
            Run audit now
          </Button>
        )}
      </Group>
      {last && (
        <Alert
          color="teal"
          variant="light"
          withCloseButton
          onClose={() => setLast(null)}
          data-testid="run-done"
        >
          Audit finished in {duration(last.durationMs)}: {last.opened} opened, {last.reopened} reopened,{' '}
          {last.stillOpen} still open, {last.autoClosed} closed.
        </Alert>
      )}
      {q.error && (
        <Alert color="red" variant="light">
          {errorMessage(q.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={1100}>
        <Table
          withTableBorder
          bg="white"
          fz="sm"
          verticalSpacing={6}
          data-testid="runs-table"
          highlightOnHover
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={30} />
              <Table.Th>When</Table.Th>
              <Table.Th>Trigger</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Rules version</Table.Th>
              <Table.Th ta="right">Invoices</Table.Th>
              <Table.Th ta="right">Charges</Table.Th>
              <Table.Th ta="right">Opened</Table.Th>
              <Table.Th ta="right">Reopened</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                Still open
              </Table.Th>
              <Table.Th ta="right">Closed</Table.Th>
              <Table.Th ta="right">Duration</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {q.data && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={12}>
                  <Text c="dimmed" ta="center" py="md">
                    No audit has run yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {items.map((r) => (
              <Fragment key={r.id}>
                <Table.Tr onClick={() => toggle(r.id)} style={{ cursor: 'pointer' }} data-testid="run-row">
                  <Table.Td>
                    <UnstyledButton aria-label={open.has(r.id) ? 'Collapse' : 'Expand'} fz="xs" c="dimmed">
                      {open.has(r.id) ? '▾' : '▸'}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(r.startedAt)}
                    {r.status && !['succeeded', 'done', 'completed'].includes(r.status) && (
                      <Badge
                        size="xs"
                        ml={6}
                        color={STATUS_COLORS[r.status] ?? 'gray'}
                        title={r.error ?? undefined}
                      >
                        {r.status}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.trigger}
                    {r.actor && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        · {r.actor}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Scope scope={r.scope} />
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {r.rulesVersion ? r.rulesVersion.slice(0, 12) : '—'}
                  </Table.Td>
                  <Table.Td ta="right">{r.invoicesChecked.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{r.chargesChecked.toLocaleString()}</Table.Td>
                  <Table.Td ta="right" fw={r.opened ? 700 : undefined}>
                    {r.opened.toLocaleString()}
                  </Table.Td>
                  <Table.Td ta="right">{r.reopened.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{r.stillOpen.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{r.autoClosed.toLocaleString()}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {duration(r.durationMs)}
                  </Table.Td>
                </Table.Tr>
                {open.has(r.id) && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={11}>
                      {r.error && (
                        <Alert color="red" variant="light" mb="xs">
                          {r.error}
                        </Alert>
                      )}
                      <RuleBreakdown run={r} names={names} />
                      <Anchor
                        component={Link}
                        to={`/t/${slug}/exceptions?runId=${r.id}&state=all`}
                        size="xs"
                        mt={4}
                        display="inline-block"
                      >
                        Exceptions this run opened or confirmed
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <PagingFooter
        total={q.data?.total ?? 0}
        page={paging.page}
        pageSize={paging.pageSize}
        onChange={(n) =>
          setPaging((p) => ({
            page: n.pageSize ? 1 : (n.page ?? p.page),
            pageSize: Number(n.pageSize ?? p.pageSize),
          }))
        }
        rangeTestId="runs-range"
        empty={q.isPending ? 'Loading…' : 'No runs'}
      />
      {running && (
        <RunModal
          onClose={() => setRunning(false)}
          onDone={(r) => {
            setRunning(false);
            setLast(r);
            setOpen((prev) => new Set(prev).add(r.id));
            void qc.invalidateQueries({ queryKey: ['tenant', slug, 'audit', 'runs'] });
            void qc.invalidateQueries({ queryKey: ['tenant', slug, 'exceptions'] });
          }}
        />
      )}
    </Stack>
  );
}
