import { z } from 'zod';
import type { ServiceTypeTable } from '../../db/schema.ts';
import { isoNow } from '../../shared/clock.ts';
import { type Ctx, inTransaction } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseInput } from '../../shared/validate.ts';
import { authorize } from '../access/permissions.ts';
import { recordChange } from '../audit-log/record.ts';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../imports/service-id.ts';
import { type AttributeDef, BUILT_IN_TYPES, builtInType, type ServiceTypeDef } from './service-types.ts';
import {
  countServicesOfType,
  deleteServiceType as deleteTypeRow,
  insertServiceType,
  serviceTypeRow,
  serviceTypeRows,
  updateServiceType as updateTypeRow,
} from './services.queries.ts';

const AttributeSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _ (up to 40)'),
    label: z.string().trim().min(1).max(80),
    type: z.enum(['text', 'number', 'date', 'enum']),
    values: z.array(z.string().trim().min(1).max(80)).max(100).optional(),
  })
  .refine((a) => a.type !== 'enum' || (a.values?.length ?? 0) > 0, {
    message: 'an enum attribute needs values',
    path: ['values'],
  });

const TypeInput = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _ (up to 40)'),
  name: z.string().trim().min(1).max(80),
  identifierKind: z.enum(IDENTIFIER_KINDS as [IdentifierKind, ...IdentifierKind[]]),
  attributes: z
    .array(AttributeSchema)
    .max(50)
    .refine((a) => new Set(a.map((x) => x.key)).size === a.length, 'attribute keys must be unique'),
});

function rowToDef(r: ServiceTypeTable): ServiceTypeDef {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    identifierKind: r.identifier_kind as IdentifierKind,
    builtIn: builtInType(r.code) !== undefined,
    attributes: JSON.parse(r.attributes_json) as AttributeDef[],
  };
}

/** Built-in types (with any attributes the tenant added to them) followed by the tenant's own. */
export async function serviceTypeMap(ctx: Ctx): Promise<Map<string, ServiceTypeDef>> {
  const rows = new Map((await serviceTypeRows(ctx.db, ctx.tenantId)).map((r) => [r.code, r]));
  const out = new Map<string, ServiceTypeDef>();
  for (const b of BUILT_IN_TYPES) {
    const row = rows.get(b.code);
    out.set(b.code, row ? rowToDef(row) : { ...b, id: null, builtIn: true, attributes: [] });
  }
  for (const r of rows.values()) if (!out.has(r.code)) out.set(r.code, rowToDef(r));
  return out;
}

export async function listServiceTypes(ctx: Ctx): Promise<ServiceTypeDef[]> {
  authorize(ctx.actor, 'service.read');
  return [...(await serviceTypeMap(ctx)).values()];
}

/**
 * Defines a tenant type, or adds attributes to a built-in one (same code; its identifier kind
 * cannot change, or stored identifiers would stop matching bills).
 */
export async function createServiceType(ctx: Ctx, input: unknown): Promise<ServiceTypeDef> {
  authorize(ctx.actor, 'service.write');
  const data = parseInput(TypeInput, input);
  checkBuiltInKind(data.code, data.identifierKind);
  return inTransaction(ctx, async (tx) => {
    const existing = (await serviceTypeRows(tx.db, tx.tenantId)).find((r) => r.code === data.code);
    if (existing) throw conflict(`A service type with code ${data.code} already exists`);
    const now = isoNow(tx.clock);
    const id = newId();
    await insertServiceType(tx.db, {
      id,
      tenant_id: tx.tenantId,
      code: data.code,
      name: data.name,
      identifier_kind: data.identifierKind,
      attributes_json: JSON.stringify(data.attributes),
      created_at: now,
      updated_at: now,
    });
    await recordChange(tx, { entity: 'service_type', entityId: id, action: 'create', after: data });
    return rowToDef((await serviceTypeRow(tx.db, tx.tenantId, id))!);
  });
}

export async function updateServiceType(ctx: Ctx, id: string, patch: unknown): Promise<ServiceTypeDef> {
  authorize(ctx.actor, 'service.write');
  return inTransaction(ctx, async (tx) => {
    const row = await serviceTypeRow(tx.db, tx.tenantId, id);
    if (!row) throw notFound('Service type', id);
    const before = rowToDef(row);
    const current = {
      code: before.code,
      name: before.name,
      identifierKind: before.identifierKind,
      attributes: before.attributes,
    };
    const data = parseInput(TypeInput, { ...current, ...(patch as object) });
    if (data.code !== before.code) throw invalid('code: the code of a service type cannot change');
    if (
      data.identifierKind !== before.identifierKind &&
      (await countServicesOfType(tx.db, tx.tenantId, data.code)) > 0
    )
      throw conflict(
        'identifierKind: services of this type exist; their identifiers would no longer match bills',
      );
    checkBuiltInKind(data.code, data.identifierKind);
    await updateTypeRow(tx.db, tx.tenantId, id, {
      name: data.name,
      identifier_kind: data.identifierKind,
      attributes_json: JSON.stringify(data.attributes),
      updated_at: isoNow(tx.clock),
    });
    await recordChange(tx, {
      entity: 'service_type',
      entityId: id,
      action: 'update',
      before: current,
      after: data,
    });
    return rowToDef((await serviceTypeRow(tx.db, tx.tenantId, id))!);
  });
}

export async function deleteServiceType(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'service.write');
  await inTransaction(ctx, async (tx) => {
    const row = await serviceTypeRow(tx.db, tx.tenantId, id);
    if (!row) throw notFound('Service type', id);
    // A built-in type only loses the tenant's attributes; a tenant type must be unused.
    if (!builtInType(row.code)) {
      const n = await countServicesOfType(tx.db, tx.tenantId, row.code);
      if (n > 0) throw conflict(`Service type ${row.code} is still used by ${n} service(s)`);
    }
    await deleteTypeRow(tx.db, tx.tenantId, id);
    await recordChange(tx, { entity: 'service_type', entityId: id, action: 'delete', before: rowToDef(row) });
  });
}

function checkBuiltInKind(code: string, kind: IdentifierKind) {
  const b = builtInType(code);
  if (b && b.identifierKind !== kind)
    throw invalid(`identifierKind: the built-in type ${code} identifies services by ${b.identifierKind}`);
}
