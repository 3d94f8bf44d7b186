import type { Command } from 'commander';

/** `temops audit accuracy --scenario <seed>`: recall and precision of every rule on a generated tenant. */
export function registerAccuracyCommand(_audit: Command) {}
