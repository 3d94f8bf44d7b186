import type { Command } from 'commander';
import { registerAccuracyCommand } from './audit-accuracy.ts';

/** CLI commands for the audit: run, accuracy; and for exceptions: list. */
export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('invoice audit: rules, runs and accuracy');
  registerAccuracyCommand(audit);
}
