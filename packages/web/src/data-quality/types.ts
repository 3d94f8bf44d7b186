/** Shapes of the data-quality and discovery API (see packages/server/src/routes/data-quality.ts). */

export interface RuleScore {
  id: string;
  domain: string;
  title: string;
  description: string;
  failing: number;
  population: number;
  score: number;
  scoreBp: number;
}

export interface DomainScore {
  domain: string;
  title: string;
  score: number;
  scoreBp: number;
}

export interface Report {
  day: string;
  overall: number;
  overallBp: number;
  domains: DomainScore[];
  rules: RuleScore[];
}

export interface TrendPoint {
  day: string;
  overall: number | null;
  ownership: number | null;
  assignment: number | null;
  contracts: number | null;
  currency_of_data: number | null;
  identity: number | null;
}

export interface FailingService {
  id: string;
  identifier: string;
  serviceType: string;
  state: string;
  vendorId: string;
  vendorCode: string;
  ownerId: string | null;
  ownerName: string | null;
  leaverDate: string | null;
  costCenterId: string | null;
  costCenterCode: string | null;
  locationId: string | null;
  locationCode: string | null;
  locationStatus: string | null;
  locationClosedOn: string | null;
  lastReviewedOn: string | null;
  rateItemId: string | null;
  rateItemName: string | null;
  contractId: string | null;
  contractNumber: string | null;
  contractTermEnd: string | null;
}

export interface DiscoveredCharge {
  invoiceId: string;
  invoiceNumber: string;
  invoiceDate: string | null;
  kind: string;
  description: string | null;
  amount: string;
}

export interface Discovered {
  vendorId: string;
  vendorCode: string;
  vendorName: string;
  identifier: string;
  serviceTypeGuess: string;
  billingAccountId: string | null;
  accountNumber: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  invoiceCount: number;
  currency: string | null;
  lastMonth: string | null;
  lastMonthAmount: string | null;
  lastCharges: DiscoveredCharge[];
}

export type RuleItems =
  | { rule: string; kind: 'services'; items: FailingService[]; total: number; page: number; pageSize: number }
  | { rule: string; kind: 'discovered'; items: Discovered[]; total: number; page: number; pageSize: number };

/** 83.4 → "83.4%", 100 → "100%", 66.67 → "66.67%". */
export const formatScore = (score: number | null | undefined) =>
  score === null || score === undefined ? '—' : `${Number(score.toFixed(2))}%`;

/** Green when good, orange when middling, red when poor. */
export const scoreColor = (score: number) => (score >= 90 ? 'teal' : score >= 70 ? 'orange' : 'red');
