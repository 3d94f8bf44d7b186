/**
 * The named data-quality rules. Each rule counts a population of records and how many of them
 * fail; the SQL that decides both lives in rules.queries.ts under the same name, so the score,
 * the trend and the drill-down can never disagree about what "failing" means.
 */

export const DOMAINS = ['ownership', 'assignment', 'contracts', 'currency_of_data', 'identity'] as const;
export type Domain = (typeof DOMAINS)[number];

export const DOMAIN_TITLES: Record<Domain, string> = {
  ownership: 'Ownership',
  assignment: 'Assignment',
  contracts: 'Contracts',
  currency_of_data: 'Currency of data',
  identity: 'Identity',
};

/** A service not reviewed within this many days fails `not_reviewed`. */
export const REVIEW_MAX_AGE_DAYS = 90;

export interface RuleDef {
  id: string;
  domain: Domain;
  title: string;
  description: string;
}

export const RULES = [
  {
    id: 'no_owner',
    domain: 'ownership',
    title: 'No owner',
    description: 'Active or suspended service with no owner: nobody can confirm it is still needed.',
  },
  {
    id: 'owner_left',
    domain: 'ownership',
    title: 'Owner has left',
    description:
      'Service not disconnected whose owner’s leaver date is today or earlier: billing for nobody.',
  },
  {
    id: 'no_cost_center',
    domain: 'assignment',
    title: 'No cost center',
    description: 'Active or suspended service with no cost center: its spend cannot be allocated.',
  },
  {
    id: 'no_location',
    domain: 'assignment',
    title: 'No location',
    description: 'Active or suspended service with no location: site closures cannot reach it.',
  },
  {
    id: 'location_closed',
    domain: 'assignment',
    title: 'Location closed',
    description: 'Service not disconnected at a location that closed today or earlier.',
  },
  {
    id: 'no_contract_item',
    domain: 'contracts',
    title: 'No contract item',
    description:
      'Active or suspended service with no rate item: its charges cannot be checked against a rate.',
  },
  {
    id: 'contract_expired',
    domain: 'contracts',
    title: 'Contract expired',
    description:
      'Active or suspended service priced by a contract that is terminated, or whose term ended before today and does not renew.',
  },
  {
    id: 'not_reviewed',
    domain: 'currency_of_data',
    title: 'Not reviewed',
    description: `Active or suspended service never reviewed, or last reviewed more than ${REVIEW_MAX_AGE_DAYS} days ago.`,
  },
  {
    id: 'duplicate_identifier',
    domain: 'identity',
    title: 'Duplicate identifier',
    description:
      'The same identifier on more than one service that is not disconnected (any vendor): every member of the group fails.',
  },
  {
    id: 'discovered_pending',
    domain: 'identity',
    title: 'Discovered, not decided',
    description:
      'Identifier billed on an invoice but in neither inventory nor its aliases, with no discovery decision.',
  },
] as const satisfies readonly RuleDef[];

export type RuleId = (typeof RULES)[number]['id'];
/** Rules counted over services; the remaining one counts billed identifiers. */
export type ServiceRuleId = Exclude<RuleId, 'discovered_pending'>;

export const ruleById = (id: string): RuleDef | undefined => RULES.find((r) => r.id === id);
