import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useAuditRules } from '../audit/types.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import type { ExceptionListState, FilterName } from './list-state.ts';
import { useMemberOptions } from './members.tsx';
import { SEVERITIES, STATE_LABELS, STATES } from './types.ts';

const SETS = ['active', 'closed', 'all'];
const CHIPS = { invoiceId: 'One invoice', accountId: 'One account', runId: 'One audit run' };

interface Props {
  state: ExceptionListState;
  update: (patch: Record<string, string | null>, replace?: boolean) => void;
  clear: () => void;
  /** the owner is fixed on "My work" */
  mine: boolean;
}

export function ExceptionFilters({ state, update, clear, mine }: Props) {
  const f = state.filters;
  const rules = useAuditRules();
  const members = useMemberOptions();
  const stateParam = f.state ?? 'active';
  const custom = !SETS.includes(stateParam);
  const picked = custom ? stateParam.split(',').filter(Boolean) : [];
  const set = (name: FilterName) => ({
    value: f[name] ?? null,
    onChange: (v: string | null) => update({ [name]: v }),
  });
  const owners = [
    { value: 'me', label: 'Me' },
    { value: 'unassigned', label: 'Unassigned' },
    ...members.slice(1),
  ];
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <SegmentedControl
          data={[
            { value: 'active', label: 'Active' },
            { value: 'closed', label: 'Closed' },
            { value: 'all', label: 'All' },
            { value: 'custom', label: 'Pick states' },
          ]}
          value={custom ? 'custom' : stateParam}
          onChange={(v) => update({ state: v === 'active' ? null : v === 'custom' ? 'open' : v })}
          data-testid="filter-state-set"
        />
        {custom && (
          <MultiSelect
            aria-label="States"
            data={STATES.map((s) => ({ value: s, label: STATE_LABELS[s] ?? s }))}
            value={picked}
            onChange={(v) => update({ state: v.length ? v.join(',') : null })}
            w={360}
            data-testid="filter-states"
          />
        )}
        <Checkbox
          label="Overdue only"
          checked={f.overdue === 'true'}
          onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : null })}
          mb={8}
          data-testid="filter-overdue"
        />
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Summary, identifier, invoice number"
          defaultValue={f.q ?? ''}
          onChange={(e) => update({ q: e.currentTarget.value }, true)}
          w={240}
          data-testid="filter-q"
        />
        <Select
          label="Rule"
          clearable
          searchable
          data={(rules.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
          {...set('rule')}
          w={220}
          data-testid="filter-rule"
        />
        <Select
          label="Severity"
          clearable
          data={SEVERITIES.map((s) => ({ value: s, label: s }))}
          {...set('severity')}
          w={120}
          data-testid="filter-severity"
        />
        <RefSelect refPlural="vendors" label="Vendor" {...set('vendorId')} w={180} />
        {!mine && (
          <Select
            label="Owner"
            clearable
            searchable
            data={owners}
            {...set('owner')}
            w={180}
            data-testid="filter-owner"
          />
        )}
        {(['invoiceId', 'accountId', 'runId'] as const).map(
          (k) =>
            f[k] && (
              <Badge
                key={k}
                variant="light"
                size="lg"
                mb={4}
                rightSection={
                  <CloseButton size="xs" aria-label="Remove filter" onClick={() => update({ [k]: null })} />
                }
                data-testid={`chip-${k}`}
              >
                {CHIPS[k]}
              </Badge>
            ),
        )}
        <Button variant="subtle" onClick={clear}>
          Clear filters
        </Button>
      </Group>
    </Stack>
  );
}
