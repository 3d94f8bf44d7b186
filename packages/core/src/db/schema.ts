import type { Kysely, Transaction } from 'kysely';

// Timestamps are ISO-8601 text and dates are YYYY-MM-DD text on both engines, so values
// compare and round-trip identically whichever engine stores them.

export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  disabled_at: string | null;
  created_at: string;
  password_changed_at: string | null;
}

export interface MembershipTable {
  user_id: string;
  tenant_id: string;
  role: string;
  created_at: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  role: string;
  prefix: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface LoginFailureTable {
  email: string;
  at: string;
}

export interface AuditEventTable {
  seq: number;
  at: string;
  tenant_id: string | null;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface VendorTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  kind: string;
  dispute_window_days: number;
  dispute_contact: string | null;
  remit_to: string | null;
  review: string;
  created_at: string;
  updated_at: string;
}

export interface BillingAccountTable {
  id: string;
  tenant_id: string;
  vendor_id: string;
  account_number: string;
  parent_id: string | null;
  name: string | null;
  currency: string;
  expected_invoice_day: number | null;
  cadence: string;
  status: string;
  review: string;
  created_at: string;
  updated_at: string;
}

export interface CostCenterTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  parent_id: string | null;
  manager_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface GlAccountTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface LocationTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  status: string;
  closed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  tenant_id: string;
  employee_id: string;
  name: string;
  email: string | null;
  cost_center_id: string | null;
  manager_id: string | null;
  location_id: string | null;
  leaver_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoredFileTable {
  tenant_id: string;
  sha256: string;
  file_name: string;
  size: number;
  created_at: string;
}

export interface ImportBatchTable {
  id: string;
  tenant_id: string;
  file_sha256: string;
  file_name: string;
  format: string | null;
  status: string;
  error_code: string | null;
  error_message: string | null;
  error_line: number | null;
  warnings_json: string;
  summary_json: string;
  invoice_count: number;
  charge_count: number;
  actor: string;
  created_at: string;
}

export interface InvoiceTable {
  id: string;
  tenant_id: string;
  vendor_id: string;
  billing_account_id: string;
  invoice_number: string;
  invoice_date: string | null;
  due_date: string | null;
  period_start: string | null;
  period_end: string | null;
  currency: string;
  is_credit: number;
  status: string;
  current_charges_nanos: bigint;
  info_only_nanos: bigint;
  stated_current_nanos: bigint | null;
  stated_total_due_nanos: bigint | null;
  previous_balance_nanos: bigint | null;
  payments_nanos: bigint | null;
  adjustments_nanos: bigint | null;
  control_difference_nanos: bigint | null;
  charge_count: number;
  service_count: number;
  content_hash: string;
  supersedes_id: string | null;
  batch_id: string;
  source_ref: string | null;
  warnings_json: string;
  created_at: string;
  approved_nanos: bigint | null;
  approved_at: string | null;
  approved_by: string | null;
}

export interface ChargeTable {
  invoice_id: string;
  line_no: number;
  tenant_id: string;
  service_id: string | null;
  service_id_raw: string | null;
  service_type: string | null;
  kind: string;
  description: string | null;
  product_code: string | null;
  quantity: string | null;
  unit: string | null;
  unit_rate: string | null;
  amount_nanos: bigint;
  period_start: string | null;
  period_end: string | null;
  info_only: number;
  source_line: number | null;
  source_segment: number | null;
  source_ref: string | null;
  attributes_json: string | null;
}

export interface MappingProfileTable {
  id: string;
  tenant_id: string;
  vendor_id: string | null;
  name: string;
  profile_json: string;
  created_at: string;
  updated_at: string;
}

export interface ContractTable {
  id: string;
  tenant_id: string;
  vendor_id: string;
  contract_number: string;
  name: string;
  term_start: string;
  term_end: string | null;
  auto_renew: number;
  renewal_months: number | null;
  notice_days: number;
  currency: string;
  commitment_kind: string;
  commitment_period: string | null;
  commitment_nanos: bigint | null;
  commitment_volume: number | null;
  status: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContractAccountTable {
  tenant_id: string;
  contract_id: string;
  billing_account_id: string;
}

export interface ContractDocumentTable {
  id: string;
  tenant_id: string;
  contract_id: string;
  file_sha256: string;
  file_name: string;
  content_type: string;
  size: number;
  storage: string;
  uploaded_by: string;
  created_at: string;
}

export interface RateItemTable {
  id: string;
  tenant_id: string;
  contract_id: string;
  name: string;
  code: string | null;
  description_pattern: string | null;
  charge_kind: string | null;
  unit: string | null;
  unit_rate_nanos: bigint | null;
  mrc_nanos: bigint | null;
  nrc_nanos: bigint | null;
  discount_ppm: number | null;
  effective_from: string | null;
  effective_to: string | null;
  currency: string;
  created_at: string;
  updated_at: string;
}

export interface ServiceTypeTable {
  id: string;
  tenant_id: string;
  code: string;
  name: string;
  identifier_kind: string;
  attributes_json: string;
  created_at: string;
  updated_at: string;
}

export interface ServiceTable {
  id: string;
  tenant_id: string;
  service_type: string;
  identifier: string;
  description: string | null;
  vendor_id: string;
  billing_account_id: string | null;
  owner_id: string | null;
  cost_center_id: string | null;
  location_id: string | null;
  rate_item_id: string | null;
  expected_monthly_nanos: bigint | null;
  currency: string | null;
  state: string;
  ordered_on: string | null;
  activated_on: string | null;
  suspended_on: string | null;
  disconnect_requested_on: string | null;
  disconnected_on: string | null;
  tags_json: string;
  attributes_json: string;
  last_reviewed_on: string | null;
  review_evidence: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceTransitionTable {
  id: string;
  tenant_id: string;
  service_id: string;
  from_state: string | null;
  to_state: string;
  effective_on: string;
  actor: string;
  note: string | null;
  created_at: string;
}

export interface ServiceAliasTable {
  tenant_id: string;
  vendor_id: string;
  identifier: string;
  service_id: string;
  created_at: string;
}

export interface DiscoveryDecisionTable {
  tenant_id: string;
  vendor_id: string;
  identifier: string;
  decision: string;
  service_id: string | null;
  note: string | null;
  actor: string;
  created_at: string;
}

export interface SavedViewTable {
  id: string;
  tenant_id: string;
  user_id: string;
  page: string;
  name: string;
  state_json: string;
  created_at: string;
  updated_at: string;
}

export interface DqRuleCountTable {
  tenant_id: string;
  day: string;
  rule: string;
  domain: string;
  failing: number;
  population: number;
  created_at: string;
}

export interface DqScoreTable {
  tenant_id: string;
  day: string;
  domain: string;
  score_bp: number;
  created_at: string;
}

export interface AuditRuleSettingTable {
  tenant_id: string;
  rule: string;
  /** '' for the tenant-wide setting, else a vendor id */
  vendor_key: string;
  enabled: number | null;
  severity: string | null;
  blocking: number | null;
  params_json: string;
  updated_by: string;
  updated_at: string;
}

export interface AuditRunTable {
  id: string;
  tenant_id: string;
  trigger: string;
  scope_json: string;
  rules_version: string;
  status: string;
  error: string | null;
  invoices_checked: number;
  charges_checked: number;
  opened: number;
  reopened: number;
  still_open: number;
  auto_closed: number;
  rule_counts_json: string;
  duration_ms: number;
  actor: string;
  started_at: string;
  finished_at: string | null;
}

export interface FindingTable {
  id: string;
  tenant_id: string;
  rule: string;
  subject_key: string;
  severity: string;
  blocking: number;
  summary: string;
  vendor_id: string | null;
  billing_account_id: string | null;
  invoice_id: string | null;
  line_no: number | null;
  service_identifier: string | null;
  service_id: string | null;
  contract_id: string | null;
  cost_center_id: string | null;
  period: string | null;
  currency: string;
  billed_nanos: bigint | null;
  expected_nanos: bigint | null;
  variance_nanos: bigint;
  evidence_json: string;
  facts_hash: string;
  state: string;
  resolution_reason: string | null;
  queue: string | null;
  owner_user_id: string | null;
  due_on: string | null;
  escalation_level: number;
  escalated_at: string | null;
  first_run_id: string;
  last_run_id: string;
  opened_at: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FindingCommentTable {
  id: string;
  tenant_id: string;
  finding_id: string;
  author: string;
  body: string;
  created_at: string;
}

export interface FindingAttachmentTable {
  id: string;
  tenant_id: string;
  finding_id: string;
  file_sha256: string;
  file_name: string;
  content_type: string;
  size: number;
  uploaded_by: string;
  created_at: string;
}

export interface RoutingRuleTable {
  id: string;
  tenant_id: string;
  name: string;
  position: number;
  enabled: number;
  rule: string | null;
  vendor_id: string | null;
  billing_account_id: string | null;
  cost_center_id: string | null;
  min_variance_nanos: bigint | null;
  queue: string | null;
  owner_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SlaPolicyTable {
  tenant_id: string;
  severity: string;
  days: number;
  escalate_to_user_id: string | null;
  updated_at: string;
}

export interface Database {
  tenants: TenantTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  audit_events: AuditEventTable;
  audit_chain_head: AuditChainHeadTable;
  vendors: VendorTable;
  billing_accounts: BillingAccountTable;
  cost_centers: CostCenterTable;
  gl_accounts: GlAccountTable;
  locations: LocationTable;
  people: PersonTable;
  stored_files: StoredFileTable;
  import_batches: ImportBatchTable;
  invoices: InvoiceTable;
  charges: ChargeTable;
  mapping_profiles: MappingProfileTable;
  contracts: ContractTable;
  contract_accounts: ContractAccountTable;
  contract_documents: ContractDocumentTable;
  rate_items: RateItemTable;
  service_types: ServiceTypeTable;
  services: ServiceTable;
  service_transitions: ServiceTransitionTable;
  service_aliases: ServiceAliasTable;
  discovery_decisions: DiscoveryDecisionTable;
  saved_views: SavedViewTable;
  dq_rule_counts: DqRuleCountTable;
  dq_scores: DqScoreTable;
  audit_rule_settings: AuditRuleSettingTable;
  audit_runs: AuditRunTable;
  findings: FindingTable;
  finding_comments: FindingCommentTable;
  finding_attachments: FindingAttachmentTable;
  routing_rules: RoutingRuleTable;
  sla_policies: SlaPolicyTable;
}

export type Db = Kysely<Database> | Transaction<Database>;
export type Engine = 'sqlite' | 'postgres';
