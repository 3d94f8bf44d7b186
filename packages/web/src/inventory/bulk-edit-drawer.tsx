import { Button, Divider, Drawer, Group, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { RateItemSelect } from './rate-item-select.tsx';

/** Assign owner / cost center / location / rate item and tags to the selected services, or review them. */
export function BulkEditDrawer({ ids, onClose }: { ids: string[]; onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [set, setSet] = useState<Record<string, string | null>>({});
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const [evidence, setEvidence] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const done = (text: string) => {
    setMessage(text);
    void qc.invalidateQueries({ queryKey: ['services', slug] });
  };
  const update = useMutation({
    mutationFn: () =>
      api<{ updated: number }>(tenantApi(slug, 'services/bulk-update'), {
        method: 'POST',
        body: { ids, set: { ...set, addTags, removeTags } },
      }),
    onSuccess: (r) => done(`${r.updated} service(s) changed`),
  });
  const review = useMutation({
    mutationFn: () =>
      api<{ reviewed: number }>(tenantApi(slug, 'services/review'), {
        method: 'POST',
        body: { ids, evidence },
      }),
    onSuccess: (r) => done(`${r.reviewed} service(s) marked reviewed`),
  });
  const field = (name: string) => ({
    value: set[name] ?? null,
    onChange: (v: string | null) => setSet((s) => ({ ...s, [name]: v })),
  });
  const error = update.error ?? review.error;
  return (
    <Drawer opened onClose={onClose} position="right" title={`Edit ${ids.length} service(s)`} size="md">
      <Stack data-testid="bulk-edit-drawer">
        <Text size="sm" c="dimmed">
          Only the fields you fill in are changed.
        </Text>
        <RefSelect refPlural="people" label="Owner" {...field('ownerId')} data-testid="bulk-owner" />
        <RefSelect
          refPlural="cost-centers"
          label="Cost center"
          {...field('costCenterId')}
          data-testid="bulk-cost-center"
        />
        <RefSelect refPlural="locations" label="Location" {...field('locationId')} />
        <RateItemSelect {...field('rateItemId')} />
        <TagsInput label="Add tags" value={addTags} onChange={setAddTags} data-testid="bulk-add-tags" />
        <TagsInput label="Remove tags" value={removeTags} onChange={setRemoveTags} />
        <Group justify="flex-end">
          <Button
            onClick={() => update.mutate()}
            loading={update.isPending}
            disabled={Object.keys(set).length === 0 && addTags.length === 0 && removeTags.length === 0}
            data-testid="bulk-apply"
          >
            Apply to {ids.length}
          </Button>
        </Group>
        <Divider label="Review" />
        <Textarea
          label="Evidence"
          description="What confirmed these services are still needed and correctly assigned"
          value={evidence}
          onChange={(e) => setEvidence(e.currentTarget.value)}
          data-testid="review-evidence"
        />
        <Group justify="flex-end">
          <Button
            variant="light"
            onClick={() => review.mutate()}
            loading={review.isPending}
            disabled={evidence.trim() === ''}
            data-testid="bulk-review"
          >
            Mark reviewed today
          </Button>
        </Group>
        {message && (
          <Text c="green" data-testid="bulk-result">
            {message}
          </Text>
        )}
        {error && <Text c="red">{errorMessage(error)}</Text>}
      </Stack>
    </Drawer>
  );
}
