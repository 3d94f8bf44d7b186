// Public surface of the inventory module.
export {
  type BulkUpdateInput,
  bulkUpdateServices,
  MAX_BULK_IDS,
  type ReviewInput,
  reviewServices,
} from './bulk.service.ts';
export { COLUMNS as INVENTORY_COLUMNS } from './columns.ts';
export { exportServices } from './export.service.ts';
export type { CreateServiceInput, ServiceFields } from './fields.ts';
export {
  type FieldChange,
  type InventoryImportInput,
  type InventoryImportReport,
  type InventoryLine,
  importServices,
  MAX_INVENTORY_BYTES,
} from './import.service.ts';
export { canTransition, SERVICE_STATES, type ServiceState, TRANSITIONS } from './lifecycle.ts';
export { deleteSavedView, listSavedViews, type SaveViewInput, saveView } from './saved-views.service.ts';
export {
  createServiceType,
  deleteServiceType,
  listServiceTypes,
  updateServiceType,
} from './service-types.service.ts';
export { type AttributeDef, BUILT_IN_TYPES, type ServiceTypeDef } from './service-types.ts';
export {
  createService,
  deleteService,
  getService,
  listServices,
  MAX_SERVICE_PAGE_SIZE,
  type ServiceDto,
  type ServiceListFilters,
  type ServiceListParams,
  serviceCharges,
  serviceHistory,
  type TransitionInput,
  transitionService,
  updateService,
} from './services.service.ts';
export type { TableFormat } from './table-file.ts';
