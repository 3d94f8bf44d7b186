import { Badge, Group, Select, Text } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router-dom';
import { useUser } from '../auth.tsx';
import { roleLabel, useRoles } from '../meta.ts';
import { useTenantSlug } from './tenant.tsx';

export function TenantSwitcher() {
  const { tenants } = useUser();
  const slug = useTenantSlug();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { data: roles } = useRoles();
  const byValue = new Map(tenants.map((t) => [t.slug, t]));

  function switchTo(next: string | null) {
    if (!next || next === slug) return;
    // Same page in the other tenant; query strings are dropped because ids differ per tenant.
    const rest = pathname.split('/').slice(3).join('/') || 'vendors';
    navigate(`/t/${next}/${rest}`);
  }

  return (
    <Select
      data-testid="tenant-switcher"
      aria-label="Tenant"
      w={{ base: 220, md: 360 }}
      size="sm"
      value={slug}
      onChange={switchTo}
      allowDeselect={false}
      searchable={tenants.length > 8}
      data={tenants.map((t) => ({ value: t.slug, label: `${t.name} · ${roleLabel(roles, t.role)}` }))}
      renderOption={({ option }) => {
        const t = byValue.get(option.value);
        return (
          <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
            <Text size="sm" truncate>
              {t?.name ?? option.value}
            </Text>
            <Badge size="xs" variant="light" color="gray">
              {roleLabel(roles, t?.role)}
            </Badge>
          </Group>
        );
      }}
    />
  );
}
