import { Alert, AppShell, Burger, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { useCan, useTenantMe, useTenantSlug } from './tenant.tsx';
import { TenantSwitcher } from './tenant-switcher.tsx';
import { UserMenu } from './user-menu.tsx';

interface NavItem {
  path: string;
  label: string;
  /** Permission needed to see the item at all; reference data is readable by every role. */
  permission?: string;
}

const invoiceNav: NavItem[] = [
  { path: 'invoices', label: 'Invoices' },
  { path: 'imports', label: 'Imports' },
  { path: 'mapping-profiles', label: 'Column mappings' },
];

const inventoryNav: NavItem[] = [
  { path: 'services', label: 'Services' },
  { path: 'discovery', label: 'Discovered' },
  { path: 'data-quality', label: 'Data quality' },
  { path: 'contracts', label: 'Contracts' },
];

const auditNav: NavItem[] = [
  { path: 'my-work', label: 'My work', permission: 'exception.read' },
  { path: 'exceptions', label: 'Exceptions', permission: 'exception.read' },
  { path: 'audit/runs', label: 'Audit runs', permission: 'audit.read' },
  { path: 'audit/rules', label: 'Audit rules', permission: 'audit.read' },
];

const referenceNav: NavItem[] = [
  { path: 'vendors', label: 'Vendors' },
  { path: 'billing-accounts', label: 'Billing accounts' },
  { path: 'cost-centers', label: 'Cost centers' },
  { path: 'gl-accounts', label: 'GL accounts' },
  { path: 'locations', label: 'Locations' },
  { path: 'people', label: 'People' },
];

const adminNav: NavItem[] = [
  { path: 'members', label: 'Members', permission: 'member.read' },
  { path: 'tokens', label: 'API tokens' },
  { path: 'audit-log', label: 'Audit log', permission: 'audit_log.read' },
];

interface Health {
  status: string;
  engine: string;
  schemaVersion: number;
  version: string;
}

function NavSection({ title, items }: { title: string; items: NavItem[] }) {
  const slug = useTenantSlug();
  const { pathname } = useLocation();
  const can = useCan();
  const { data: me } = useTenantMe();
  // Until permissions arrive every item shows, so the menu doesn't jump for admins.
  const visible = items.filter((i) => !i.permission || !me || can(i.permission));
  return (
    <>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4}>
        {title}
      </Text>
      {visible.map((i) => {
        const to = `/t/${slug}/${i.path}`;
        return (
          <NavLink
            key={i.path}
            component={Link}
            to={to}
            label={i.label}
            active={pathname === to || pathname.startsWith(`${to}/`)}
            data-testid={`nav-${i.path}`}
            py={6}
          />
        );
      })}
    </>
  );
}

function VersionFooter() {
  const { data } = useQuery({
    queryKey: ['health'],
    queryFn: () => api<Health>('/api/health'),
    staleTime: 5 * 60_000,
  });
  return (
    <Text size="xs" c="dimmed" px="sm" py="xs" data-testid="version">
      {data ? `TEMOps v${data.version} · ${data.engine}` : 'TEMOps'}
    </Text>
  );
}

export function AppLayout() {
  const [opened, { toggle }] = useDisclosure();
  const { error } = useTenantMe();
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Title order={3} c="blue.8" style={{ letterSpacing: '-0.02em' }}>
              TEMOps
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <TenantSwitcher />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <AppShell.Section grow component={ScrollArea} px={6}>
          <NavSection title="Invoices" items={invoiceNav} />
          <NavSection title="Audit" items={auditNav} />
          <NavSection title="Inventory & contracts" items={inventoryNav} />
          <NavSection title="Reference data" items={referenceNav} />
          <NavSection title="Administration" items={adminNav} />
        </AppShell.Section>
        <AppShell.Section style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <VersionFooter />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        {error ? (
          <Alert color="red" title="This tenant is not available" data-testid="tenant-error">
            {errorMessage(error)}
          </Alert>
        ) : (
          <Outlet />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
