import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../api.ts';
import { Money } from '../invoices/parts.tsx';
import { humanize, REQUIRED } from '../meta.ts';
import { formatAmount } from '../money.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { DueDate, SeverityBadge, StateBadge } from './parts.tsx';
import type { ExceptionPage } from './types.ts';

/** The fields the invoice detail gains from the audit (see the API contract). */
export interface InvoiceApprovalInfo {
  id: string;
  status: string;
  currency: string;
  currentCharges: string;
  openExceptions?: number;
  blockingExceptions?: number;
  approved?: string | null;
}

const APPROVABLE = ['received', 'audited', 'in_review', 'on_hold'];
/** A hold also withdraws an approval that has not been exported yet. */
const HOLDABLE = ['received', 'audited', 'in_review', 'approved', 'approved_partial'];
const isRefusal = (err: unknown) => err instanceof ApiError && err.code === 'blocked';

type Action = 'full' | 'partial' | 'hold';

const TITLES: Record<Action, string> = {
  full: 'Approve in full',
  partial: 'Approve partially',
  hold: 'Put on hold',
};

function ActionModal({
  action,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  action: Action;
  busy: boolean;
  error: string | null;
  onSubmit: (text: string) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const required = action === 'hold';
  const [touched, setTouched] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!required || text.trim()) onSubmit(text.trim());
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{TITLES[action]}</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="approval-modal">
          {action === 'partial' && (
            <Text size="sm">
              Approves current charges less the money at stake on this invoice's open exceptions; the rest
              stays in dispute.
            </Text>
          )}
          <Textarea
            label={required ? 'Reason' : 'Note'}
            labelProps={required ? REQUIRED : undefined}
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={touched && required && !text.trim() ? 'A reason is required' : undefined}
            data-autofocus
            data-testid="approval-text"
          />
          {error && (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={busy}
              color={action === 'hold' ? 'orange' : 'green'}
              data-testid="approval-submit"
            >
              {TITLES[action]}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Approve in full, in part, or hold; a full approval is refused while blocking exceptions are open. */
export function ApprovalBar({ inv }: { inv: InvoiceApprovalInfo }) {
  const slug = useTenantSlug();
  const can = useCan();
  const qc = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const done = () => {
    setAction(null);
    void qc.invalidateQueries({ queryKey: ['tenant', slug, 'invoices'] });
  };
  const run = useMutation({
    mutationFn: ({ a, text }: { a: Action; text: string }) =>
      a === 'hold'
        ? api(tenantApi(slug, `invoices/${inv.id}/hold`), { method: 'POST', body: { reason: text } })
        : api(tenantApi(slug, `invoices/${inv.id}/approve`), {
            method: 'POST',
            body: { mode: a, note: text || undefined },
          }),
    onSuccess: () => {
      setRefusal(null);
      done();
    },
    onError: (err) => {
      // A refused full approval is news for the bar, not a form error of the dialog.
      if (isRefusal(err)) {
        setRefusal(err.message);
        setAction(null);
      }
    },
  });
  const open = inv.openExceptions ?? 0;
  const blocking = inv.blockingExceptions ?? 0;
  const approvable = APPROVABLE.includes(inv.status);
  const canApprove = can('invoice.approve');
  const start = (a: Action) => {
    run.reset();
    setRefusal(null);
    setAction(a);
  };
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="approval-bar"
      style={{
        borderColor: `var(--mantine-color-${blocking ? 'red' : open ? 'yellow' : 'green'}-4)`,
        borderWidth: 2,
      }}
    >
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="md">
          <Badge
            size="lg"
            variant="light"
            color={inv.status.startsWith('approved') ? 'green' : 'blue'}
            data-testid="approval-status"
          >
            {humanize(inv.status)}
          </Badge>
          <Text size="sm" data-testid="approval-counts">
            <b>{open}</b> open exception{open === 1 ? '' : 's'}
            {', '}
            <Text span c={blocking ? 'red.7' : undefined} fw={blocking ? 700 : undefined}>
              {blocking} blocking
            </Text>
          </Text>
          {inv.approved != null && (
            <Text size="sm" data-testid="approval-approved">
              Approved <Money value={inv.approved} currency={inv.currency} fw={600} /> of{' '}
              {formatAmount(inv.currentCharges, inv.currency)}
            </Text>
          )}
        </Group>
        {canApprove && (
          <Group gap="xs">
            <Button
              size="xs"
              color="green"
              disabled={!approvable}
              onClick={() => start('full')}
              title={blocking ? 'Blocking exceptions are open: resolve them or approve partially' : undefined}
              data-testid="approve-full"
            >
              Approve in full
            </Button>
            <Button
              size="xs"
              variant="light"
              color="green"
              disabled={!approvable}
              onClick={() => start('partial')}
              data-testid="approve-partial"
            >
              Approve partially
            </Button>
            <Button
              size="xs"
              variant="light"
              color="orange"
              disabled={!HOLDABLE.includes(inv.status)}
              onClick={() => start('hold')}
              data-testid="invoice-hold"
            >
              Hold
            </Button>
          </Group>
        )}
      </Group>
      {refusal && (
        <Alert
          color="red"
          variant="light"
          mt="sm"
          title="Full approval refused"
          withCloseButton
          onClose={() => setRefusal(null)}
          data-testid="approval-refused"
        >
          {refusal}
        </Alert>
      )}
      {action && (
        <ActionModal
          action={action}
          busy={run.isPending}
          error={
            run.error && !(run.error instanceof ApiError && run.error.status === 409)
              ? errorMessage(run.error)
              : null
          }
          onSubmit={(text) => run.mutate({ a: action, text })}
          onClose={() => setAction(null)}
        />
      )}
    </Card>
  );
}

/** Every exception ever raised on this invoice, active ones first by money at stake. */
export function InvoiceExceptions({ invoiceId }: { invoiceId: string }) {
  const slug = useTenantSlug();
  const query = { invoiceId, state: 'all', sort: 'variance', dir: 'desc', pageSize: 200 };
  const list = useQuery({
    queryKey: ['tenant', slug, 'exceptions', 'list', query],
    queryFn: () => api<ExceptionPage>(tenantApi(slug, 'exceptions'), { query }),
  });
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding="md" data-testid="invoice-exceptions">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Exceptions</Title>
        {list.data && (
          <Anchor
            component={Link}
            to={`/t/${slug}/exceptions?invoiceId=${invoiceId}&state=all`}
            size="xs"
            c="dimmed"
          >
            {list.data.total.toLocaleString()} on this invoice
          </Anchor>
        )}
      </Group>
      {list.error && (
        <Alert color="red" variant="light">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          The audit found nothing on this invoice.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table fz="sm" highlightOnHover verticalSpacing={5}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Summary</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  Money at stake
                </Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id} data-testid="invoice-exception-row" data-state={e.state}>
                  <Table.Td>
                    <SeverityBadge severity={e.severity} blocking={e.blocking} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{e.ruleName}</Table.Td>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/t/${slug}/exceptions/${e.id}`}
                      state={{ back: `/t/${slug}/invoices/${invoiceId}`, label: 'Invoice' }}
                      size="sm"
                      lineClamp={2}
                    >
                      {e.summary}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Money value={e.variance} currency={e.currency} />
                  </Table.Td>
                  <Table.Td>
                    <DueDate dueOn={e.dueOn} overdue={e.overdue} />
                  </Table.Td>
                  <Table.Td>
                    {e.owner ?? (
                      <Text span c="dimmed" size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {e.queue ? `${e.queue} queue` : 'unassigned'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={e.state} short />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
