export {
  type AccuracyOptions,
  type AccuracyProgress,
  type AccuracyResult,
  runAccuracy,
} from './accuracy.ts';
export { type FoundFinding, type RuleScore, TARGETS } from './compare.ts';
export { generateScenario, SCENARIO_TODAY } from './generate.ts';
export { RULE_CODES, type RuleCode, type Scenario, type TruthItem } from './types.ts';
