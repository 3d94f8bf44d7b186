import type { Command } from 'commander';

/** CLI commands for contracts: import. */
export function registerContractCommands(_program: Command) {}
