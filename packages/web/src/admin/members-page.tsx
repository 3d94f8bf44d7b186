import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api.ts';
import { useUser } from '../auth.tsx';
import { formatDate, REQUIRED, roleLabel, useRoles } from '../meta.ts';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';

interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  since: string;
}

function AddMemberModal({ onClose }: { onClose: () => void }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const { data: roles } = useRoles();
  const [v, setV] = useState({ email: '', name: '', password: '', role: 'viewer' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (value: string) => setV((p) => ({ ...p, [k]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) errs.email = 'A valid e-mail address is required';
    if (v.password && v.password.length < 10) errs.password = 'At least 10 characters';
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const body = {
        email: v.email.trim(),
        role: v.role,
        name: v.name.trim() || undefined,
        password: v.password || undefined,
      };
      await api(tenantApi(slug, 'members'), { method: 'POST', body });
      await qc.invalidateQueries({ queryKey: ['tenant', slug, 'members'] });
      onClose();
    } catch (err) {
      const f = err instanceof ApiError ? err.fieldErrors() : {};
      setErrors(f);
      if (!Object.keys(f).length) setGeneral(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Add member</Text>}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {general && (
            <Alert color="red" variant="light" data-testid="form-error">
              {general}
            </Alert>
          )}
          <TextInput
            label="E-mail"
            name="email"
            type="email"
            labelProps={REQUIRED}
            value={v.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
            data-autofocus
          />
          <TextInput
            label="Name"
            name="name"
            value={v.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            error={errors.name}
          />
          <PasswordInput
            label="Password"
            name="password"
            description="Only for people without a TEMOps account yet (min. 10 characters)"
            autoComplete="new-password"
            value={v.password}
            onChange={(e) => set('password')(e.currentTarget.value)}
            error={errors.password}
          />
          <Select
            label="Role"
            name="role"
            labelProps={REQUIRED}
            allowDeselect={false}
            data={(roles ?? []).map((r) => ({ value: r.role, label: r.label }))}
            value={v.role}
            onChange={(r) => r && set('role')(r)}
            error={errors.role}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="save-member">
              Add member
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function MembersPage() {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const can = useCan();
  const { user } = useUser();
  const { data: roles } = useRoles();
  const [adding, setAdding] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const members = useQuery({
    queryKey: ['tenant', slug, 'members'],
    queryFn: () => api<Member[]>(tenantApi(slug, 'members')),
  });
  const manage = can('member.manage');

  async function remove(m: Member) {
    setError(null);
    try {
      await api(tenantApi(slug, `members/${m.id}`), { method: 'DELETE' });
      await qc.invalidateQueries({ queryKey: ['tenant', slug, 'members'] });
    } catch (err) {
      setError(errorMessage(err));
    }
    setConfirm(null);
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="sm" align="baseline">
          <Title order={2}>Members</Title>
          <Text c="dimmed" size="sm">
            {members.data ? `${members.data.length} total` : ''}
          </Text>
        </Group>
        {manage && (
          <Button onClick={() => setAdding(true)} data-testid="add-member">
            Add member
          </Button>
        )}
      </Group>
      {(members.error || error) && (
        <Alert color="red" variant="light">
          {error ?? errorMessage(members.error)}
        </Alert>
      )}
      <Table striped withTableBorder verticalSpacing={6} bg="white" data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Since</Table.Th>
            {manage && <Table.Th w={200} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(members.data ?? []).map((m) => (
            <Table.Tr key={m.id} data-testid="member-row">
              <Table.Td>{m.email}</Table.Td>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>
                <Badge variant="light" size="sm">
                  {roleLabel(roles, m.role)}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDate(m.since)}</Table.Td>
              {manage && (
                <Table.Td ta="right">
                  {m.id === user.id ? (
                    <Text size="xs" c="dimmed">
                      you
                    </Text>
                  ) : confirm === m.id ? (
                    <Group gap={4} justify="flex-end">
                      <Button
                        size="compact-xs"
                        color="red"
                        onClick={() => remove(m)}
                        data-testid="confirm-remove"
                      >
                        Remove
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => setConfirm(null)}>
                        Keep
                      </Button>
                    </Group>
                  ) : (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setConfirm(m.id)}
                      data-testid="remove-member"
                    >
                      Remove
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {adding && <AddMemberModal onClose={() => setAdding(false)} />}
    </Stack>
  );
}
