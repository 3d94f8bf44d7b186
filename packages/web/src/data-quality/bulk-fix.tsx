import { Alert, Button, Group, Select, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { SearchSelect } from './search-select.tsx';

type FixKind = 'owner' | 'costCenter' | 'location' | 'rateItem' | 'review';

const KINDS: { value: FixKind; label: string }[] = [
  { value: 'owner', label: 'Assign owner' },
  { value: 'costCenter', label: 'Assign cost center' },
  { value: 'location', label: 'Assign location' },
  { value: 'rateItem', label: 'Assign contract item' },
  { value: 'review', label: 'Mark reviewed' },
];

/** The fix that clears a rule, offered first in its drill-down. */
export function defaultFix(rule: string): FixKind {
  if (rule === 'no_cost_center') return 'costCenter';
  if (rule === 'no_location' || rule === 'location_closed') return 'location';
  if (rule === 'no_contract_item' || rule === 'contract_expired') return 'rateItem';
  if (rule === 'not_reviewed') return 'review';
  return 'owner';
}

interface RateItem {
  id: string;
  name: string;
  code: string | null;
  contractNumber: string;
}

/** Applies one change to the selected services through the inventory's bulk endpoints. */
export function BulkFix({
  rule,
  ids,
  vendorId,
  onDone,
}: {
  rule: string;
  ids: string[];
  /** the one vendor of the selection, to offer only its contract items */
  vendorId: string | undefined;
  onDone: (message: string) => void;
}) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [kind, setKind] = useState<FixKind>(defaultFix(rule));
  const [value, setValue] = useState<string | null>(null);
  const [evidence, setEvidence] = useState('');
  const apply = useMutation({
    mutationFn: async () => {
      if (kind === 'review') {
        const r = await api<{ reviewed: number }>(tenantApi(slug, 'services/review'), {
          method: 'POST',
          body: { ids, evidence },
        });
        return `${r.reviewed} service(s) marked reviewed`;
      }
      const field = {
        owner: 'ownerId',
        costCenter: 'costCenterId',
        location: 'locationId',
        rateItem: 'rateItemId',
      }[kind];
      const r = await api<{ updated: number }>(tenantApi(slug, 'services/bulk-update'), {
        method: 'POST',
        body: { ids, set: { [field]: value } },
      });
      return `${r.updated} service(s) updated`;
    },
    onSuccess: (message) => {
      setValue(null);
      setEvidence('');
      qc.invalidateQueries({ queryKey: ['tenant', slug, 'dq'] });
      qc.invalidateQueries({ queryKey: ['tenant', slug, 'services'] });
      onDone(message);
    },
  });
  const ready = ids.length > 0 && (kind === 'review' ? evidence.trim() !== '' : value !== null);

  return (
    <>
      <Group align="end" gap="sm" wrap="wrap">
        <Select
          label="Fix"
          data={KINDS}
          value={kind}
          onChange={(v) => {
            setKind((v as FixKind) ?? 'owner');
            setValue(null);
          }}
          allowDeselect={false}
          w={200}
          data-testid="dq-fix-kind"
        />
        {kind === 'owner' && (
          <RefSelect
            refPlural="people"
            label="Owner"
            value={value}
            onChange={setValue}
            w={260}
            data-testid="dq-bulk-owner"
          />
        )}
        {kind === 'costCenter' && (
          <RefSelect
            refPlural="cost-centers"
            label="Cost center"
            value={value}
            onChange={setValue}
            w={260}
            data-testid="dq-bulk-cost-center"
          />
        )}
        {kind === 'location' && (
          <RefSelect
            refPlural="locations"
            label="Location"
            value={value}
            onChange={setValue}
            w={260}
            data-testid="dq-bulk-location"
          />
        )}
        {kind === 'rateItem' && (
          <SearchSelect<RateItem>
            path="rate-items"
            params={{ vendorId }}
            toOption={(r) => ({
              value: r.id,
              label: `${r.contractNumber} · ${r.name}${r.code ? ` (${r.code})` : ''}`,
            })}
            label="Contract item"
            value={value}
            onChange={setValue}
            w={320}
            data-testid="dq-bulk-rate-item"
          />
        )}
        {kind === 'review' && (
          <TextInput
            label="Evidence"
            placeholder="e.g. confirmed with the owner by email"
            value={evidence}
            onChange={(e) => setEvidence(e.currentTarget.value)}
            w={320}
            data-testid="dq-review-evidence"
          />
        )}
        <Button
          onClick={() => apply.mutate()}
          disabled={!ready}
          loading={apply.isPending}
          data-testid="dq-apply-fix"
        >
          Apply to {ids.length} selected
        </Button>
      </Group>
      {apply.error && (
        <Alert color="red" variant="light" mt="xs">
          {errorMessage(apply.error)}
        </Alert>
      )}
    </>
  );
}
