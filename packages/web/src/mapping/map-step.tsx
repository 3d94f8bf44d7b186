import {
  ActionIcon,
  Anchor,
  Button,
  Collapse,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { kindLabel } from '../invoices/types.ts';
import { REQUIRED } from '../meta.ts';
import {
  columnIndex,
  type Draft,
  effectiveDetect,
  effectiveId,
  mappedHeaders,
  nextKey,
  normHeader,
  shownRef,
  unmappedKindValues,
} from './draft.ts';
import { SampleTable } from './sample.tsx';
import {
  CHARGE_KINDS,
  type ChargeKind,
  type ColumnRef,
  type CsvEncoding,
  DATE_FORMATS,
  type DateFormat,
  DECIMAL_MARKS,
  type DecimalMark,
  delimiterName,
  ENCODINGS,
  FIELD_LABELS,
  type Field,
  type Preview,
  SERVICE_TYPES,
  type ServiceType,
  THOUSANDS_OPTIONS,
} from './types.ts';

export type Update = (patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void;

const KIND_OPTIONS = CHARGE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }));

/** Fields in the order the form shows them; amount and row total depend on the layout. */
const MAIN_FIELDS: Field[] = [
  'accountNumber',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'periodStart',
  'periodEnd',
  'serviceId',
  'description',
  'productCode',
  'quantity',
  'unit',
  'unitRate',
  'amount',
  'kind',
  'currency',
  'subAccountNumber',
  'vendorName',
  'rowTotal',
];

const shortLabel = (f: Field) => FIELD_LABELS[f].replace(/\s*\(.*\)$/, '');

interface Props {
  draft: Draft;
  update: Update;
  /** the sample file's preview (headers, sample rows); null when editing without a file */
  preview: Preview | null;
}

/** Header pickers: the file's headers, plus a mapped header the file lacks (editing without a file). */
function useHeaderOptions(preview: Preview | null) {
  const headers = preview?.headers ?? [];
  const base = [...new Set(headers.filter((h) => h.trim() !== ''))];
  const options = (value: string | null) =>
    value && !base.includes(value)
      ? [
          ...base.map((h) => ({ value: h, label: h })),
          { value, label: preview ? `${value} (not in this file)` : value },
        ]
      : base.map((h) => ({ value: h, label: h }));
  const sample = (ref: ColumnRef | null | undefined): string | null => {
    const idx = columnIndex(ref, headers);
    if (idx < 0 || !preview) return null;
    return preview.sampleRows.map((r) => (r.cells[idx] ?? '').trim()).find((c) => c !== '') ?? null;
  };
  return { headers, options, sample };
}

function ColumnSelect({
  field,
  draft,
  update,
  preview,
}: {
  field: Field;
  draft: Draft;
  update: Update;
  preview: Preview | null;
}) {
  const { headers, options, sample } = useHeaderOptions(preview);
  const ref = draft.columns[field];
  const value = ref === undefined ? null : shownRef(ref, headers);
  const example = sample(ref);
  const required = field === 'accountNumber' || (field === 'amount' && !draft.wide);
  return (
    <Select
      label={FIELD_LABELS[field]}
      labelProps={required ? REQUIRED : undefined}
      placeholder="Not in the file"
      data={options(value)}
      value={value}
      onChange={(v) =>
        update((d) => {
          const columns = { ...d.columns };
          if (v) columns[field] = v;
          else delete columns[field];
          return { columns };
        })
      }
      clearable
      searchable
      nothingFoundMessage="No such header"
      description={
        example ? (
          <Text span size="xs" c="dimmed" truncate="end" display="block" title={example}>
            e.g. {example}
          </Text>
        ) : (
          '\u00a0'
        )
      }
      data-testid={`map-${field}`}
    />
  );
}

function AmountColumns({ draft, update, preview }: Props) {
  const { headers, options } = useHeaderOptions(preview);
  const setRow = (key: number, patch: Partial<Draft['amountColumns'][number]>) =>
    update((d) => ({ amountColumns: d.amountColumns.map((a) => (a.key === key ? { ...a, ...patch } : a)) }));
  return (
    <Stack gap="xs" data-testid="mapping-amount-columns">
      {draft.amountColumns.map((a, i) => {
        const value = a.column ? shownRef(a.column, headers) : null;
        return (
          <Group key={a.key} gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label={i === 0 ? 'Amount column' : undefined}
              aria-label="Amount column"
              placeholder="Header"
              data={options(value)}
              value={value}
              onChange={(v) => setRow(a.key, { column: v })}
              searchable
              style={{ flex: 2 }}
              data-testid={`amount-column-${i}`}
            />
            <Select
              label={i === 0 ? 'Kind' : undefined}
              aria-label="Kind"
              data={KIND_OPTIONS}
              value={a.kind}
              onChange={(v) => v && setRow(a.key, { kind: v as ChargeKind })}
              allowDeselect={false}
              style={{ flex: 1 }}
              data-testid={`amount-kind-${i}`}
            />
            <Select
              label={i === 0 ? 'Negative amounts as' : undefined}
              aria-label="Negative amounts as"
              placeholder="Same kind"
              data={KIND_OPTIONS}
              value={a.creditKind}
              onChange={(v) => setRow(a.key, { creditKind: (v as ChargeKind | null) ?? null })}
              clearable
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label="Remove amount column"
              onClick={() =>
                update((d) => ({ amountColumns: d.amountColumns.filter((x) => x.key !== a.key) }))
              }
            >
              ✕
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() =>
            update((d) => ({
              amountColumns: [
                ...d.amountColumns,
                { key: nextKey(), column: null, kind: d.defaultKind, creditKind: null },
              ],
            }))
          }
          data-testid="mapping-add-amount-column"
        >
          Add amount column
        </Button>
      </Group>
    </Stack>
  );
}

function KindMap({ draft, update, preview }: Props) {
  const fromFile = unmappedKindValues(draft, preview);
  const setRow = (key: number, patch: Partial<Draft['kindMap'][number]>) =>
    update((d) => ({ kindMap: d.kindMap.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
  const kindHeader = draft.columns.kind ? shownRef(draft.columns.kind, preview?.headers ?? []) : null;
  return (
    <Stack gap="xs" data-testid="mapping-kindmap">
      <Text size="sm" fw={500}>
        Charge types{kindHeader ? ` in “${kindHeader}”` : ''} → kind
      </Text>
      <Text size="xs" c="dimmed">
        {draft.columns.kind
          ? 'Values that already name a kind (usage, one time, tax …) need no row. Write /pattern/ to match by regular expression (also tried on the description).'
          : 'Without a charge type column, /pattern/ rows are tried on the description; every other charge gets the default kind.'}
      </Text>
      {draft.kindMap.map((r, i) => (
        <Group key={r.key} gap="xs" wrap="nowrap">
          <TextInput
            aria-label="Value in the file"
            placeholder="Value in the file"
            value={r.value}
            onChange={(e) => setRow(r.key, { value: e.currentTarget.value })}
            style={{ flex: 1 }}
            data-testid={`kindmap-value-${i}`}
          />
          <Text c="dimmed">→</Text>
          <Select
            aria-label={`Kind for ${r.value || 'this value'}`}
            placeholder="Kind"
            data={KIND_OPTIONS}
            value={r.kind}
            onChange={(v) => setRow(r.key, { kind: (v as ChargeKind | null) ?? null })}
            allowDeselect={false}
            error={r.value.trim() && !r.kind ? true : undefined}
            style={{ flex: 1 }}
            data-testid={`kindmap-kind-${i}`}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label="Remove charge type"
            onClick={() => update((d) => ({ kindMap: d.kindMap.filter((x) => x.key !== r.key) }))}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          onClick={() =>
            update((d) => ({ kindMap: [...d.kindMap, { key: nextKey(), value: '', kind: null }] }))
          }
          data-testid="mapping-kindmap-add"
        >
          Add charge type
        </Button>
        {fromFile.length > 0 && (
          <Button
            variant="default"
            size="xs"
            onClick={() =>
              update((d) => ({
                kindMap: [
                  ...d.kindMap.filter((x) => x.value.trim() || x.kind),
                  ...fromFile.map((value) => ({ key: nextKey(), value, kind: null })),
                ],
              }))
            }
            data-testid="mapping-kindmap-from-file"
            title={fromFile.join(', ')}
          >
            Add the {fromFile.length} value{fromFile.length === 1 ? '' : 's'} seen in the file
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function DetectHeaders({ draft, update, preview }: Props) {
  const headers = preview?.headers ?? [];
  const value = effectiveDetect(draft, headers);
  const present = new Set(headers.map(normHeader));
  const absent = preview ? value.filter((h) => !present.has(normHeader(h))) : [];
  return (
    <Stack gap={4}>
      <TagsInput
        label="Detect headers"
        labelProps={REQUIRED}
        description="A file is read with this profile when its header row has all of these (case and spacing ignored)."
        data={[...new Set(headers.filter((h) => h.trim()))]}
        value={value}
        onChange={(v) => update({ detectHeaders: v, detectTouched: true })}
        clearable
        data-testid="mapping-detect-headers"
        error={absent.length ? `Not in this file: ${absent.join(', ')}` : undefined}
      />
      {draft.detectTouched && (
        <Anchor
          component="button"
          type="button"
          size="xs"
          ta="left"
          onClick={() => update({ detectHeaders: mappedHeaders(draft, headers), detectTouched: false })}
          data-testid="mapping-detect-reset"
        >
          Use the mapped columns' headers
        </Anchor>
      )}
    </Stack>
  );
}

function Advanced({ draft, update }: Omit<Props, 'preview'>) {
  const delimiters = [',', ';', '\t', '|'];
  if (draft.delimiter && !delimiters.includes(draft.delimiter)) delimiters.push(draft.delimiter);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      <NumberInput
        label="Header row"
        description="Empty: the first row with all detect headers"
        min={1}
        allowDecimal={false}
        value={draft.headerRow ?? ''}
        onChange={(v) => update({ headerRow: typeof v === 'number' && v >= 1 ? v : null })}
        data-testid="mapping-header-row"
      />
      <Select
        label="Delimiter"
        description="CSV only"
        data={[
          { value: 'auto', label: 'Detect (, ; tab |)' },
          ...delimiters.map((d) => ({ value: d, label: delimiterName(d) })),
        ]}
        value={draft.delimiter || 'auto'}
        onChange={(v) => update({ delimiter: !v || v === 'auto' ? '' : v })}
        allowDeselect={false}
        data-testid="mapping-delimiter"
      />
      <Select
        label="Encoding"
        description="CSV only"
        data={ENCODINGS}
        value={draft.encoding}
        onChange={(v) => v && update({ encoding: v as CsvEncoding })}
        allowDeselect={false}
        data-testid="mapping-encoding"
      />
      <TextInput
        label="Worksheet"
        description="XLSX only; empty: the first sheet"
        value={draft.sheet}
        onChange={(e) => update({ sheet: e.currentTarget.value })}
        data-testid="mapping-sheet"
      />
      <Select
        label="Invoice key without a number"
        description="No invoice number column: account plus this"
        placeholder="Invoice date if mapped, else period"
        data={[
          { value: 'invoiceDate', label: 'Invoice date' },
          { value: 'period', label: 'Billing period' },
        ]}
        value={draft.invoiceNumberFrom || null}
        onChange={(v) => update({ invoiceNumberFrom: (v as Draft['invoiceNumberFrom'] | null) ?? '' })}
        clearable
        data-testid="mapping-invoice-number-from"
      />
      <Select
        label="Service type"
        description="What the service ids are"
        placeholder="Not set"
        data={SERVICE_TYPES.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }))}
        value={draft.serviceType || null}
        onChange={(v) => update({ serviceType: (v as ServiceType | null) ?? '' })}
        clearable
        data-testid="mapping-service-type"
      />
      <TextInput
        label="Vendor code"
        description="Matches the vendor record by code"
        value={draft.vendorCode}
        onChange={(e) => update({ vendorCode: e.currentTarget.value })}
        data-testid="mapping-vendor-code"
      />
    </SimpleGrid>
  );
}

const hasAdvanced = (d: Draft) =>
  d.headerRow !== null ||
  d.delimiter !== '' ||
  d.encoding !== 'auto' ||
  d.sheet !== '' ||
  d.invoiceNumberFrom !== '' ||
  d.serviceType !== '' ||
  d.vendorCode !== '';

export function MapStep({ draft, update, preview }: Props) {
  const [more, setMore] = useState(() => hasAdvanced(draft));
  const headers = preview?.headers ?? [];
  const fields = MAIN_FIELDS.filter((f) =>
    f === 'amount' ? !draft.wide : f === 'rowTotal' ? draft.wide : true,
  );
  const mapped = new Map<number, string[]>();
  const mark = (ref: ColumnRef | null | undefined, label: string) => {
    const idx = columnIndex(ref, headers);
    if (idx >= 0) mapped.set(idx, [...(mapped.get(idx) ?? []), label]);
  };
  for (const f of fields) mark(draft.columns[f], shortLabel(f));
  if (draft.wide) for (const a of draft.amountColumns) mark(a.column, kindLabel(a.kind));

  return (
    <Stack gap="md">
      {preview ? (
        <SampleTable preview={preview} rows={4} mapped={mapped} testId="mapping-sample" />
      ) : (
        <Text size="sm" c="dimmed">
          No sample file: the pickers offer the headers the profile already uses. Choose a file in step 1 to
          map other columns and to preview charges.
        </Text>
      )}

      <Fieldset legend="Columns">
        <Stack gap="sm">
          <Switch
            label="One column per charge type (wide layout)"
            description="Each money column of a row becomes its own charge, e.g. “Monthly access”, “Usage”, “Taxes”."
            checked={draft.wide}
            onChange={(e) => {
              const wide = e.currentTarget.checked;
              update((d) => ({
                wide,
                amountColumns:
                  wide && d.amountColumns.length === 0
                    ? [
                        {
                          key: nextKey(),
                          column: d.columns.amount ?? null,
                          kind: d.defaultKind,
                          creditKind: null,
                        },
                      ]
                    : d.amountColumns,
              }));
            }}
            data-testid="mapping-wide"
          />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
            {fields.map((f) => (
              <ColumnSelect key={f} field={f} draft={draft} update={update} preview={preview} />
            ))}
          </SimpleGrid>
          {draft.wide && <AmountColumns draft={draft} update={update} preview={preview} />}
        </Stack>
      </Fieldset>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Fieldset legend="Charge kinds">
          <Stack gap="sm">
            <Select
              label="Default kind"
              description="For charges whose type is empty or not listed"
              data={KIND_OPTIONS}
              value={draft.defaultKind}
              onChange={(v) => v && update({ defaultKind: v as ChargeKind })}
              allowDeselect={false}
              data-testid="mapping-default-kind"
            />
            <KindMap draft={draft} update={update} preview={preview} />
          </Stack>
        </Fieldset>

        <Fieldset legend="Numbers, dates and totals">
          <SimpleGrid cols={2} spacing="sm">
            <Select
              label="Date format"
              description="ISO dates are always understood"
              data={DATE_FORMATS}
              value={draft.dateFormat}
              onChange={(v) => v && update({ dateFormat: v as DateFormat })}
              allowDeselect={false}
              data-testid="mapping-date-format"
            />
            <TextInput
              label="Currency"
              description="When the file has no currency column"
              placeholder="e.g. EUR"
              maxLength={3}
              value={draft.currency}
              onChange={(e) => update({ currency: e.currentTarget.value.toUpperCase() })}
              data-testid="mapping-currency"
            />
            <Select
              label="Decimal mark"
              data={DECIMAL_MARKS}
              value={draft.decimalMark}
              onChange={(v) => v && update({ decimalMark: v as DecimalMark })}
              allowDeselect={false}
              data-testid="mapping-decimal-mark"
            />
            <Select
              label="Thousands separator"
              data={THOUSANDS_OPTIONS}
              value={draft.thousands}
              onChange={(v) => v && update({ thousands: v })}
              allowDeselect={false}
              data-testid="mapping-thousands"
            />
          </SimpleGrid>
          <TextInput
            mt="sm"
            label="Skip rows whose first cell matches"
            description="Regular expression, case ignored: totals and subtotals, e.g. ^(sub)?total"
            placeholder="^(grand )?(sub)?total"
            value={draft.skipRowsMatching}
            onChange={(e) => update({ skipRowsMatching: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="mapping-skip-rows"
          />
        </Fieldset>
      </SimpleGrid>

      <Fieldset legend="Profile">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
            <TextInput
              label="Profile name"
              labelProps={REQUIRED}
              placeholder="e.g. Verizon Wireless export"
              value={draft.name}
              onChange={(e) => update({ name: e.currentTarget.value })}
              data-testid="profile-name"
            />
            <TextInput
              label="Vendor name"
              placeholder="As on the vendor record"
              value={draft.vendorName}
              onChange={(e) => update({ vendorName: e.currentTarget.value })}
              data-testid="mapping-vendor-name"
            />
            <TextInput
              label="Profile id"
              placeholder="derived from the name"
              value={effectiveId(draft)}
              onChange={(e) => update({ id: e.currentTarget.value, idTouched: true })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="mapping-profile-id"
            />
          </SimpleGrid>
          <DetectHeaders draft={draft} update={update} preview={preview} />
        </Stack>
      </Fieldset>

      <div>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => setMore((m) => !m)}
          data-testid="mapping-more"
        >
          {more ? '▾' : '▸'} More settings (header row, delimiter, encoding, worksheet …)
        </Anchor>
        <Collapse expanded={more}>
          <Fieldset legend="More settings" mt="xs">
            <Advanced draft={draft} update={update} />
          </Fieldset>
        </Collapse>
      </div>
    </Stack>
  );
}
