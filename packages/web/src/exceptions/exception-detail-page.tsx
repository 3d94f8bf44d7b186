import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Divider,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { useUser } from '../auth.tsx';
import { formatDay } from '../invoices/parts.tsx';
import { formatDateTime } from '../meta.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { AssignModal, type Assignment } from './assign-modal.tsx';
import { BilledChart } from './billed-chart.tsx';
import { EvidenceCard, MoneySummary } from './evidence.tsx';
import { DueDate, days, SeverityBadge, StateBadge } from './parts.tsx';
import { TransitionModal } from './transition-modal.tsx';
import { type BackTo, type ExceptionDetail, isActive, transitionLabel } from './types.ts';
import { AttachmentsCard, CommentsCard, HistoryCard } from './work-cards.tsx';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

const RESOLVE_COLORS: Record<string, string> = {
  resolved_valid: 'teal',
  resolved_corrected: 'green',
  waived: 'gray',
  disputed: 'orange',
};

/** One exception: what is wrong and why we think so, the money, and the work done on it. */
export function ExceptionDetailPage() {
  const slug = useTenantSlug();
  const { id = '' } = useParams();
  const can = useCan();
  const { user } = useUser();
  const from = useLocation().state as BackTo | null;
  const qc = useQueryClient();
  const key = ['tenant', slug, 'exceptions', 'detail', id];
  const url = tenantApi(slug, `exceptions/${encodeURIComponent(id)}`);
  const q = useQuery({ queryKey: key, queryFn: () => api<ExceptionDetail>(url) });
  const [dialog, setDialog] = useState<{ kind: 'transition'; to: string } | { kind: 'assign' } | null>(null);

  const saved = (d: ExceptionDetail) => {
    qc.setQueryData(key, d);
    setDialog(null);
    // Lists, counts and the invoice's approval bar all show this finding.
    void qc.invalidateQueries({ queryKey: ['tenant', slug, 'exceptions'], refetchType: 'none' });
    void qc.invalidateQueries({ queryKey: ['tenant', slug, 'invoices'] });
  };
  const transition = useMutation({
    mutationFn: (b: { to: string; reason: string }) =>
      api<ExceptionDetail>(`${url}/transition`, { method: 'POST', body: b }),
    onSuccess: saved,
  });
  const assign = useMutation({
    mutationFn: (b: Partial<Assignment>) =>
      api<ExceptionDetail>(`${url}/assign`, { method: 'POST', body: b }),
    onSuccess: saved,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  if (q.isPending) return <Skeleton h={500} />;
  if (q.error || !q.data)
    return (
      <Alert color="red" variant="light">
        {errorMessage(q.error)}
      </Alert>
    );
  const e = q.data;
  const canWork = can('exception.work');
  const canAssign = can('exception.assign');
  const mine = e.ownerUserId === user.id;

  return (
    <Stack gap="md" data-testid="exception-detail" data-id={e.id} data-state={e.state}>
      <div>
        <Anchor
          component={Link}
          to={from?.back ?? `/t/${slug}/exceptions`}
          size="sm"
          data-testid="back-to-queue"
        >
          ← {from?.label ?? 'Exceptions'}
        </Anchor>
        <Group gap="sm" align="center" mt={4}>
          <Title order={2} data-testid="exception-title">
            {e.ruleName}
          </Title>
          <StateBadge state={e.state} size="lg" />
          <SeverityBadge severity={e.severity} blocking={e.blocking} />
          {e.overdue && (
            <Badge color="red" variant="filled" data-testid="overdue-badge">
              overdue
            </Badge>
          )}
          {e.escalationLevel > 0 && (
            <Badge color="grape" variant="light">
              escalated ×{e.escalationLevel}
            </Badge>
          )}
        </Group>
        <Text size="md" mt={4} data-testid="exception-summary">
          {e.summary}
        </Text>
        <Group gap="md" mt={4}>
          {e.vendor && (
            <Text size="sm" c="dimmed">
              {e.vendor}
              {e.accountNumber ? ` · account ${e.accountNumber}` : ''}
            </Text>
          )}
          {e.invoiceId && (
            <Anchor
              component={Link}
              to={`/t/${slug}/invoices/${e.invoiceId}`}
              size="sm"
              data-testid="link-invoice"
            >
              Invoice {e.invoiceNumber}
              {e.lineNo ? `, line ${e.lineNo}` : ''}
            </Anchor>
          )}
          {e.serviceId && (
            <Anchor
              component={Link}
              to={`/t/${slug}/services/${e.serviceId}`}
              size="sm"
              data-testid="link-service"
            >
              Service {e.serviceIdentifier}
            </Anchor>
          )}
          {!e.serviceId && e.serviceIdentifier && (
            <Text size="sm" ff="monospace">
              {e.serviceIdentifier}
            </Text>
          )}
          {e.contractId && (
            <Anchor
              component={Link}
              to={`/t/${slug}/contracts/${e.contractId}`}
              size="sm"
              data-testid="link-contract"
            >
              Contract
            </Anchor>
          )}
        </Group>
      </div>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <MoneySummary e={e} />
            <BilledChart e={e} />
            <EvidenceCard e={e} slug={slug} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Card withBorder padding="md" data-testid="exception-workflow">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
                <Field label="Owner" testId="exception-owner">
                  {e.owner ?? (
                    <Text span c="dimmed" size="sm">
                      unassigned
                    </Text>
                  )}
                </Field>
                <Field label="Queue">{e.queue ?? '—'}</Field>
                <Field label="Due">
                  <DueDate dueOn={e.dueOn} overdue={e.overdue} />
                </Field>
                <Field label="Age">{days(e.ageDays)}</Field>
                <Field label="Opened">{formatDateTime(e.openedAt)}</Field>
                <Field label="Period">{e.period ?? '—'}</Field>
                {e.closedAt && <Field label="Closed">{formatDay(e.closedAt.slice(0, 10))}</Field>}
              </SimpleGrid>
              {e.resolutionReason && (
                <Alert
                  mt="sm"
                  variant="light"
                  color={isActive(e.state) ? 'blue' : 'green'}
                  title={isActive(e.state) ? 'Last reason' : 'Resolution'}
                  data-testid="resolution-reason"
                >
                  {e.resolutionReason}
                </Alert>
              )}
              {(canAssign || canWork) && <Divider my="sm" />}
              {canAssign && (
                <Group gap="xs" mb="xs">
                  {!mine && (
                    <Button
                      size="xs"
                      variant="light"
                      loading={assign.isPending && !dialog}
                      onClick={() => assign.mutate({ ownerUserId: user.id })}
                      data-testid="assign-me"
                    >
                      Assign to me
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      assign.reset();
                      setDialog({ kind: 'assign' });
                    }}
                    data-testid="assign-open"
                  >
                    Assign…
                  </Button>
                </Group>
              )}
              {canWork && e.allowedTransitions.length > 0 && (
                <Group gap="xs" data-testid="transition-buttons">
                  {e.allowedTransitions.map((to) => (
                    <Button
                      key={to}
                      size="xs"
                      variant={to.startsWith('resolved') ? 'filled' : 'light'}
                      color={RESOLVE_COLORS[to] ?? 'blue'}
                      onClick={() => {
                        transition.reset();
                        setDialog({ kind: 'transition', to });
                      }}
                      data-testid={`transition-${to}`}
                    >
                      {transitionLabel(e.state, to)}
                    </Button>
                  ))}
                </Group>
              )}
              {assign.error && !dialog && (
                <Alert color="red" variant="light" mt="xs">
                  {errorMessage(assign.error)}
                </Alert>
              )}
            </Card>
            <CommentsCard e={e} canWork={canWork} onChanged={refresh} />
            <AttachmentsCard e={e} canWork={canWork} onChanged={refresh} />
            <HistoryCard history={e.history} />
          </Stack>
        </Grid.Col>
      </Grid>

      {dialog?.kind === 'transition' && (
        <TransitionModal
          from={e.state}
          targets={[dialog.to]}
          busy={transition.isPending}
          error={transition.error ? errorMessage(transition.error) : null}
          onSubmit={(to, reason) => transition.mutate({ to, reason })}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'assign' && (
        <AssignModal
          count={1}
          initial={{ ownerUserId: e.ownerUserId, queue: e.queue, dueOn: e.dueOn }}
          withDue
          busy={assign.isPending}
          error={assign.error ? errorMessage(assign.error) : null}
          onSubmit={(a) => assign.mutate(a)}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
