import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { CHARGE_KINDS, type RateItem } from './types.ts';

const FIELDS = [
  'name',
  'code',
  'descriptionPattern',
  'chargeKind',
  'unit',
  'unitRate',
  'mrc',
  'nrc',
  'discountPct',
  'effectiveFrom',
  'effectiveTo',
  'currency',
] as const;
type Values = Record<(typeof FIELDS)[number], string>;

const valuesOf = (item: RateItem | null, currency: string): Values =>
  Object.fromEntries(
    FIELDS.map((f) => [f, (item?.[f] as string | null | undefined) ?? (f === 'currency' ? currency : '')]),
  ) as Values;

function RateItemForm({
  contractId,
  item,
  currency,
  onClose,
}: {
  contractId: string;
  item: RateItem | null;
  currency: string;
  onClose: (saved: boolean) => void;
}) {
  const slug = useTenantSlug();
  const [v, setV] = useState<Values>(valuesOf(item, currency));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (f: keyof Values, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={v[f]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setV((prev) => ({ ...prev, [f]: value }));
      }}
      error={errors[f]}
      data-testid={`rate-item-${f}`}
      {...extra}
    />
  );
  async function save() {
    setBusy(true);
    setError(null);
    setErrors({});
    const body = Object.fromEntries(FIELDS.map((f) => [f, v[f].trim() === '' ? null : v[f].trim()]));
    try {
      await api(tenantApi(slug, item ? `rate-items/${item.id}` : `contracts/${contractId}/rate-items`), {
        method: item ? 'PATCH' : 'POST',
        body,
      });
      onClose(true);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal opened onClose={() => onClose(false)} title={item ? 'Edit rate item' : 'New rate item'} size="lg">
      <Stack gap="sm">
        {text('name', 'Name', { withAsterisk: true })}
        <SimpleGrid cols={2}>
          {text('code', 'Product / USOC / plan code', { description: 'matched exactly, any case' })}
          {text('descriptionPattern', 'Description pattern', {
            description: '* matches anything, e.g. *UNLIMITED*PLAN*',
          })}
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <Select
            label="Charge kind"
            data={[...CHARGE_KINDS]}
            value={v.chargeKind || null}
            onChange={(k) => setV((prev) => ({ ...prev, chargeKind: k ?? '' }))}
            clearable
            placeholder="any"
          />
          {text('unit', 'Unit')}
          {text('currency', 'Currency', { maxLength: 3 })}
        </SimpleGrid>
        <SimpleGrid cols={4}>
          {text('mrc', 'MRC', { inputMode: 'decimal' })}
          {text('nrc', 'NRC', { inputMode: 'decimal' })}
          {text('unitRate', 'Unit rate', { inputMode: 'decimal' })}
          {text('discountPct', 'Discount %', { inputMode: 'decimal' })}
        </SimpleGrid>
        <SimpleGrid cols={2}>
          {text('effectiveFrom', 'Effective from', { type: 'date' })}
          {text('effectiveTo', 'Effective to', { type: 'date' })}
        </SimpleGrid>
        {error && (
          <Alert color="red" variant="light">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            Cancel
          </Button>
          <Button onClick={save} loading={busy} data-testid="rate-item-save">
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function RateItemsCard({
  contractId,
  currency,
  items,
  canWrite,
  onChanged,
}: {
  contractId: string;
  currency: string;
  items: RateItem[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const slug = useTenantSlug();
  const [editing, setEditing] = useState<RateItem | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function remove(item: RateItem) {
    if (!window.confirm(`Delete rate item ${item.name}?`)) return;
    setError(null);
    try {
      await api(tenantApi(slug, `rate-items/${item.id}`), { method: 'DELETE' });
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Rate items</Title>
        {canWrite && (
          <Button size="xs" onClick={() => setEditing('new')} data-testid="rate-item-add">
            Add rate item
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="xs" data-testid="rate-item-error">
          {error}
        </Alert>
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No rate items yet.
        </Text>
      ) : (
        <Table striped withTableBorder fz="sm" data-testid="rate-items-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Matches</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">MRC</Table.Th>
              <Table.Th ta="right">NRC</Table.Th>
              <Table.Th ta="right">Unit rate</Table.Th>
              <Table.Th ta="right">Discount</Table.Th>
              <Table.Th>Effective</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id} data-testid="rate-item-row">
                <Table.Td>{i.name}</Table.Td>
                <Table.Td ff="monospace">{i.code ? `code ${i.code}` : i.descriptionPattern}</Table.Td>
                <Table.Td>{i.chargeKind ?? 'any'}</Table.Td>
                <Table.Td ta="right">{formatAmount(i.mrc, i.currency)}</Table.Td>
                <Table.Td ta="right">{formatAmount(i.nrc)}</Table.Td>
                <Table.Td ta="right">
                  {i.unitRate ? `${i.unitRate}${i.unit ? ` / ${i.unit}` : ''}` : '—'}
                </Table.Td>
                <Table.Td ta="right">{i.discountPct ? `${i.discountPct} %` : '—'}</Table.Td>
                <Table.Td>
                  {i.effectiveFrom ?? '…'} – {i.effectiveTo ?? '…'}
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label="Edit"
                        onClick={() => setEditing(i)}
                        data-testid="rate-item-edit"
                      >
                        ✎
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label="Delete"
                        onClick={() => remove(i)}
                        data-testid="rate-item-delete"
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <RateItemForm
          contractId={contractId}
          item={editing === 'new' ? null : editing}
          currency={currency}
          onClose={(saved) => {
            setEditing(null);
            if (saved) onChanged();
          }}
        />
      )}
    </Card>
  );
}
