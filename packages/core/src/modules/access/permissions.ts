import { AppError } from '../../shared/errors.ts';
import type { Role } from './roles.ts';

const everyone: readonly Role[] = [
  'admin',
  'analyst',
  'approver',
  'ap_clerk',
  'vendor_manager',
  'cost_center_manager',
  'auditor',
  'viewer',
];

/**
 * The single source of truth for who may do what inside a tenant. Core services call
 * `authorize` before touching data, so the API, the CLI and tests all get the same answer.
 */
export const PERMISSIONS = {
  'tenant.read': everyone,
  'member.read': ['admin', 'auditor'],
  'member.manage': ['admin'],
  'token.create': everyone,
  'token.manage': ['admin'],
  'audit_log.read': ['admin', 'auditor'],
  'audit_log.verify': ['admin', 'auditor'],
  'vendor.read': everyone,
  'vendor.write': ['admin', 'vendor_manager'],
  'billing_account.read': everyone,
  'billing_account.write': ['admin', 'vendor_manager', 'analyst'],
  'cost_center.read': everyone,
  'cost_center.write': ['admin'],
  'gl_account.read': everyone,
  'gl_account.write': ['admin', 'ap_clerk'],
  'location.read': everyone,
  'location.write': ['admin', 'analyst'],
  'person.read': everyone,
  'person.write': ['admin'],
  'invoice.read': everyone,
  'invoice.import': ['admin', 'analyst', 'ap_clerk'],
  'service.read': everyone,
  'service.write': ['admin', 'analyst'],
  'contract.read': everyone,
  'contract.write': ['admin', 'vendor_manager'],
  'data_quality.read': everyone,
  'invoice.approve': ['admin', 'approver'],
  'audit.read': everyone,
  'audit.run': ['admin', 'analyst'],
  'audit.configure': ['admin'],
  'exception.read': everyone,
  'exception.work': ['admin', 'analyst', 'ap_clerk', 'vendor_manager'],
  'exception.assign': ['admin', 'analyst'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function can(role: Role | null, action: Action): boolean {
  return role !== null && (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Action[] {
  return ACTIONS.filter((a) => can(role, a));
}

export interface Actor {
  kind: 'user' | 'token' | 'system';
  /** user id, token id, or a system label such as `cli` */
  id: string;
  userId: string | null;
  /** Role in the context's tenant; null for the system, which is trusted. */
  role: Role | null;
}

export const systemActor = (label = 'system'): Actor => ({
  kind: 'system',
  id: label,
  userId: null,
  role: null,
});

export function authorize(actor: Actor, action: Action): void {
  if (actor.kind === 'system') return;
  if (!can(actor.role, action)) {
    throw new AppError('forbidden', `Role ${actor.role ?? 'none'} may not ${action}`, { action });
  }
}

export const actorLabel = (a: Actor): string => `${a.kind}:${a.id}`;
