import type { Command } from 'commander';

/** CLI commands for inventory: import and export services. */
export function registerInventoryCommands(_program: Command) {}
