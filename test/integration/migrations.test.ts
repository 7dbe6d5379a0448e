/**
 * The project applies its own migrations (the Prisma 7 CLI cannot migrate offline). These
 * tests hold the runner to Prisma's contract and prove the migrated database is exactly
 * what schema.prisma declares.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { migrate, MigrationError, readMigrations, type Migration } from '../../db/migrate';
import { createTestDatabase, type TestDatabase } from '../../dev/test-database';
import { projectPath } from '../../platform/project-root';
import { databaseShape, declaredShape } from '../support/schema-shape';

const databases: TestDatabase[] = [];
async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}
async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('migrations', () => {
  it('produce exactly the tables, columns, types, nullability, indexes and foreign keys of schema.prisma', async () => {
    const database = await freshDatabase();
    await migrate(database.url);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const declared = declaredShape();
      expect(Object.keys(declared.tables).sort()).toEqual([
        'accounts',
        'activity_reports',
        'api_keys',
        'assignments',
        'audit_entries',
        'calendar_feeds',
        'delegations',
        'escalations',
        'events',
        'evidence_files',
        'extension_requests',
        'idempotency_records',
        'notice_settings',
        'notifications',
        'plan_amendments',
        'plan_drafts',
        'plans',
        'targets',
        'task_proposals',
        'tasks',
        'units',
      ]);
      expect(await databaseShape(client)).toEqual(declared);
    } finally {
      await client.end();
    }
  });

  it('would notice drift: a schema with one more column no longer matches', async () => {
    const database = await freshDatabase();
    await migrate(database.url);
    await query(database.url, 'ALTER TABLE "units" ADD COLUMN "fax" TEXT');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      expect(await databaseShape(client)).not.toEqual(declaredShape());
    } finally {
      await client.end();
    }
  });

  it("are recorded in Prisma's _prisma_migrations table with Prisma's checksum, and applied once", async () => {
    const database = await freshDatabase();
    const first = await migrate(database.url);
    const names = readMigrations().map((migration) => migration.name);
    expect(first).toEqual({ applied: names, alreadyApplied: [] });
    expect(await migrate(database.url)).toEqual({ applied: [], alreadyApplied: names });

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    const sql = readFileSync(projectPath('prisma', 'migrations', names[0]!, 'migration.sql'));
    expect(rows[0]!.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
    expect(rows.every((row) => row.finished_at instanceof Date && row.applied_steps_count === 1)).toBe(true);
  });

  it('let only one of two processes starting together migrate', async () => {
    const database = await freshDatabase();
    const reports = await Promise.all([migrate(database.url), migrate(database.url)]);
    expect(reports.map((report) => report.applied.length).sort()).toEqual([0, readMigrations().length]);
    const rows = await query<{ count: string }>(database.url, 'SELECT count(*) FROM "_prisma_migrations"');
    expect(Number(rows[0]!.count)).toBe(readMigrations().length);
  });

  it('roll a failing migration back whole and leave it unrecorded', async () => {
    const database = await freshDatabase();
    const broken: Migration[] = [
      ...readMigrations(),
      { name: '29990101000000_broken', sql: 'CREATE TABLE "half" (id INT); SELECT no_such_function();', checksum: 'x'.repeat(64) },
    ];
    await expect(migrate(database.url, broken)).rejects.toThrow(/29990101000000_broken failed/);
    const tables = await query<{ exists: boolean }>(database.url, `SELECT to_regclass('public.half') IS NOT NULL AS exists`);
    expect(tables[0]!.exists).toBe(false);
    const recorded = await query<{ migration_name: string }>(database.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((row) => row.migration_name)).not.toContain('29990101000000_broken');
  });

  it('refuse a migration edited after it was applied, and a database newer than the code', async () => {
    const database = await freshDatabase();
    await migrate(database.url);
    const [first, ...rest] = readMigrations();
    await expect(migrate(database.url, [{ ...first!, checksum: 'f'.repeat(64) }, ...rest])).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, [])).rejects.toThrow(/migrations this code does not know/);
  });
});
