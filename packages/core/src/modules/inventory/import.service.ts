import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { actorLabel, authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { normalizeIdentifier } from '../imports/service-id.ts';
import { ATTR_PREFIX, COLUMNS, type ColumnName, columnForHeader, columnForName } from './columns.ts';
import {
  changedFields,
  checkFields,
  columnsOf,
  fieldsOf,
  type Lookups,
  pick,
  type ServiceFields,
  ServiceFieldsInput,
} from './fields.ts';
import {
  canTransition,
  DATE_COLUMN,
  isServiceState,
  type ServiceState,
  transitionDates,
} from './lifecycle.ts';
import { serviceTypeMap } from './service-types.service.ts';
import {
  chunks,
  findByIdentifiers,
  insertServices,
  insertTransitions,
  type LabelledServiceRow,
  referenceKeys,
  updateServiceRow,
} from './services.queries.ts';
import { newServiceRows, today } from './services.service.ts';
import { detectFormat, readTable, type TableFormat } from './table-file.ts';

export const MAX_INVENTORY_BYTES = 50 * 1024 * 1024;

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface InventoryLine {
  line: number;
  /** vendor code and normalised identifier */
  key: string;
  action: 'create' | 'update' | 'unchanged' | 'error';
  changes?: FieldChange[];
  errors: string[];
}

export interface InventoryImportReport {
  file: string;
  format: TableFormat;
  dryRun: boolean;
  applied: boolean;
  /** which file column feeds each of our columns */
  columns: Record<string, string>;
  /** file columns nothing was read from */
  ignoredColumns: string[];
  creates: number;
  updates: number;
  unchanged: number;
  errors: number;
  lines: InventoryLine[];
}

export interface InventoryImportInput {
  file: string;
  content: Buffer;
  dryRun: boolean;
  format?: TableFormat;
  /** our column (or field) name → the file's header */
  mapping?: Record<string, string>;
  onProgress?: (done: number, total: number) => void;
}

class RollBack extends Error {}

type Col = ColumnName | `attr.${string}`;

const STATE_DATE: Record<ServiceState, keyof ServiceFields> = {
  ordered: 'orderedOn',
  active: 'activatedOn',
  suspended: 'suspendedOn',
  disconnect_requested: 'disconnectRequestedOn',
  disconnected: 'disconnectedOn',
};
const DATE_FIELD_OF_COLUMN = Object.fromEntries(
  Object.entries(DATE_COLUMN).map(([state, column]) => [column, STATE_DATE[state as ServiceState]]),
) as Record<string, keyof ServiceFields>;

/** Where each of our columns sits in the file, from the caller's mapping or by matching headers. */
function mapColumns(file: string, header: string[], mapping: Record<string, string> | undefined) {
  const index = new Map<Col, number>();
  const headerIndex = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  if (mapping) {
    for (const [ours, theirs] of Object.entries(mapping)) {
      const col = columnForName(ours);
      if (!col)
        throw invalid(
          `mapping: ${ours} is not an inventory column (${COLUMNS.map((c) => c.name).join(', ')})`,
        );
      const i = headerIndex.get(theirs.trim().toLowerCase());
      if (i === undefined)
        throw invalid(`${file} line 1: no column "${theirs}" (mapped to ${ours})`, { file, line: 1 });
      index.set(col, i);
    }
  } else {
    header.forEach((h, i) => {
      const col = columnForHeader(h);
      if (col && !index.has(col)) index.set(col, i);
    });
  }
  const columns = Object.fromEntries([...index].map(([c, i]) => [c, header[i]!]));
  const missing = (['type', 'identifier', 'vendor'] as const).filter((c) => !index.has(c));
  // The headers and what was matched go with the error so a person can finish the mapping.
  if (missing.length > 0)
    throw invalid(`${file} line 1: missing column(s) ${missing.join(', ')}`, {
      file,
      line: 1,
      headers: header,
      columns,
    });
  const used = new Set(index.values());
  return {
    index,
    columns,
    ignored: header.filter((_, i) => !used.has(i)),
  };
}

type Keys = Awaited<ReturnType<typeof referenceKeys>>;

/** Natural keys → ids, and ids → what a person reads in a diff. */
function keyMaps(k: Keys) {
  const lc = (s: string) => s.trim().toLowerCase();
  const vendorByCode = new Map(k.vendors.map((v) => [lc(v.code), v.id]));
  const account = new Map(k.accounts.map((a) => [`${a.vendor_id} ${lc(a.account_number)}`, a.id]));
  const rateItems = new Map<string, string[]>();
  for (const r of k.rateItems) {
    for (const name of new Set([r.code, r.name].filter((x): x is string => !!x).map(lc))) {
      for (const key of [`${r.vendor_id} ${lc(r.contract_number)} ${name}`, `${r.vendor_id}  ${name}`]) {
        const ids = rateItems.get(key) ?? [];
        if (!ids.includes(r.id)) ids.push(r.id);
        rateItems.set(key, ids);
      }
    }
  }
  const vendorIds = new Set(k.vendors.map((v) => v.id));
  const accountById = new Map(k.accounts.map((a) => [a.id, a]));
  const rateItemById = new Map(k.rateItems.map((r) => [r.id, r]));
  // every id in a line came out of these maps, so it exists in the tenant
  const lookups: Lookups = {
    vendor: async (id) => vendorIds.has(id),
    account: async (id) => {
      const a = accountById.get(id);
      return a ? { vendorId: a.vendor_id, currency: a.currency } : null;
    },
    rateItem: async (id) => {
      const r = rateItemById.get(id);
      return r ? { vendorId: r.vendor_id } : null;
    },
    exists: async () => true,
  };
  const label: Record<string, Map<string, string>> = {
    vendorId: new Map(k.vendors.map((v) => [v.id, v.code])),
    billingAccountId: new Map(k.accounts.map((a) => [a.id, a.account_number])),
    ownerId: new Map(k.people.map((p) => [p.id, p.employee_id])),
    costCenterId: new Map(k.costCenters.map((c) => [c.id, c.code])),
    locationId: new Map(k.locations.map((l) => [l.id, l.code])),
    rateItemId: new Map(k.rateItems.map((r) => [r.id, `${r.contract_number} / ${r.code ?? r.name}`])),
  };
  return {
    vendorByCode,
    account: (vendorId: string, number: string) => account.get(`${vendorId} ${lc(number)}`),
    person: new Map(k.people.map((p) => [lc(p.employee_id), p.id])),
    costCenter: new Map(k.costCenters.map((c) => [lc(c.code), c.id])),
    location: new Map(k.locations.map((l) => [lc(l.code), l.id])),
    rateItem: (vendorId: string, contract: string, item: string) =>
      rateItems.get(`${vendorId} ${lc(contract)} ${lc(item)}`) ?? [],
    lookups,
    label,
    lc,
  };
}

interface Candidate {
  line: number;
  result: InventoryLine;
  get: (c: Col) => string | undefined;
  vendorId: string | null;
  identifier: string | null;
}

/**
 * Imports (or, with dryRun, previews) a file of services, all or nothing. Lines are matched to
 * existing services by vendor code + normalised identifier; references resolve by natural key.
 * A state change goes through the lifecycle rules and is recorded as a transition. The dry run
 * and the real run take the same path in one transaction, rolled back unless applied.
 */
export async function importServices(ctx: Ctx, input: InventoryImportInput): Promise<InventoryImportReport> {
  authorize(ctx.actor, 'service.write');
  if (input.content.length > MAX_INVENTORY_BYTES)
    throw new AppError('payload_too_large', `${input.file}: larger than ${MAX_INVENTORY_BYTES} bytes`);
  const format = input.format ?? detectFormat(input.file, input.content);
  const table = await readTable(input.file, input.content, format);
  const { index, columns, ignored } = mapColumns(input.file, table.header, input.mapping);
  const report: InventoryImportReport = {
    file: input.file,
    format,
    dryRun: input.dryRun,
    applied: false,
    columns,
    ignoredColumns: ignored,
    creates: 0,
    updates: 0,
    unchanged: 0,
    errors: 0,
    lines: [],
  };
  try {
    await inTransaction(ctx, async (tx) => {
      await applyRows(tx, table.rows, index, report, input.onProgress);
      if (input.dryRun || report.errors > 0) throw new RollBack();
    });
    report.applied = true;
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
  }
  return report;
}

async function applyRows(
  ctx: Ctx,
  rows: { line: number; cells: string[] }[],
  index: Map<Col, number>,
  report: InventoryImportReport,
  onProgress: InventoryImportInput['onProgress'],
) {
  const types = await serviceTypeMap(ctx);
  const maps = keyMaps(await referenceKeys(ctx.db, ctx.tenantId));
  const attrColumns = [...index.keys()].filter((col) => col.startsWith(ATTR_PREFIX));
  const seen = new Map<string, number>();
  const candidates: Candidate[] = rows.map((row) => {
    const get = (c: Col) => {
      const i = index.get(c);
      return i === undefined ? undefined : (row.cells[i] ?? '').trim();
    };
    const result: InventoryLine = { line: row.line, key: '', action: 'error', errors: [] };
    report.lines.push(result);
    const vendorCode = get('vendor') ?? '';
    const vendorId = maps.vendorByCode.get(maps.lc(vendorCode)) ?? null;
    if (!vendorId) result.errors.push(vendorCode ? `vendor: no vendor ${vendorCode}` : 'vendor: required');
    const type = types.get(get('type') ?? '');
    if (!type) result.errors.push(get('type') ? `type: no service type ${get('type')}` : 'type: required');
    const raw = get('identifier') ?? '';
    const identifier = type ? normalizeIdentifier(raw, type.identifierKind) : raw.trim() || null;
    if (type && identifier === null)
      result.errors.push(
        raw ? `identifier: ${raw} is not a valid ${type.identifierKind} identifier` : 'identifier: required',
      );
    result.key = `${vendorCode} ${identifier ?? raw}`;
    const key = `${vendorId} ${identifier}`;
    if (vendorId && identifier) {
      const first = seen.get(key);
      if (first !== undefined) result.errors.push(`the same service as line ${first}`);
      else seen.set(key, row.line);
    }
    return { line: row.line, result, get, vendorId, identifier };
  });

  const existing = new Map<string, LabelledServiceRow>();
  const valid = candidates.filter((c) => c.vendorId && c.identifier);
  for (const part of chunks(valid.map((c) => c.identifier!))) {
    for (const r of await findByIdentifiers(ctx.db, ctx.tenantId, part))
      existing.set(`${r.vendor_id} ${r.identifier}`, r);
  }

  const creates: ReturnType<typeof newServiceRows>[] = [];
  let done = 0;
  for (const c of candidates) {
    if (++done % 1000 === 0) onProgress?.(done, candidates.length);
    if (c.result.errors.length > 0) continue;
    try {
      const before = existing.get(`${c.vendorId} ${c.identifier}`);
      const beforeFields = before ? fieldsOf(before) : null;
      const { input, state } = lineInput(c, beforeFields, maps, attrColumns);
      let after = await checkFields(
        maps.lookups,
        types,
        parseInput(ServiceFieldsInput, input),
        beforeFields?.state ?? state,
      );
      if (!before || !beforeFields) {
        creates.push(newServiceRows(ctx, after));
        c.result.action = 'create';
        continue;
      }
      let effectiveOn: string | null = null;
      if (state !== beforeFields.state) {
        if (!canTransition(beforeFields.state, state))
          throw invalid(`state: a service cannot go from ${beforeFields.state} to ${state}`);
        const given = after[STATE_DATE[state]] as string | null;
        effectiveOn = given && given !== beforeFields[STATE_DATE[state]] ? given : today(ctx);
        const since = beforeFields[STATE_DATE[beforeFields.state]] as string | null;
        if (since && effectiveOn < since)
          throw invalid(
            `${COLUMN_OF[STATE_DATE[state]]}: ${effectiveOn} is before the service became ${beforeFields.state} (${since})`,
          );
        const dates = transitionDates(before, state, effectiveOn);
        after = { ...after, state };
        for (const [column, value] of Object.entries(dates))
          (after as unknown as Record<string, unknown>)[DATE_FIELD_OF_COLUMN[column]!] = value;
      }
      const changed = changedFields(beforeFields, after);
      if (changed.length === 0) {
        c.result.action = 'unchanged';
        continue;
      }
      c.result.action = 'update';
      c.result.changes = changed.map((f) => ({
        field: COLUMN_OF[f] ?? f,
        before: display(maps.label, f, beforeFields[f]),
        after: display(maps.label, f, after[f]),
      }));
      const now = isoNow(ctx.clock);
      await updateServiceRow(ctx.db, ctx.tenantId, before.id, { ...columnsOf(after), updated_at: now });
      if (effectiveOn)
        await insertTransitions(ctx.db, [
          {
            id: newId(),
            tenant_id: ctx.tenantId,
            service_id: before.id,
            from_state: beforeFields.state,
            to_state: state,
            effective_on: effectiveOn,
            actor: actorLabel(ctx.actor),
            note: `import ${report.file} line ${c.line}`,
            created_at: now,
          },
        ]);
      await recordChange(ctx, {
        entity: 'service',
        entityId: before.id,
        action: 'import',
        before: pick(beforeFields, changed),
        after: pick(after, changed),
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      c.result.errors.push(...err.message.split('; '));
    }
  }
  if (report.lines.every((l) => l.errors.length === 0)) {
    await insertServices(
      ctx.db,
      creates.map((x) => x.row),
    );
    await insertTransitions(
      ctx.db,
      creates.map((x) => x.transition),
    );
    for (const x of creates)
      await recordChange(ctx, { entity: 'service', entityId: x.row.id, action: 'import', after: x.fields });
  }
  onProgress?.(candidates.length, candidates.length);
  for (const l of report.lines) {
    if (l.errors.length > 0) {
      l.action = 'error';
      l.errors = l.errors.map((m) => `${report.file} line ${l.line}: ${m}`);
    }
    if (l.action === 'error') report.errors++;
    else if (l.action === 'create') report.creates++;
    else if (l.action === 'update') report.updates++;
    else report.unchanged++;
  }
}

const COLUMN_OF = Object.fromEntries(COLUMNS.filter((c) => c.field).map((c) => [c.field, c.name])) as Record<
  string,
  string
>;

function display(label: Record<string, Map<string, string>>, field: keyof ServiceFields, value: unknown) {
  if (typeof value === 'string' && label[field]) return label[field].get(value) ?? value;
  return value ?? null;
}

/**
 * The service's fields as the line states them, over what the service holds today: a column the
 * file does not have keeps its value, an empty cell clears it.
 */
function lineInput(
  c: Candidate,
  before: ServiceFields | null,
  maps: ReturnType<typeof keyMaps>,
  attrColumns: Col[],
) {
  const errors: string[] = [];
  const input: Record<string, unknown> = {
    ...(before ?? { tags: [], attributes: {} }),
    serviceType: c.get('type'),
    identifier: c.identifier,
    vendorId: c.vendorId,
  };
  const vendorId = c.vendorId!;
  const setRef = (col: Col, field: string, find: (v: string) => string | undefined, what: string) => {
    const v = c.get(col);
    if (v === undefined) return;
    if (v === '') input[field] = null;
    else {
      const id = find(v);
      if (id) input[field] = id;
      else errors.push(`${col}: no ${what} ${v}`);
    }
  };
  setRef(
    'billing_account',
    'billingAccountId',
    (v) => maps.account(vendorId, v),
    'billing account of this vendor numbered',
  );
  setRef('owner', 'ownerId', (v) => maps.person.get(maps.lc(v)), 'person with employee id');
  setRef('cost_center', 'costCenterId', (v) => maps.costCenter.get(maps.lc(v)), 'cost center');
  setRef('location', 'locationId', (v) => maps.location.get(maps.lc(v)), 'location');
  const item = c.get('rate_item');
  if (item !== undefined) {
    if (item === '') input.rateItemId = null;
    else {
      const ids = maps.rateItem(vendorId, c.get('contract') ?? '', item);
      if (ids.length === 1) input.rateItemId = ids[0];
      else if (ids.length === 0)
        errors.push(
          `rate_item: no rate item ${item} in ${c.get('contract') ? `contract ${c.get('contract')}` : "this vendor's contracts"}`,
        );
      else errors.push(`rate_item: ${item} matches ${ids.length} rate items; give the contract number`);
    }
  }
  for (const col of COLUMNS) {
    if (!col.field || col.field.endsWith('Id') || col.field === 'serviceType' || col.field === 'identifier')
      continue;
    if (col.name === 'state' || col.name === 'tags') continue;
    const v = c.get(col.name);
    if (v !== undefined) input[col.field] = v === '' ? null : v;
  }
  const tags = c.get('tags');
  if (tags !== undefined)
    input.tags = tags
      .split(/[;,]/)
      .map((t) => t.trim())
      .filter(Boolean);
  const attributes: Record<string, string | null> = { ...(before?.attributes ?? {}) };
  for (const col of attrColumns) {
    const v = c.get(col)!;
    const key = col.slice(ATTR_PREFIX.length);
    if (v === '') delete attributes[key];
    else attributes[key] = v;
  }
  input.attributes = attributes;
  const stateText = c.get('state');
  let state: ServiceState = before?.state ?? 'active';
  if (stateText) {
    const s = stateText.toLowerCase().replace(/[\s-]+/g, '_');
    if (isServiceState(s)) state = s;
    else errors.push(`state: ${stateText} is not a lifecycle state`);
  }
  if (errors.length > 0) throw invalid(errors.join('; '));
  return { input, state };
}
