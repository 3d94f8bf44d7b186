import {
  type Ctx,
  type ExceptionItem,
  type ExceptionListParams,
  findUserByEmail,
  listExceptions,
  MAX_EXCEPTION_PAGE,
} from '@temops/core';
import type { Command } from 'commander';
import type { GlobalOptions } from '../config.ts';
import { CliError, emit } from '../output.ts';
import { tenantCtx, withStore } from '../store.ts';

interface ListOptions extends GlobalOptions {
  tenant?: string;
  state?: string;
  rule?: string;
  owner?: string;
}

/** Every exception matching the filter, page after page, in the queue's order (largest variance first). */
export async function allExceptions(ctx: Ctx, p: ExceptionListParams): Promise<ExceptionItem[]> {
  const items: ExceptionItem[] = [];
  for (let page = 1; ; page++) {
    const r = await listExceptions(ctx, { ...p, page, pageSize: MAX_EXCEPTION_PAGE });
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) return items;
  }
}

const COLUMNS: [string, (e: ExceptionItem) => string, 'left' | 'right'][] = [
  ['variance', (e) => e.variance, 'right'],
  ['cur', (e) => e.currency, 'left'],
  ['severity', (e) => e.severity, 'left'],
  ['state', (e) => e.state, 'left'],
  ['rule', (e) => e.rule, 'left'],
  ['invoice', (e) => e.invoiceNumber ?? '-', 'left'],
  ['service', (e) => e.serviceIdentifier ?? '-', 'left'],
  ['owner', (e) => e.owner ?? e.queue ?? '-', 'left'],
  ['due', (e) => `${e.dueOn ?? '-'}${e.overdue ? '!' : ''}`, 'left'],
];

function table(items: ExceptionItem[]): string {
  if (items.length === 0) return 'No exceptions';
  const cells = items.map((e) => COLUMNS.map(([, get]) => get(e)));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (COLUMNS[i]![2] === 'right' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS.map(([title]) => title)), ...cells.map(line), `${items.length} exception(s)`].join(
    '\n',
  );
}

async function ownerFilter(ctx: Ctx, owner: string | undefined): Promise<string | undefined> {
  if (!owner?.includes('@')) return owner;
  const user = await findUserByEmail(ctx.db, owner);
  if (!user) throw new CliError(`No user ${owner}`);
  return user.id;
}

/** Lists the exception queue, largest variance first. */
export async function exceptionsList(opts: ListOptions) {
  const items = await withStore(opts, async (store) => {
    const ctx = await tenantCtx(store, opts.tenant);
    return allExceptions(ctx, {
      state: opts.state,
      rule: opts.rule,
      owner: await ownerFilter(ctx, opts.owner),
    });
  });
  emit(opts.json, items, () => table(items));
}

/** CLI commands for exceptions: list. */
export function registerExceptionCommands(program: Command) {
  program
    .command('exceptions')
    .description('the exception queue the audit fills')
    .command('list')
    .description('exceptions, largest variance first')
    .option('--tenant <slug>', 'tenant (default: the only one)')
    .option('--state <state>', 'active (default), closed, all, or a comma list of states')
    .option('--rule <code>', 'one audit rule')
    .option('--owner <email|id|unassigned>', 'whose exceptions')
    .action(async (_o: unknown, cmd: Command) => exceptionsList(cmd.optsWithGlobals()));
}
