import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownMigrations, latestSchemaVersion } from '../../core/src/db/migrate.ts';
import { freshStore, type TestStore, testEngine } from '../../core/test/test-store.ts';
import { temops } from './run-cli.ts';

describe(`temops CLI on ${testEngine}`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore({ migrate: false });
  });
  afterAll(() => store.drop());

  it('migrates, then reports the schema up to date', async () => {
    const first = await temops(store, '--json', 'migrate');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual({
      engine: testEngine,
      applied: knownMigrations,
      schemaVersion: latestSchemaVersion,
    });
    expect((await temops(store, 'migrate')).out).toBe(
      `Schema is up to date (version ${latestSchemaVersion})\n`,
    );
  });

  it('creates tenants, users and tokens, refusing bad input with a message and exit code', async () => {
    expect((await temops(store, 'tenant', 'create', '--slug', 'acme', '--name', 'Acme Corp')).code).toBe(0);
    const dup = await temops(store, 'tenant', 'create', '--slug', 'acme', '--name', 'Again');
    expect(dup).toMatchObject({ code: 1, err: 'temops: Tenant acme already exists\n' });

    const user = await temops(
      store,
      '--json',
      'user',
      'create',
      '--email',
      'Ana@Example.com',
      '--role',
      'analyst',
      '--password',
      'correct horse battery',
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.out)).toMatchObject({ email: 'ana@example.com', role: 'analyst' });

    const weak = await temops(
      store,
      'user',
      'create',
      '--email',
      'bo@example.com',
      '--role',
      'viewer',
      '--password',
      'short',
    );
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/password: at least 10 characters/);

    const badRole = await temops(store, 'user', 'create', '--email', 'bo@example.com', '--role', 'god');
    expect(badRole.code).not.toBe(0);

    const token = await temops(
      store,
      '--json',
      'token',
      'create',
      '--email',
      'ana@example.com',
      '--name',
      'ci',
    );
    expect(JSON.parse(token.out)).toMatchObject({
      role: 'analyst',
      token: expect.stringMatching(/^temops_/),
    });
    const escalate = await temops(
      store,
      'token',
      'create',
      '--email',
      'ana@example.com',
      '--name',
      'x',
      '--role',
      'admin',
    );
    expect(escalate).toMatchObject({
      code: 1,
      err: 'temops: Only an admin may issue a token with role admin\n',
    });
  });

  it('verifies the audit trail and exits 3 naming the first broken event', async () => {
    const ok = await temops(store, '--json', 'audit-log', 'verify');
    expect(ok.code).toBe(0);
    const good = JSON.parse(ok.out);
    expect(good).toMatchObject({ ok: true, broken: null });
    expect(good.events).toBeGreaterThanOrEqual(4);

    await sql`update audit_events set actor = 'user:mallory' where seq = 2`.execute(store.db);
    const broken = await temops(store, 'audit-log', 'verify');
    expect(broken.code).toBe(3);
    expect(broken.out).toBe('Audit trail BROKEN at event 2: event 2 was altered (hash mismatch)\n');
  });

  it('prints its version and help', async () => {
    expect((await temops(store, '--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await temops(store, '--help');
    expect(help.out).toMatch(/audit-log/);
    expect(help.out).toMatch(/--db <path\|postgres-url>/);
  });
});
