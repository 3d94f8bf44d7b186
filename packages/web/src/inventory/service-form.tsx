import { Button, Group, Modal, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../api.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import { RateItemSelect } from './rate-item-select.tsx';
import { type Service, type ServiceType, STATE_LABELS, STATES } from './types.ts';

export function useServiceTypes() {
  const slug = useTenantSlug();
  return useQuery({
    queryKey: ['service-types', slug],
    queryFn: () => api<ServiceType[]>(tenantApi(slug, 'service-types')),
    staleTime: 60_000,
  });
}

/** "New service": the identifier is normalised by the server for the chosen type. */
export function ServiceForm({ onClose }: { onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const types = useServiceTypes();
  const [v, setV] = useState<Record<string, string | null>>({ serviceType: 'wireless', state: 'active' });
  const [tags, setTags] = useState<string[]>([]);
  const [attributes, setAttributes] = useState<Record<string, string>>({});
  const type = types.data?.find((t) => t.code === v.serviceType);
  const save = useMutation({
    mutationFn: () =>
      api<Service>(tenantApi(slug, 'services'), {
        method: 'POST',
        body: {
          ...Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== '')),
          tags,
          attributes,
        },
      }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['services', slug] });
      navigate(`/t/${slug}/services/${s.id}`);
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const bind = (name: string) => ({
    value: v[name] ?? null,
    onChange: (x: string | null) => setV((s) => ({ ...s, [name]: x })),
    error: errors[name],
  });
  return (
    <Modal opened onClose={onClose} title="New service" size="lg">
      <SimpleGrid cols={2} data-testid="service-form">
        <Select
          label="Type"
          required
          data={(types.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
          {...bind('serviceType')}
        />
        <TextInput
          label="Identifier"
          required
          description="Phone number, circuit ID, SKU or account id"
          value={v.identifier ?? ''}
          onChange={(e) => setV((s) => ({ ...s, identifier: e.currentTarget.value }))}
          error={errors.identifier}
          data-testid="service-identifier"
        />
        <RefSelect
          refPlural="vendors"
          label="Vendor"
          required
          {...bind('vendorId')}
          data-testid="service-vendor"
        />
        <RefSelect
          refPlural="billing-accounts"
          label="Billing account"
          params={v.vendorId ? { vendorId: v.vendorId } : undefined}
          {...bind('billingAccountId')}
        />
        <RefSelect refPlural="people" label="Owner" {...bind('ownerId')} />
        <RefSelect refPlural="cost-centers" label="Cost center" {...bind('costCenterId')} />
        <RefSelect refPlural="locations" label="Location" {...bind('locationId')} />
        <RateItemSelect vendorId={v.vendorId} {...bind('rateItemId')} />
        <TextInput
          label="Expected monthly cost"
          value={v.expectedMonthly ?? ''}
          onChange={(e) => setV((s) => ({ ...s, expectedMonthly: e.currentTarget.value }))}
          error={errors.expectedMonthly}
        />
        <TextInput
          label="Currency"
          description="Defaults to the account's"
          value={v.currency ?? ''}
          onChange={(e) => setV((s) => ({ ...s, currency: e.currentTarget.value.toUpperCase() }))}
          error={errors.currency}
        />
        <Select
          label="State"
          data={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          allowDeselect={false}
          {...bind('state')}
        />
        <TextInput
          label="Description"
          value={v.description ?? ''}
          onChange={(e) => setV((s) => ({ ...s, description: e.currentTarget.value }))}
        />
        <TagsInput label="Tags" value={tags} onChange={setTags} />
        {type?.attributes.map((a) =>
          a.type === 'enum' ? (
            <Select
              key={a.key}
              label={a.label}
              data={a.values ?? []}
              value={attributes[a.key] ?? null}
              onChange={(x) => setAttributes((s) => ({ ...s, [a.key]: x ?? '' }))}
            />
          ) : (
            <TextInput
              key={a.key}
              label={a.label}
              placeholder={a.type === 'date' ? 'YYYY-MM-DD' : undefined}
              value={attributes[a.key] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setAttributes((s) => ({ ...s, [a.key]: value }));
              }}
            />
          ),
        )}
      </SimpleGrid>
      {save.error && !Object.keys(errors).length && (
        <p style={{ color: 'red' }}>{errorMessage(save.error)}</p>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="service-save">
          Create
        </Button>
      </Group>
    </Modal>
  );
}
