import type {
  DemoBillingAccount,
  DemoContract,
  DemoCostCenter,
  DemoLocation,
  DemoPerson,
  DemoVendor,
} from '../demo/types.ts';

/**
 * The accuracy scenario: a tenant built from a seed, its carrier bills as real files, and the
 * findings the audit must produce on them (the ground truth). Records link by natural key.
 */

/** Every audit rule of the catalogue (briefs/rules.md), in the order of the domain's list. */
export const RULE_CODES = [
  'control_total',
  'balance_rollforward',
  'duplicate_invoice',
  'duplicate_charge',
  'not_in_inventory',
  'not_billed',
  'billed_after_disconnect',
  'rate_variance',
  'not_in_contract',
  'variance_account',
  'variance_service',
  'late_fee',
  'nrc_without_order',
  'nrc_billed_twice',
  'low_usage',
  'usage_spike',
  'tax_out_of_range',
  'missing_invoice',
  'owner_left',
  'site_closed',
  'contract_expiry',
  'commitment_shortfall',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/**
 * One expected finding. Only the fields given identify it: `identifier` is the billed service
 * identifier (or the contract number for contract rules), `lineRef` the charge's line number on
 * its invoice, `period` YYYY-MM.
 */
export interface TruthItem {
  rule: RuleCode;
  invoiceNumber?: string;
  accountNumber?: string;
  identifier?: string;
  lineRef?: string;
  period?: string;
  /** how the error was planted, for a person reading a miss */
  note: string;
}

export interface ScenarioService {
  serviceType: string;
  identifier: string;
  description: string;
  vendorCode: string;
  accountNumber: string;
  ownerEmployeeId: string | null;
  costCenterCode: string | null;
  locationCode: string | null;
  contractNumber: string | null;
  rateItemCode: string | null;
  /** decimal string */
  expectedMonthly: string | null;
  state: 'ordered' | 'active' | 'suspended' | 'disconnected';
  orderedOn: string | null;
  activatedOn: string | null;
  suspendedOn: string | null;
  disconnectedOn: string | null;
}

export interface ScenarioFile {
  /** relative path, e.g. 2026-05/KSW-202605.csv */
  name: string;
  format: 'x12-811' | 'csv';
  /** YYYY-MM-DD the file arrives and is imported */
  arrival: string;
  /** how a bill number seen before is taken: a reprint is kept as a second copy, a corrected bill replaces the first */
  onConflict: 'keep_both' | 'replace';
  content: string;
}

export interface Scenario {
  seed: number;
  /** YYYY-MM-DD the final audit runs */
  today: string;
  /** YYYY-MM of the billed months, oldest first */
  months: string[];
  vendors: DemoVendor[];
  accounts: DemoBillingAccount[];
  costCenters: DemoCostCenter[];
  locations: DemoLocation[];
  people: DemoPerson[];
  contracts: DemoContract[];
  services: ScenarioService[];
  files: ScenarioFile[];
  truth: TruthItem[];
}
