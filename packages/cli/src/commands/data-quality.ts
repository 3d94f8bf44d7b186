import type { Command } from 'commander';

/** CLI commands for data quality: report. */
export function registerDataQualityCommands(_program: Command) {}
