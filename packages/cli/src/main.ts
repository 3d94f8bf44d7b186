import { ROLES } from '@temops/core';
import { Command, Option } from 'commander';
import {
  auditLogVerify,
  demo,
  migrate,
  tenantCreate,
  tenantList,
  tokenCreate,
  userCreate,
} from './commands/admin.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerContractCommands } from './commands/contracts.ts';
import { registerDataQualityCommands } from './commands/data-quality.ts';
import { registerExceptionCommands } from './commands/exceptions.ts';
import { importCommand } from './commands/import.ts';
import { registerInventoryCommands } from './commands/inventory.ts';
import { start } from './commands/start.ts';
import type { GlobalOptions } from './config.ts';
import { report } from './output.ts';
import { version } from './version.ts';

export function buildProgram(): Command {
  const program = new Command('temops')
    .description('TEMOps: technology expense management')
    .version(version, '-v, --version')
    .option('--json', 'machine-readable output')
    .option(
      '--db <path|postgres-url>',
      'SQLite file or PostgreSQL URL (default: $DATABASE_URL, else <data-dir>/temops.db)',
    )
    .option('--data-dir <dir>', 'data directory (default: $TEMOPS_DATA_DIR or ./data)')
    .showHelpAfterError();

  // Every action receives the global options merged with its own.
  const run =
    <T>(fn: (o: T & GlobalOptions) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      await fn(cmd.optsWithGlobals() as T & GlobalOptions);
    };

  program
    .command('start')
    .description('migrate, then serve the web UI and API')
    .option('-p, --port <port>', 'HTTP port', process.env.PORT ?? '3000')
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .option('--demo', 'load the demo tenants when they are missing')
    .action(run(start));

  program.command('migrate').description('bring the database schema up to date').action(run(migrate));
  program
    .command('demo')
    .description('create the demo tenants (reproducible for a seed)')
    .option('--seed <n>', 'generator seed')
    .action(run(demo));

  const tenant = program.command('tenant').description('tenants (organizations)');
  tenant
    .command('create')
    .requiredOption('--slug <slug>', 'short name used in URLs')
    .requiredOption('--name <name>', 'display name')
    .action(run(tenantCreate));
  tenant.command('list').action(run(tenantList));

  program
    .command('user')
    .description('users and their roles')
    .command('create')
    .description(
      'create a user (or give an existing one a role) in a tenant; password from --password or $TEMOPS_PASSWORD',
    )
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .requiredOption('--email <email>')
    .option('--name <name>')
    .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
    .option('--password <password>')
    .action(run(userCreate));

  program
    .command('token')
    .description('API tokens for integrations and scripts')
    .command('create')
    .description('issue a token for a user in a tenant; printed once')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .requiredOption('--email <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .addOption(new Option('--role <role>', 'narrower role than the user’s').choices([...ROLES]))
    .action(run(tokenCreate));

  program
    .command('import')
    .description(
      'import bill files (EDI 811, FOCUS CSV/Parquet, carrier CSV/XLSX, UBL, TMF678); folders are walked',
    )
    .argument('<paths...>', 'files or folders')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .option('--vendor <code|name>', 'the vendor, when the files do not say')
    .addOption(
      new Option('--format <format>', 'skip detection').choices([
        'x12-811',
        'focus',
        'csv',
        'xlsx',
        'ubl',
        'tmf678',
      ]),
    )
    .addOption(
      new Option('--on-conflict <decision>', 'an invoice number seen before with other content').choices([
        'reject',
        'replace',
        'keep-both',
      ]),
    )
    .action(async (paths: string[], _o: unknown, cmd: Command) =>
      importCommand(paths, cmd.optsWithGlobals()),
    );

  program
    .command('audit-log')
    .description('the tamper-evident audit trail')
    .command('verify')
    .description('check the hash chain; exits 3 naming the first broken event')
    .action(run(auditLogVerify));

  registerInventoryCommands(program);
  registerContractCommands(program);
  registerDataQualityCommands(program);
  registerAuditCommands(program);
  registerExceptionCommands(program);

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.'))
      return (err as { exitCode?: number }).exitCode ?? 1;
    return report(err, program.opts().json);
  }
}
