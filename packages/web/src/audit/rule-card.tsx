import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { SEVERITIES } from '../exceptions/types.ts';
import { REQUIRED } from '../meta.ts';
import { RefSelect } from '../reference/ref-select.tsx';
import { tenantApi, useTenantSlug } from '../shell/tenant.tsx';
import {
  type AuditRuleInfo,
  auditRulesKey,
  type ParamSpec,
  type RuleSettings,
  UNIT_SUFFIX,
} from './types.ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: s }));

/** What the tenant has set, defaults filled in: the starting point of the rule's editor. */
function tenantSettings(r: AuditRuleInfo): RuleSettings {
  const t = r.tenant;
  return {
    enabled: t?.enabled ?? r.defaults.enabled,
    severity: t?.severity ?? r.defaults.severity,
    blocking: t?.blocking ?? r.defaults.blocking,
    params: { ...r.defaults.params, ...(t?.params ?? {}) },
  };
}

function paramErrors(specs: ParamSpec[], params: Record<string, string>, allowEmpty: boolean) {
  const out: Record<string, string> = {};
  for (const p of specs) {
    const v = (params[p.name] ?? '').trim();
    if (v === '' ? !allowEmpty : !DECIMAL.test(v)) out[p.name] = 'A decimal number, e.g. 12.5';
  }
  return out;
}

function ParamInputs({
  specs,
  values,
  placeholders,
  errors,
  onChange,
}: {
  specs: ParamSpec[];
  values: Record<string, string>;
  placeholders?: Record<string, string>;
  errors: Record<string, string>;
  onChange: (name: string, value: string) => void;
}) {
  return (
    <>
      {specs.map((p) => (
        <TextInput
          key={p.name}
          label={p.label}
          inputMode="decimal"
          rightSection={
            UNIT_SUFFIX[p.unit] ? (
              <Text size="xs" c="dimmed">
                {UNIT_SUFFIX[p.unit]}
              </Text>
            ) : undefined
          }
          rightSectionWidth={44}
          value={values[p.name] ?? ''}
          placeholder={placeholders?.[p.name]}
          onChange={(e) => onChange(p.name, e.currentTarget.value)}
          error={errors[p.name]}
          w={200}
          data-testid={`param-${p.name}`}
        />
      ))}
    </>
  );
}

function useSaveRule(code: string) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<AuditRuleInfo>(tenantApi(slug, `audit/rules/${encodeURIComponent(code)}`), { method: 'PUT', body }),
    onSuccess: (rule) =>
      qc.setQueryData<AuditRuleInfo[]>(auditRulesKey(slug), (prev) =>
        prev?.map((r) => (r.code === rule.code ? rule : r)),
      ),
  });
}

const TRI = [
  { value: 'inherit', label: 'as tenant' },
  { value: 'true', label: 'yes' },
  { value: 'false', label: 'no' },
];

/** A per-vendor override: every field left "as tenant" keeps the tenant's setting. */
function VendorOverrideModal({ rule, onClose }: { rule: AuditRuleInfo; onClose: () => void }) {
  const save = useSaveRule(rule.code);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [enabled, setEnabled] = useState('inherit');
  const [blocking, setBlocking] = useState('inherit');
  const [severity, setSeverity] = useState<string | null>(null);
  const [params, setParams] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const errors = touched ? paramErrors(rule.params, params, true) : {};
  const base = tenantSettings(rule);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!vendorId || Object.keys(paramErrors(rule.params, params, true)).length) return;
    const body: Record<string, unknown> = { vendorId };
    if (enabled !== 'inherit') body.enabled = enabled === 'true';
    if (blocking !== 'inherit') body.blocking = blocking === 'true';
    if (severity) body.severity = severity;
    const set = Object.fromEntries(Object.entries(params).filter(([, v]) => v.trim() !== ''));
    if (Object.keys(set).length) body.params = set;
    save.mutate(body, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Vendor override: {rule.name}</Text>} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" data-testid="override-modal">
          <RefSelect
            refPlural="vendors"
            label="Vendor"
            labelProps={REQUIRED}
            value={vendorId}
            onChange={setVendorId}
            error={touched && !vendorId ? 'Pick a vendor' : undefined}
            data-testid="override-vendor"
          />
          <Group gap="sm" wrap="wrap" align="flex-start">
            <Select
              label="Enabled"
              data={TRI}
              value={enabled}
              onChange={(v) => setEnabled(v ?? 'inherit')}
              allowDeselect={false}
              w={130}
            />
            <Select
              label="Severity"
              placeholder={`as tenant (${base.severity})`}
              clearable
              data={SEVERITY_OPTIONS}
              value={severity}
              onChange={setSeverity}
              w={170}
            />
            <Select
              label="Blocking"
              data={TRI}
              value={blocking}
              onChange={(v) => setBlocking(v ?? 'inherit')}
              allowDeselect={false}
              w={130}
            />
          </Group>
          {rule.params.length > 0 && (
            <Group gap="sm" wrap="wrap" align="flex-start">
              <ParamInputs
                specs={rule.params}
                values={params}
                placeholders={base.params}
                errors={errors}
                onChange={(n, v) => setParams((p) => ({ ...p, [n]: v }))}
              />
            </Group>
          )}
          {save.error && (
            <Alert color="red" variant="light">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="override-save">
              Save override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');

/** One audit rule's tenant settings, and its per-vendor overrides. */
export function RuleCard({ rule, canConfigure }: { rule: AuditRuleInfo; canConfigure: boolean }) {
  const slug = useTenantSlug();
  const qc = useQueryClient();
  const initial = tenantSettings(rule);
  const [draft, setDraft] = useState<RuleSettings>(initial);
  const [adding, setAdding] = useState(false);
  const save = useSaveRule(rule.code);
  const remove = useMutation({
    mutationFn: (vendorId: string) =>
      api<AuditRuleInfo>(
        tenantApi(
          slug,
          `audit/rules/${encodeURIComponent(rule.code)}/vendors/${encodeURIComponent(vendorId)}`,
        ),
        { method: 'DELETE' },
      ),
    onSuccess: (r) =>
      qc.setQueryData<AuditRuleInfo[]>(auditRulesKey(slug), (prev) =>
        prev?.map((x) => (x.code === r.code ? r : x)),
      ),
  });
  const errors = paramErrors(rule.params, draft.params, false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const submit = () =>
    save.mutate(
      {
        vendorId: null,
        enabled: draft.enabled,
        severity: draft.severity,
        blocking: draft.blocking,
        params: draft.params,
      },
      // the server's spelling of the saved values ("5" may come back as "5.00")
      { onSuccess: (r) => setDraft(tenantSettings(r)) },
    );
  return (
    <Card
      withBorder
      padding="md"
      data-testid="rule-card"
      data-rule={rule.code}
      opacity={draft.enabled ? 1 : 0.75}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs" align="baseline">
            <Text c="dimmed" fw={700} size="sm">
              §{rule.domainRule}
            </Text>
            <Title order={4}>{rule.name}</Title>
            <Code fz="xs">{rule.code}</Code>
            <Badge size="xs" variant="outline" color="gray">
              per {rule.subject}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" mt={2} maw={900}>
            {rule.description}
          </Text>
        </div>
        <Switch
          label="Enabled"
          checked={draft.enabled}
          disabled={!canConfigure}
          onChange={(e) => {
            const enabled = e.currentTarget.checked;
            setDraft((d) => ({ ...d, enabled }));
          }}
          data-testid="rule-enabled"
        />
      </Group>
      {/* bottoms aligned: a long parameter label may take two lines */}
      <Group gap="sm" mt="sm" align="flex-end" wrap="wrap">
        <Select
          label="Severity"
          data={SEVERITY_OPTIONS}
          value={draft.severity}
          onChange={(v) => v && setDraft((d) => ({ ...d, severity: v as RuleSettings['severity'] }))}
          allowDeselect={false}
          disabled={!canConfigure}
          w={140}
          data-testid="rule-severity"
        />
        <Switch
          label="Blocks full approval"
          checked={draft.blocking}
          disabled={!canConfigure}
          onChange={(e) => {
            const blocking = e.currentTarget.checked;
            setDraft((d) => ({ ...d, blocking }));
          }}
          mb={8}
          data-testid="rule-blocking"
        />
        <ParamInputs
          specs={rule.params}
          values={draft.params}
          placeholders={rule.defaults.params}
          errors={errors}
          onChange={(n, v) => setDraft((d) => ({ ...d, params: { ...d.params, [n]: v } }))}
        />
        {canConfigure && (
          <Group gap="xs">
            <Button
              size="sm"
              disabled={!dirty || Object.keys(errors).length > 0}
              loading={save.isPending}
              onClick={submit}
              data-testid="rule-save"
            >
              Save
            </Button>
            {dirty && (
              <Button size="sm" variant="subtle" onClick={() => setDraft(initial)}>
                Undo
              </Button>
            )}
          </Group>
        )}
      </Group>
      {save.error && (
        <Alert color="red" variant="light" mt="xs">
          {errorMessage(save.error)}
        </Alert>
      )}
      {save.isSuccess && !dirty && (
        <Text size="xs" c="teal" mt={4} data-testid="rule-saved">
          Saved. The next audit run uses these settings.
        </Text>
      )}
      <Group gap="xs" mt="sm" align="center">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Vendor overrides
        </Text>
        {canConfigure && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setAdding(true)}
            data-testid="override-add"
          >
            Add
          </Button>
        )}
      </Group>
      {rule.vendors.length === 0 ? (
        <Text size="xs" c="dimmed">
          None: every vendor uses the settings above.
        </Text>
      ) : (
        <Table fz="xs" mt={4} withTableBorder verticalSpacing={3} data-testid="override-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Vendor</Table.Th>
              <Table.Th>Enabled</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Blocking</Table.Th>
              <Table.Th>Parameters</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rule.vendors.map((v) => (
              <Table.Tr key={v.vendorId} data-testid="override-row">
                <Table.Td>{v.vendor}</Table.Td>
                <Table.Td>
                  {yesNo(v.enabled) || (
                    <Text span c="dimmed" size="xs">
                      as tenant
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {v.severity ?? (
                    <Text span c="dimmed" size="xs">
                      as tenant
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {yesNo(v.blocking) || (
                    <Text span c="dimmed" size="xs">
                      as tenant
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {Object.entries(v.params ?? {}).map(([k, val]) => (
                    <Code key={k} fz="xs" mr={4}>
                      {rule.params.find((p) => p.name === k)?.label ?? k} = {val}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>
                  {canConfigure && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="sm"
                      aria-label={`Remove override for ${v.vendor}`}
                      loading={remove.isPending && remove.variables === v.vendorId}
                      onClick={() => remove.mutate(v.vendorId)}
                    >
                      ✕
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {remove.error && (
        <Alert color="red" variant="light" mt="xs">
          {errorMessage(remove.error)}
        </Alert>
      )}
      {adding && <VendorOverrideModal rule={rule} onClose={() => setAdding(false)} />}
    </Card>
  );
}
