// Public surface of the contracts module.
export { type ContractAlert, contractAlerts } from './alerts.service.ts';
export {
  type CommitmentPoint,
  type CommitmentSummary,
  contractCommitment,
} from './commitment.service.ts';
export {
  type ContractListParams,
  createContract,
  deleteContract,
  getContract,
  listContracts,
  MAX_CONTRACT_PAGE,
  setContractAccounts,
  updateContract,
} from './contracts.service.ts';
export {
  CONTRACT_CSV_COLUMNS,
  type ContractImportReport,
  type ContractLineResult,
  importContracts,
  MAX_CONTRACT_CSV_BYTES,
} from './csv-import.ts';
export {
  addDocument,
  type DocumentDto,
  type DocumentStore,
  deleteDocument,
  listDocuments,
  localDocumentStore,
  MAX_DOCUMENT_BYTES,
  openDocument,
} from './documents.service.ts';
export {
  COMMITMENT_KINDS,
  COMMITMENT_PERIODS,
  CONTRACT_STATUSES,
  type ContractDto,
  type RateItemDto,
} from './dto.ts';
export {
  CHARGE_KINDS,
  type ChargeForMatch,
  expectedAmount,
  matchRateItem,
  type RateItemForAmount,
  type RateItemForMatch,
  type RateMatch,
} from './match.ts';
export {
  createRateItem,
  deleteRateItem,
  listRateItems,
  type RateItemSearch,
  searchRateItems,
  updateRateItem,
} from './rate-items.service.ts';
export { ALERT_THRESHOLDS } from './terms.ts';
