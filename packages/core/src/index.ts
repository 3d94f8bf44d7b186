export { isPostgresUrl, openStore, redactUrl, type Store } from './db/connect.ts';
export {
  assertSchemaKnown,
  latestSchemaVersion,
  migrateToLatest,
  SchemaTooNewError,
  schemaVersion,
} from './db/migrate.ts';
export type { Db, Engine } from './db/schema.ts';
export { DEMO_LOGIN, loadDemoTenant } from './demo/load.ts';
export {
  ACTIONS,
  type Action,
  type Actor,
  authorize,
  can,
  PERMISSIONS,
  permissionsOf,
  systemActor,
} from './modules/access/permissions.ts';
export { isRole, ROLE_LABELS, ROLES, type Role } from './modules/access/roles.ts';
export * from './modules/audit/index.ts';
export { listAuditEvents } from './modules/audit-log/list.ts';
export { type VerifyResult, verifyAuditChain, verifyAuditLog } from './modules/audit-log/verify.ts';
export {
  endOtherSessions,
  login,
  logout,
  MAX_FAILURES,
  resolveSession,
} from './modules/auth/sessions.service.ts';
export { createToken, listApiTokens, resolveToken, revokeToken } from './modules/auth/tokens.service.ts';
export * from './modules/contracts/index.ts';
export * from './modules/data-quality/index.ts';
export * from './modules/exceptions/index.ts';
export { type FileStore, localFileStore } from './modules/imports/file-store.ts';
export {
  type ConflictDecision,
  type FileResult,
  type ImportInput,
  importFile,
  MAX_IMPORT_BYTES,
} from './modules/imports/import.service.ts';
export {
  deleteMappingProfile,
  listMappingProfiles,
  PREVIEW_BYTES,
  previewMapping,
  saveMappingProfile,
} from './modules/imports/profiles.service.ts';
export type { InvoiceSummary } from './modules/imports/write-invoice.ts';
export * from './modules/inventory/index.ts';
export {
  getImportBatch,
  getInvoice,
  type InvoiceListParams,
  listCharges,
  listImportBatches,
  listInvoices,
} from './modules/invoices/invoices.service.ts';
export { type ImportReport, importCsv, MAX_CSV_BYTES } from './modules/reference/csv-import.ts';
export { type EntitySpec, type FieldSpec, labelField } from './modules/reference/entity.ts';
export {
  createEntity,
  deleteEntity,
  getEntity,
  type ListParams,
  listEntities,
  MAX_PAGE_SIZE,
  updateEntity,
} from './modules/reference/reference.service.ts';
export { ENTITIES, entityByPlural } from './modules/reference/registry.ts';
export {
  createTenant,
  getTenantBySlug,
  listTenants,
  platformCtx,
} from './modules/tenants/tenants.service.ts';
export { findMembership, findUserByEmail } from './modules/users/users.queries.ts';
export {
  addMember,
  changePassword,
  listMembers,
  removeMember,
  userProfile,
} from './modules/users/users.service.ts';
export * from './scenario/index.ts';
export { type Clock, fixedClock, systemClock } from './shared/clock.ts';
export type { Ctx } from './shared/context.ts';
export { AppError } from './shared/errors.ts';
