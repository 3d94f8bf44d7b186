export { DEFAULT_QUEUE, DEFAULT_SLA_DAYS, matchRoute, type RoutingRule, type SlaPolicy } from './routing.ts';
