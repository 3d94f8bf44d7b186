import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const knownMigrations = Object.keys(migrations).sort();
export const latestSchemaVersion = knownMigrations.length;

export class SchemaTooNewError extends Error {
  constructor(unknown: string[]) {
    super(
      `The database has migrations this version of TEMOps does not know (${unknown.join(', ')}); upgrade TEMOps before using it.`,
    );
  }
}

async function listExecutedNames(db: Kysely<Database>): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch {
    return [];
  }
}

/** Refuses a schema written by a newer release: running old code on it could corrupt data. */
export async function assertSchemaKnown(db: Kysely<Database>): Promise<void> {
  const unknown = (await listExecutedNames(db)).filter((n) => !migrations[n]);
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  await assertSchemaKnown(db);
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function schemaVersion(db: Kysely<Database>): Promise<number> {
  return (await listExecutedNames(db)).length;
}
