/** Shapes of the contracts API (packages/server/src/routes/contracts.ts). Money is decimal strings. */

export interface TermAlert {
  kind: 'expiry' | 'notice';
  date: string;
  daysLeft: number;
  threshold: 120 | 90 | 45;
}

export interface ContractAlert extends TermAlert {
  contractId: string;
  contractNumber: string;
  vendor: string;
}

export interface Contract {
  id: string;
  vendorId: string;
  vendor: string;
  vendorCode: string;
  contractNumber: string;
  name: string;
  termStart: string;
  termEnd: string | null;
  autoRenew: boolean;
  renewalMonths: number | null;
  noticeDays: number;
  currency: string;
  commitmentKind: 'none' | 'spend' | 'volume';
  commitmentPeriod: 'monthly' | 'annual' | 'term' | null;
  commitmentAmount: string | null;
  commitmentVolume: number | null;
  status: 'draft' | 'active' | 'terminated';
  effectiveStatus: string;
  currentTermEnd: string | null;
  noticeDeadline: string | null;
  alerts: TermAlert[];
  notes: string | null;
  accountCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface RateItem {
  id: string;
  contractId: string;
  name: string;
  code: string | null;
  descriptionPattern: string | null;
  chargeKind: string | null;
  unit: string | null;
  unitRate: string | null;
  mrc: string | null;
  nrc: string | null;
  discountPct: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  currency: string;
}

export interface ContractDocument {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedByName?: string;
  createdAt: string;
}

export interface CommitmentSummary {
  kind: 'spend' | 'volume';
  period: string;
  periodStart: string;
  periodEnd: string;
  elapsedDays: number;
  periodDays: number;
  currency: string;
  committed: string | null;
  spendToDate: string;
  projected: string | null;
  shortfall: string | null;
  committedVolume: number | null;
  servicesBilled: number;
  volumeShortfall: number | null;
}

export interface ContractDetail extends Contract {
  accounts: { id: string; accountNumber: string; name: string | null }[];
  rateItems: RateItem[];
  documents: ContractDocument[];
  commitment: CommitmentSummary | null;
}

export interface Commitment {
  summary: CommitmentSummary | null;
  series: { month: string; spend: string; cumulative: string | null }[];
}

export const STATUS_COLORS: Record<string, string> = {
  draft: 'gray',
  active: 'green',
  terminated: 'dark',
  expired: 'red',
};

export const THRESHOLD_COLORS: Record<number, string> = { 120: 'yellow', 90: 'orange', 45: 'red' };

export const CHARGE_KINDS = [
  'recurring',
  'one_time',
  'usage',
  'tax',
  'surcharge_fee',
  'credit_adjustment',
  'late_fee',
] as const;

export const alertText = (a: TermAlert) =>
  `${a.kind === 'expiry' ? 'Expires' : 'Notice due'} in ${a.daysLeft} day${a.daysLeft === 1 ? '' : 's'} (${a.date})`;
