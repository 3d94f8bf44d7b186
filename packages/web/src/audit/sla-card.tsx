import { Alert, Button, Card, Group, NumberInput, Skeleton, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { OwnerSelect } from '../exceptions/members.tsx';
import { SeverityBadge } from '../exceptions/parts.tsx';
import { SEVERITIES } from '../exceptions/types.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { SlaPolicy } from './types.ts';

function SlaEditor({ initial, canConfigure }: { initial: SlaPolicy[]; canConfigure: boolean }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const ordered = SEVERITIES.map(
    (s) => initial.find((p) => p.severity === s) ?? { severity: s, days: 0, escalateToUserId: null },
  );
  const [draft, setDraft] = useState<SlaPolicy[]>(ordered);
  const save = useMutation({
    mutationFn: () =>
      api<SlaPolicy[]>(tenantApi(slug, 'audit/sla'), { method: 'PUT', body: { policies: draft } }),
    onSuccess: (p) => qc.setQueryData(['tenant', slug, 'audit', 'sla'], p),
  });
  const set = (i: number, patch: Partial<SlaPolicy>) =>
    setDraft((d) => d.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const valid = draft.every((p) => Number.isInteger(p.days) && p.days >= 0);
  const dirty = JSON.stringify(draft) !== JSON.stringify(ordered);
  return (
    <>
      <Table verticalSpacing={6} data-testid="sla-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Days to resolve</Table.Th>
            <Table.Th>When overdue, escalate to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {draft.map((p, i) => (
            <Table.Tr key={p.severity} data-testid="sla-row" data-severity={p.severity}>
              <Table.Td>
                <SeverityBadge severity={p.severity} />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`Days for ${p.severity}`}
                  min={0}
                  max={365}
                  allowDecimal={false}
                  value={p.days}
                  onChange={(v) => set(i, { days: typeof v === 'number' ? v : Number(v) || 0 })}
                  disabled={!canConfigure}
                  w={110}
                  data-testid="sla-days"
                />
              </Table.Td>
              <Table.Td>
                <OwnerSelect
                  aria-label={`Escalate ${p.severity} to`}
                  placeholder="Nobody (only mark escalated)"
                  value={p.escalateToUserId}
                  onChange={(v) => set(i, { escalateToUserId: v })}
                  disabled={!canConfigure}
                  w={300}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {save.error && (
        <Alert color="red" variant="light" mt="xs">
          {errorMessage(save.error)}
        </Alert>
      )}
      {canConfigure && (
        <Group justify="flex-end" mt="sm" gap="sm">
          {save.isSuccess && !dirty && (
            <Text size="sm" c="teal" data-testid="sla-saved">
              Saved. New and reopened exceptions get these due dates.
            </Text>
          )}
          <Button
            onClick={() => save.mutate()}
            disabled={!dirty || !valid}
            loading={save.isPending}
            data-testid="sla-save"
          >
            Save SLA
          </Button>
        </Group>
      )}
    </>
  );
}

/** Days to resolve per severity and who an overdue exception escalates to. */
export function SlaCard({ canConfigure }: { canConfigure: boolean }) {
  const slug = useTenantSlug();
  const q = useQuery({
    queryKey: ['tenant', slug, 'audit', 'sla'],
    queryFn: () => api<SlaPolicy[]>(tenantApi(slug, 'audit/sla')),
  });
  return (
    <Card withBorder padding="md" data-testid="sla-card">
      <Title order={4}>Service levels</Title>
      <Text size="sm" c="dimmed" mb="sm">
        A new exception is due this many days after it opens. Overdue exceptions escalate once a day.
      </Text>
      {q.error && (
        <Alert color="red" variant="light">
          {errorMessage(q.error)}
        </Alert>
      )}
      {q.data ? (
        // Not keyed by the data: after a save the draft already equals it, and the notice stays.
        <SlaEditor initial={q.data} canConfigure={canConfigure} />
      ) : (
        !q.error && <Skeleton h={200} />
      )}
    </Card>
  );
}
