import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { AssignModal, type Assignment } from './assign-modal.tsx';
import { TransitionModal } from './transition-modal.tsx';
import type { BulkResult } from './types.ts';

const BULK_TARGETS = ['in_progress', 'disputed', 'resolved_valid', 'resolved_corrected', 'waived', 'open'];

type BulkBody = ({ action: 'assign' } & Assignment) | { action: 'transition'; to: string; reason: string };

/** Assign or transition the selected exceptions in one request; failures are listed, not hidden. */
export function BulkActions({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const slug = useTenantSlug();
  const can = useCan();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<'assign' | 'transition' | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const bulk = useMutation({
    mutationFn: (body: BulkBody) =>
      api<BulkResult>(tenantApi(slug, 'exceptions/bulk'), { method: 'POST', body: { ids, ...body } }),
    onSuccess: (r) => {
      setResult(r);
      setDialog(null);
      onClear();
      void qc.invalidateQueries({ queryKey: ['tenant', slug, 'exceptions'] });
    },
  });
  const open = (d: 'assign' | 'transition') => {
    bulk.reset();
    setDialog(d);
  };
  return (
    <>
      {ids.length > 0 && (
        <Group gap="sm" data-testid="bulk-bar">
          <Text size="sm" fw={500} data-testid="selection-count">
            {ids.length} selected
          </Text>
          {can('exception.assign') && (
            <Button size="xs" onClick={() => open('assign')} data-testid="bulk-assign">
              Assign…
            </Button>
          )}
          {can('exception.work') && (
            <Button
              size="xs"
              variant="light"
              onClick={() => open('transition')}
              data-testid="bulk-transition"
            >
              Change state…
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      )}
      {result && (
        <Alert
          color={result.failed.length ? 'orange' : 'teal'}
          variant="light"
          withCloseButton
          onClose={() => setResult(null)}
          data-testid="bulk-result"
        >
          {result.updated.toLocaleString()} exception{result.updated === 1 ? '' : 's'} updated
          {result.failed.length > 0 && `, ${result.failed.length} not changed:`}
          {result.failed.length > 0 && (
            <List size="xs" mt={4}>
              {result.failed.slice(0, 10).map((f) => (
                <List.Item key={f.id}>{f.message}</List.Item>
              ))}
              {result.failed.length > 10 && <List.Item>… and {result.failed.length - 10} more</List.Item>}
            </List>
          )}
        </Alert>
      )}
      {dialog === 'assign' && (
        <AssignModal
          count={ids.length}
          initial={{ ownerUserId: null, queue: null, dueOn: null }}
          withDue={false}
          busy={bulk.isPending}
          error={bulk.error ? errorMessage(bulk.error) : null}
          onSubmit={(a) => bulk.mutate({ action: 'assign', ownerUserId: a.ownerUserId, queue: a.queue })}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'transition' && (
        <TransitionModal
          from={null}
          targets={BULK_TARGETS}
          count={ids.length}
          busy={bulk.isPending}
          error={bulk.error ? errorMessage(bulk.error) : null}
          onSubmit={(to, reason) => bulk.mutate({ action: 'transition', to, reason })}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
