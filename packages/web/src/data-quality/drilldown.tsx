import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorMessage } from '../api.ts';
import { formatAmount } from '../money.ts';
import { PagingFooter } from '../paging-footer.tsx';
import { tenantApi, useCan, useTenantSlug } from '../shell/tenant.tsx';
import { BulkFix } from './bulk-fix.tsx';
import type { FailingService, RuleItems, RuleScore } from './types.ts';

/** The records failing one rule, with row selection and the bulk fixes that clear it (keyed by rule, so each opens fresh). */
export function Drilldown({ rule, onClose }: { rule: RuleScore | null; onClose: () => void }) {
  const slug = useTenantSlug();
  const can = useCan();
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const ruleId = rule?.id;
  const items = useQuery({
    queryKey: ['tenant', slug, 'dq', 'items', ruleId, paging],
    queryFn: () =>
      api<RuleItems>(tenantApi(slug, `data-quality/rules/${encodeURIComponent(ruleId ?? '')}/items`), {
        query: paging,
      }),
    enabled: !!ruleId,
    placeholderData: keepPreviousData,
  });
  const data = items.data?.rule === ruleId ? items.data : undefined;

  return (
    <Drawer
      opened={!!rule}
      onClose={onClose}
      position="right"
      size="80%"
      title={
        rule ? `${rule.title}: ${rule.failing.toLocaleString()} of ${rule.population.toLocaleString()}` : ''
      }
    >
      <Stack gap="sm" data-testid="dq-drilldown" data-rule={ruleId}>
        {rule && (
          <Text size="sm" c="dimmed">
            {rule.description}
          </Text>
        )}
        {items.error && (
          <Alert color="red" variant="light">
            {errorMessage(items.error)}
          </Alert>
        )}
        {done && (
          <Alert
            color="teal"
            variant="light"
            withCloseButton
            onClose={() => setDone(null)}
            data-testid="dq-fix-done"
          >
            {done}
          </Alert>
        )}
        {!data ? (
          <Skeleton h={240} />
        ) : data.kind === 'discovered' ? (
          <>
            <Group justify="space-between">
              <Text size="sm">
                Identifiers billed but not in inventory. Decide on them on the discovery page.
              </Text>
              <Button component={Link} to={`/t/${slug}/discovery`} variant="light">
                Open discovery
              </Button>
            </Group>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Identifier</Table.Th>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                  <Table.Th ta="right">Last month</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((d) => (
                  <Table.Tr key={`${d.vendorId}/${d.identifier}`} data-testid="dq-item-row">
                    <Table.Td ff="monospace">{d.identifier}</Table.Td>
                    <Table.Td>{d.vendorCode}</Table.Td>
                    <Table.Td>{d.accountNumber ?? '—'}</Table.Td>
                    <Table.Td>{d.lastSeen ?? '—'}</Table.Td>
                    <Table.Td ta="right">{formatAmount(d.lastMonthAmount, d.currency)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        ) : (
          <ServiceItems
            rule={ruleId!}
            items={data.items}
            selected={selected}
            setSelected={setSelected}
            canFix={can('service.write')}
            onDone={(m) => {
              setDone(m);
              setSelected(new Set());
            }}
          />
        )}
        {data && (
          <PagingFooter
            total={data.total}
            page={paging.page}
            pageSize={paging.pageSize}
            onChange={(n) =>
              setPaging((p) => ({
                page: n.pageSize ? 1 : (n.page ?? p.page),
                pageSize: Number(n.pageSize ?? p.pageSize),
              }))
            }
            rangeTestId="dq-items-range"
            empty="Nothing fails this rule"
          />
        )}
      </Stack>
    </Drawer>
  );
}

function ServiceItems({
  rule,
  items,
  selected,
  setSelected,
  canFix,
  onDone,
}: {
  rule: string;
  items: FailingService[];
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  canFix: boolean;
  onDone: (message: string) => void;
}) {
  const slug = useTenantSlug();
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const vendors = new Set(items.filter((i) => selected.has(i.id)).map((i) => i.vendorId));
  return (
    <>
      {canFix && (
        <BulkFix
          rule={rule}
          ids={[...selected]}
          vendorId={vendors.size === 1 ? [...vendors][0] : undefined}
          onDone={onDone}
        />
      )}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all on this page"
                checked={allOnPage}
                indeterminate={!allOnPage && items.some((i) => selected.has(i.id))}
                onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((i) => i.id)))}
                data-testid="dq-select-all"
              />
            </Table.Th>
            <Table.Th>Identifier</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Vendor</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Cost center</Table.Th>
            <Table.Th>Location</Table.Th>
            <Table.Th>Last reviewed</Table.Th>
            <Table.Th>Contract item</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.id} data-testid="dq-item-row" data-id={s.id}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${s.identifier}`}
                  checked={selected.has(s.id)}
                  onChange={() => toggle(s.id)}
                  data-testid="dq-item-select"
                />
              </Table.Td>
              <Table.Td ff="monospace">
                <Anchor component={Link} to={`/t/${slug}/services/${s.id}`} size="sm">
                  {s.identifier}
                </Anchor>
              </Table.Td>
              <Table.Td>{s.serviceType}</Table.Td>
              <Table.Td>{s.vendorCode}</Table.Td>
              <Table.Td>{s.state}</Table.Td>
              <Table.Td>
                {s.ownerName ?? '—'}
                {s.leaverDate && (
                  <Badge color="red" variant="light" ml={4} size="sm">
                    left {s.leaverDate}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{s.costCenterCode ?? '—'}</Table.Td>
              <Table.Td>
                {s.locationCode ?? '—'}
                {s.locationStatus === 'closed' && (
                  <Badge color="red" variant="light" ml={4} size="sm">
                    closed {s.locationClosedOn}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{s.lastReviewedOn ?? 'never'}</Table.Td>
              <Table.Td>
                {s.rateItemName ? `${s.contractNumber} · ${s.rateItemName}` : '—'}
                {s.contractTermEnd && (
                  <Text span size="xs" c="dimmed" ml={4}>
                    ends {s.contractTermEnd}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
