import { createRoute, z } from '@hono/zod-openapi';
import {
  createRoutingRule,
  deleteRoutingRule,
  deleteVendorRuleOverride,
  getAuditRun,
  getSlaPolicies,
  listAuditRules,
  listAuditRuns,
  listRoutingRules,
  putSlaPolicies,
  SEVERITIES,
  startAuditRun,
  updateAuditRule,
  updateRoutingRule,
} from '@temops/core';
import type { App } from '../env.ts';
import { errorResponses, json, jsonBody, TenantParam } from './schemas.ts';

const tags = ['Audit'];
const Severity = z.enum(SEVERITIES);
const Params = z
  .record(z.string(), z.string())
  .openapi({ description: 'decimal strings', example: { minAmount: '0.01' } });

const Settings = z
  .object({ enabled: z.boolean(), severity: Severity, blocking: z.boolean(), params: Params })
  .openapi('AuditRuleSettings');
const Override = z
  .object({
    enabled: z.boolean().nullable(),
    severity: Severity.nullable(),
    blocking: z.boolean().nullable(),
    params: Params,
  })
  .openapi('AuditRuleOverride');

const Rule = z
  .object({
    code: z.string(),
    name: z.string(),
    domainRule: z.number().int(),
    description: z.string(),
    subject: z.enum(['invoice', 'account', 'vendor']),
    params: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        unit: z.enum(['percent', 'money', 'days', 'count', 'multiple']),
      }),
    ),
    defaults: Settings,
    tenant: Override.nullable(),
    vendors: z.array(Override.extend({ vendorId: z.string(), vendor: z.string() })),
    effective: Settings,
  })
  .openapi('AuditRule');

const RuleUpdate = z
  .object({
    vendorId: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'absent or null: the tenant-wide setting' }),
    enabled: z.boolean().nullable().optional(),
    severity: Severity.nullable().optional(),
    blocking: z.boolean().nullable().optional(),
    params: z
      .record(z.string(), z.string().nullable())
      .optional()
      .openapi({ description: 'decimal strings; null goes back to the inherited value' }),
  })
  .openapi('AuditRuleUpdate');

const RuleTally = z.object({
  candidates: z.number(),
  opened: z.number(),
  reopened: z.number(),
  stillOpen: z.number(),
  autoClosed: z.number(),
  ms: z.number(),
});

const Run = z
  .object({
    id: z.string(),
    trigger: z.string(),
    scope: z.record(z.string(), z.unknown()),
    rulesVersion: z.string(),
    status: z.string(),
    error: z.string().nullable(),
    invoicesChecked: z.number(),
    chargesChecked: z.number(),
    opened: z.number(),
    reopened: z.number(),
    stillOpen: z.number(),
    autoClosed: z.number(),
    rules: z.record(z.string(), RuleTally),
    durationMs: z.number(),
    actor: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('AuditRun');

const RunInput = z
  .object({
    invoiceId: z.string().optional(),
    accountId: z.string().optional(),
    vendorId: z.string().optional(),
    period: z.string().optional().openapi({ example: '2026-10' }),
    rules: z.array(z.string()).optional(),
  })
  .openapi('AuditRunInput');

const RoutingRuleInput = z
  .object({
    name: z.string(),
    position: z.number().int().optional().openapi({ description: 'default: after the last rule' }),
    enabled: z.boolean().optional(),
    rule: z.string().nullable().optional(),
    vendorId: z.string().nullable().optional(),
    accountId: z.string().nullable().optional(),
    costCenterId: z.string().nullable().optional(),
    minVariance: z.string().nullable().optional().openapi({ description: 'decimal string' }),
    queue: z.string().nullable().optional(),
    ownerUserId: z.string().nullable().optional(),
  })
  .openapi('RoutingRuleInput');

const RoutingRule = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    rule: z.string().nullable(),
    vendorId: z.string().nullable(),
    accountId: z.string().nullable(),
    costCenterId: z.string().nullable(),
    minVariance: z.string().nullable(),
    queue: z.string().nullable(),
    ownerUserId: z.string().nullable(),
  })
  .openapi('RoutingRule');

const Sla = z
  .object({ severity: Severity, days: z.number().int(), escalateToUserId: z.string().nullable() })
  .openapi('SlaPolicy');

/** Audit rules and their settings, runs, routing rules and SLA policies. */
export function auditRoutes(app: App) {
  const base = '/api/t/{tenant}/audit';
  const Code = TenantParam.extend({ code: z.string() });
  const Id = TenantParam.extend({ id: z.string() });

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/rules`,
      tags,
      summary: 'Every audit rule with defaults, tenant and vendor overrides, and the effective settings',
      request: { params: TenantParam },
      responses: { 200: json(z.array(Rule), 'Rules'), ...errorResponses },
    }),
    async (c) => c.json(await listAuditRules(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/rules/{code}`,
      tags,
      summary: 'Change the tenant’s (or a vendor’s) override of a rule; fields left out keep their value',
      request: { params: Code, body: jsonBody(RuleUpdate) },
      responses: { 200: json(Rule, 'Rule'), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateAuditRule(c.get('ctx'), c.req.valid('param').code, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/rules/{code}/vendors/{vendorId}`,
      tags,
      summary: 'Remove a vendor’s override, so the vendor follows the tenant’s settings again',
      request: { params: Code.extend({ vendorId: z.string() }) },
      responses: { 200: json(Rule, 'Rule'), ...errorResponses },
    }),
    async (c) => {
      const { code, vendorId } = c.req.valid('param');
      return c.json(await deleteVendorRuleOverride(c.get('ctx'), code, vendorId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/runs`,
      tags,
      summary:
        'Run the audit now over an invoice, account, vendor and/or period (the whole tenant when none)',
      request: { params: TenantParam, body: jsonBody(RunInput) },
      responses: { 201: json(Run, 'The run'), ...errorResponses },
    }),
    async (c) => c.json(await startAuditRun(c.get('ctx'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/runs`,
      tags,
      summary: 'Audit runs, newest first',
      request: {
        params: TenantParam,
        query: z.object({
          page: z.coerce.number().int().min(1).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: {
        200: json(
          z.object({ items: z.array(Run), total: z.number(), page: z.number(), pageSize: z.number() }),
          'Runs',
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listAuditRuns(c.get('ctx'), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/runs/{id}`,
      tags,
      summary: 'One audit run with its counts per rule',
      request: { params: Id },
      responses: { 200: json(Run, 'Run'), ...errorResponses },
    }),
    async (c) => c.json(await getAuditRun(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/routing-rules`,
      tags,
      summary: 'Routing rules in the order they are tried; the first enabled match routes a new finding',
      request: { params: TenantParam },
      responses: { 200: json(z.array(RoutingRule), 'Routing rules'), ...errorResponses },
    }),
    async (c) => c.json(await listRoutingRules(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/routing-rules`,
      tags,
      summary: 'Add a routing rule',
      request: { params: TenantParam, body: jsonBody(RoutingRuleInput) },
      responses: { 201: json(RoutingRule, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createRoutingRule(c.get('ctx'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/routing-rules/{id}`,
      tags,
      summary: 'Replace a routing rule',
      request: { params: Id, body: jsonBody(RoutingRuleInput) },
      responses: { 200: json(RoutingRule, 'Updated'), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateRoutingRule(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/routing-rules/{id}`,
      tags,
      summary:
        'Remove a routing rule (findings it routed keep their owner and queue); returns what was removed',
      request: { params: Id },
      responses: { 200: json(RoutingRule, 'Removed'), ...errorResponses },
    }),
    async (c) => c.json(await deleteRoutingRule(c.get('ctx'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/sla`,
      tags,
      summary: 'Days to resolve and whom to escalate to, per severity (defaults filled in)',
      request: { params: TenantParam },
      responses: { 200: json(z.array(Sla), 'SLA policies'), ...errorResponses },
    }),
    async (c) => c.json(await getSlaPolicies(c.get('ctx')), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/sla`,
      tags,
      summary: 'Set SLA policies; severities left out keep theirs',
      request: {
        params: TenantParam,
        body: jsonBody(z.object({ policies: z.array(Sla) }).openapi('SlaPolicies')),
      },
      responses: { 200: json(z.array(Sla), 'SLA policies'), ...errorResponses },
    }),
    async (c) => c.json(await putSlaPolicies(c.get('ctx'), c.req.valid('json')), 200),
  );
}
