import { Alert, Group, Skeleton, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../api.ts';
import { useCan } from '../shell/tenant.tsx';
import { RoutingCard } from './routing-card.tsx';
import { RuleCard } from './rule-card.tsx';
import { SlaCard } from './sla-card.tsx';
import { useAuditRules } from './types.ts';

const TABS = ['rules', 'sla', 'routing'];

/** Audit configuration: rule settings with vendor overrides, service levels, routing. */
export function AuditRulesPage() {
  const can = useCan();
  const canConfigure = can('audit.configure');
  const rules = useAuditRules();
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'rules';
  const [filter, setFilter] = useState('');
  const term = filter.trim().toLowerCase();
  const shown = (rules.data ?? [])
    .filter((r) => !term || `${r.name} ${r.code} ${r.description}`.toLowerCase().includes(term))
    .sort((a, b) => a.domainRule - b.domainRule || a.name.localeCompare(b.name));
  const enabled = (rules.data ?? []).filter((r) => r.effective.enabled).length;
  return (
    <Stack gap="md">
      <Group gap="sm" align="baseline">
        <Title order={2}>Audit rules</Title>
        {rules.data && (
          <Text c="dimmed" size="sm">
            {enabled} of {rules.data.length} enabled
          </Text>
        )}
      </Group>
      {!canConfigure && (
        <Alert variant="light" color="gray">
          Only administrators change audit settings; you see them read-only.
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'rules' ? { tab: v } : {}, { replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="rules" data-testid="tab-rules">
            Rules
          </Tabs.Tab>
          <Tabs.Tab value="sla" data-testid="tab-sla">
            Service levels
          </Tabs.Tab>
          <Tabs.Tab value="routing" data-testid="tab-routing">
            Routing
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules" pt="md">
          <Stack gap="sm">
            <TextInput
              placeholder="Find a rule"
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              w={300}
              data-testid="rules-filter"
            />
            {rules.error && (
              <Alert color="red" variant="light">
                {errorMessage(rules.error)}
              </Alert>
            )}
            {rules.isPending && <Skeleton h={400} />}
            {shown.map((r) => (
              <RuleCard key={r.code} rule={r} canConfigure={canConfigure} />
            ))}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="sla" pt="md">
          <SlaCard canConfigure={canConfigure} />
        </Tabs.Panel>
        <Tabs.Panel value="routing" pt="md">
          <RoutingCard canConfigure={canConfigure} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
