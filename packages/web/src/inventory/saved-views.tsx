import { ActionIcon, Button, Group, Menu, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import type { SavedView } from './types.ts';

/** The user's own named views of the grid: filters, sort and columns as the URL holds them. */
export function SavedViews({ current, onPick }: { current: () => string; onPick: (query: string) => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const key = ['saved-views', slug, 'services'];
  const views = useQuery({
    queryKey: key,
    queryFn: () => api<SavedView[]>(tenantApi(slug, 'saved-views'), { query: { page: 'services' } }),
  });
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api(tenantApi(slug, 'saved-views'), {
        method: 'POST',
        body: { page: 'services', name: name.trim(), state: { query: current() } },
      }),
    onSuccess: () => {
      setName('');
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(tenantApi(slug, `saved-views/${id}`), { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  return (
    <Group gap="xs">
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="default" data-testid="saved-views">
            Views ({views.data?.length ?? 0})
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(views.data ?? []).length === 0 && <Menu.Label>No saved views yet</Menu.Label>}
          {(views.data ?? []).map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onPick(v.state.query ?? '')}
              data-testid="saved-view"
              rightSection={
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Delete view ${v.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove.mutate(v.id);
                  }}
                >
                  ×
                </ActionIcon>
              }
            >
              {v.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <TextInput
        placeholder="View name"
        size="sm"
        w={140}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-testid="view-name"
      />
      <Button
        variant="light"
        onClick={() => save.mutate()}
        disabled={name.trim() === ''}
        loading={save.isPending}
        data-testid="save-view"
      >
        Save view
      </Button>
    </Group>
  );
}
