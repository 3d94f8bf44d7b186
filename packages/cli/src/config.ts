import path from 'node:path';

export interface GlobalOptions {
  json?: boolean;
  db?: string;
  dataDir?: string;
}

/** Where the data lives: --db, then DATABASE_URL, then a SQLite file in the data directory. */
export function resolveDatabase(opts: GlobalOptions, env = process.env): string {
  if (opts.db) return opts.db;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return path.join(dataDir(opts, env), 'temops.db');
}

export const dataDir = (opts: GlobalOptions, env = process.env) =>
  path.resolve(opts.dataDir ?? env.TEMOPS_DATA_DIR ?? 'data');
