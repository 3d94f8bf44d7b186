// Public surface of the discovery module: identifiers billed but not in inventory.
export { listDiscovered, MAX_DISCOVERY_BATCH } from './discovered-list.ts';
export {
  type AcceptDiscoveredInput,
  acceptDiscovered,
  type IgnoreDiscoveredInput,
  ignoreDiscovered,
  type MergeDiscoveredInput,
  mergeDiscovered,
  undoDiscoveryDecision,
} from './discovery.service.ts';
export { guessServiceType } from './type-guess.ts';
