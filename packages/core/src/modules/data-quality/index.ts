// Public surface of the data-quality module.

export * from '../discovery/index.ts';
export {
  type DataQualityReport,
  dataQualityReport,
  dataQualityTrend,
  listRuleItems,
  snapshotEveryTenant,
  type TrendPoint,
  takeDataQualitySnapshot,
} from './data-quality.service.ts';
export {
  DOMAIN_TITLES,
  DOMAINS,
  type Domain,
  REVIEW_MAX_AGE_DAYS,
  RULES,
  type RuleDef,
  type RuleId,
} from './rules.ts';
