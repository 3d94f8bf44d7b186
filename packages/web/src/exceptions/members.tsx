import { type ComboboxItem, Select, type SelectProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { useUser } from '../auth.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** The tenant's members; empty for roles that may not list them (the picker then offers only "me"). */
export function useMembers() {
  const slug = useTenantSlug();
  const can = useCan();
  const allowed = can('member.read');
  const q = useQuery({
    queryKey: ['tenant', slug, 'members'],
    queryFn: () => api<Member[]>(tenantApi(slug, 'members')),
    staleTime: 60_000,
    enabled: allowed,
  });
  return q.data ?? [];
}

/** Member options with the signed-in user first, so "assign to me" is one click. */
export function useMemberOptions(): ComboboxItem[] {
  const { user } = useUser();
  const members = useMembers();
  const others = members
    .filter((m) => m.id !== user.id)
    .map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ value: user.id, label: `${user.name} (me)` }, ...others];
}

export const memberName = (members: Member[], id: string | null) =>
  id ? (members.find((m) => m.id === id)?.name ?? id) : null;

type OwnerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (value: string | null) => void;
};

/** A member picker; clearing it means "unassigned". */
export function OwnerSelect({ value, onChange, ...rest }: OwnerProps) {
  const options = useMemberOptions();
  const data =
    value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <Select
      searchable
      clearable
      placeholder="Unassigned"
      {...rest}
      data={data}
      value={value}
      onChange={(v) => onChange(v)}
    />
  );
}
