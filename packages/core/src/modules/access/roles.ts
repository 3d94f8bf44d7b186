export const ROLES = [
  'admin',
  'analyst',
  'approver',
  'ap_clerk',
  'vendor_manager',
  'cost_center_manager',
  'auditor',
  'viewer',
] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  analyst: 'TEM analyst',
  approver: 'Finance approver',
  ap_clerk: 'AP clerk',
  vendor_manager: 'Contract & vendor manager',
  cost_center_manager: 'Cost-center manager',
  auditor: 'Auditor (read-only)',
  viewer: 'Viewer',
};
