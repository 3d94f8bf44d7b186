import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { Contract } from './types.ts';

type Values = {
  vendorId: string | null;
  contractNumber: string;
  name: string;
  termStart: string;
  termEnd: string;
  autoRenew: boolean;
  renewalMonths: number | string;
  noticeDays: number | string;
  currency: string;
  commitmentKind: string;
  commitmentPeriod: string | null;
  commitmentAmount: string;
  commitmentVolume: number | string;
  status: string;
  notes: string;
};

const initial = (c?: Contract): Values => ({
  vendorId: c?.vendorId ?? null,
  contractNumber: c?.contractNumber ?? '',
  name: c?.name ?? '',
  termStart: c?.termStart ?? '',
  termEnd: c?.termEnd ?? '',
  autoRenew: c?.autoRenew ?? false,
  renewalMonths: c?.renewalMonths ?? 12,
  noticeDays: c?.noticeDays ?? 30,
  currency: c?.currency ?? 'USD',
  commitmentKind: c?.commitmentKind ?? 'none',
  commitmentPeriod: c?.commitmentPeriod ?? null,
  commitmentAmount: c?.commitmentAmount ?? '',
  commitmentVolume: c?.commitmentVolume ?? '',
  status: c?.status ?? 'active',
  notes: c?.notes ?? '',
});

const int = (v: number | string) => (v === '' ? null : Number(v));

/** Create a contract, or edit the terms of one. */
export function ContractForm({
  contract,
  onClose,
}: {
  contract?: Contract;
  onClose: (saved?: Contract) => void;
}) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const [v, setV] = useState<Values>(initial(contract));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((prev) => ({ ...prev, [k]: value }));

  async function save() {
    setBusy(true);
    setError(null);
    setErrors({});
    const body = {
      vendorId: v.vendorId ?? '',
      contractNumber: v.contractNumber,
      name: v.name,
      termStart: v.termStart,
      termEnd: v.termEnd || null,
      autoRenew: v.autoRenew,
      renewalMonths: v.autoRenew ? int(v.renewalMonths) : null,
      noticeDays: int(v.noticeDays) ?? 0,
      currency: v.currency,
      commitmentKind: v.commitmentKind,
      commitmentPeriod: v.commitmentKind === 'none' ? null : v.commitmentPeriod,
      commitmentAmount: v.commitmentKind === 'spend' ? v.commitmentAmount || null : null,
      commitmentVolume: v.commitmentKind === 'volume' ? int(v.commitmentVolume) : null,
      status: v.status,
      notes: v.notes || null,
    };
    try {
      const saved = await api<Contract>(
        tenantApi(slug, contract ? `contracts/${contract.id}` : 'contracts'),
        {
          method: contract ? 'PATCH' : 'POST',
          body,
        },
      );
      await qc.invalidateQueries({ queryKey: ['tenant', slug, 'contracts'] });
      onClose(saved);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={() => onClose()} title={contract ? 'Edit contract' : 'New contract'} size="lg">
      <Stack gap="sm" data-testid="contract-form">
        <SimpleGrid cols={2}>
          <RefSelect
            label="Vendor"
            refPlural="vendors"
            value={v.vendorId}
            valueLabel={contract?.vendor}
            onChange={(id) => set('vendorId', id)}
            error={errors.vendorId}
            withAsterisk
            data-testid="contract-vendor"
          />
          <TextInput
            label="Contract number"
            value={v.contractNumber}
            onChange={(e) => set('contractNumber', e.currentTarget.value)}
            error={errors.contractNumber}
            withAsterisk
            data-testid="contract-number"
          />
        </SimpleGrid>
        <TextInput
          label="Name"
          value={v.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errors.name}
          withAsterisk
          data-testid="contract-name"
        />
        <SimpleGrid cols={3}>
          <TextInput
            label="Term start"
            type="date"
            value={v.termStart}
            onChange={(e) => set('termStart', e.currentTarget.value)}
            error={errors.termStart}
            withAsterisk
            data-testid="contract-term-start"
          />
          <TextInput
            label="Term end"
            description="empty = evergreen"
            type="date"
            value={v.termEnd}
            onChange={(e) => set('termEnd', e.currentTarget.value)}
            error={errors.termEnd}
            data-testid="contract-term-end"
          />
          <NumberInput
            label="Notice (days)"
            min={0}
            value={v.noticeDays}
            onChange={(n) => set('noticeDays', n)}
            error={errors.noticeDays}
          />
        </SimpleGrid>
        <Group align="end">
          <Checkbox
            label="Auto-renews"
            checked={v.autoRenew}
            onChange={(e) => set('autoRenew', e.currentTarget.checked)}
            data-testid="contract-auto-renew"
          />
          {v.autoRenew && (
            <NumberInput
              label="Renewal term (months)"
              min={1}
              value={v.renewalMonths}
              onChange={(n) => set('renewalMonths', n)}
              error={errors.renewalMonths}
            />
          )}
        </Group>
        <SimpleGrid cols={3}>
          <TextInput
            label="Currency"
            value={v.currency}
            onChange={(e) => set('currency', e.currentTarget.value.toUpperCase())}
            error={errors.currency}
            maxLength={3}
          />
          <Select
            label="Status"
            data={['draft', 'active', 'terminated']}
            value={v.status}
            onChange={(s) => s && set('status', s)}
            allowDeselect={false}
          />
          <Select
            label="Minimum commitment"
            data={[
              { value: 'none', label: 'None' },
              { value: 'spend', label: 'Spend' },
              { value: 'volume', label: 'Volume (services)' },
            ]}
            value={v.commitmentKind}
            onChange={(s) => s && set('commitmentKind', s)}
            allowDeselect={false}
            data-testid="contract-commitment-kind"
          />
        </SimpleGrid>
        {v.commitmentKind !== 'none' && (
          <SimpleGrid cols={2}>
            <Select
              label="Commitment period"
              data={['monthly', 'annual', 'term']}
              value={v.commitmentPeriod}
              onChange={(s) => set('commitmentPeriod', s)}
              error={errors.commitmentPeriod}
            />
            {v.commitmentKind === 'spend' ? (
              <TextInput
                label={`Amount (${v.currency})`}
                value={v.commitmentAmount}
                onChange={(e) => set('commitmentAmount', e.currentTarget.value)}
                error={errors.commitmentAmount}
                inputMode="decimal"
                data-testid="contract-commitment-amount"
              />
            ) : (
              <NumberInput
                label="Services"
                min={1}
                value={v.commitmentVolume}
                onChange={(n) => set('commitmentVolume', n)}
                error={errors.commitmentVolume}
              />
            )}
          </SimpleGrid>
        )}
        <Textarea
          label="Notes"
          value={v.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
          autosize
        />
        {error && (
          <Alert color="red" variant="light" data-testid="contract-form-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose()}>
            Cancel
          </Button>
          <Button onClick={save} loading={busy} data-testid="contract-save">
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
