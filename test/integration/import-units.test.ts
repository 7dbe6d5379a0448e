/**
 * `npm run import-units` as a user runs it: the compiled command against a real database, a
 * CSV of a province with 1,200 communes, progress on the way, and a broken file refused whole.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { migrate } from '../../db/migrate';
import { createPrisma, type PrismaClient } from '../../db/prisma';
import { createTestDatabase, type TestDatabase } from '../../dev/test-database';
import { projectPath } from '../../platform/project-root';

const run = promisify(execFile);
let database: TestDatabase;
let db: PrismaClient;
const folder = mkdtempSync(path.join(os.tmpdir(), 'import-units-'));

beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database.url);
  db = createPrisma(database.url, 1);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const importFile = (file: string) =>
  run(process.execPath, [projectPath('dist', 'bin', 'import-units.js'), file], { env: { ...process.env, DATABASE_URL: database.url, DATABASE_POOL_SIZE: '1' } }).then(
    (result) => ({ code: 0, ...result }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

/** Children listed before their districts: the importer orders them. */
function provinceCsv(households: number): string {
  const lines = ['code,name,kind,parentCode,households,familyOfficials'];
  for (let commune = 1; commune <= 1_200; commune += 1) {
    lines.push(`X-${commune},"Ủy ban nhân dân xã số ${commune}",commune,H-${commune % 12},${households},1`);
  }
  for (let district = 0; district < 12; district += 1) lines.push(`H-${district},Ủy ban nhân dân huyện số ${district},district,TINH,,`);
  lines.push('TINH,Ủy ban nhân dân tỉnh,province,,,');
  return `${lines.join('\n')}\n`;
}

describe('npm run import-units', () => {
  it('imports a province of 1,213 units, parents after children, showing progress', async () => {
    const file = path.join(folder, 'province.csv');
    writeFileSync(file, provinceCsv(1_000));
    const result = await importFile(file);
    expect(result.code).toBe(0);
    const progress = result.stdout.split('\n').filter((line) => line.includes('"msg":"importing units"')).map((line) => JSON.parse(line) as { done: number; total: number });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatchObject({ done: 1_213, total: 1_213 });
    expect(result.stdout).toContain('"created":1213');
    expect(await db.unit.count()).toBe(1_213);
    expect((await db.unit.findUniqueOrThrow({ where: { code: 'X-13' }, include: { parent: true } })).parent!.code).toBe('H-1');
    expect(await db.auditEntry.count({ where: { action: 'unit.created' } })).toBe(1_213);
  });

  it("updates what changed on a second import: this year's household counts", async () => {
    const file = path.join(folder, 'province-2025.csv');
    writeFileSync(file, provinceCsv(1_050));
    const result = await importFile(file);
    expect(result.stdout).toContain('"created":0,"updated":1200,"unchanged":13');
    expect((await db.unit.aggregate({ _sum: { households: true } }))._sum.households).toBe(1_200 * 1_050);
  });

  it('refuses a broken file whole, naming each line', async () => {
    const file = path.join(folder, 'broken.csv');
    writeFileSync(file, 'code,name,kind,parentCode\nX-NEW,Xã mới,commune,TINH\nX-BAD,Xã sai,hamlet,TINH\nX-ORPHAN,Xã lạc,commune,\n,Không mã,commune,TINH\n');
    const result = await importFile(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('"path":"line 3.kind"');
    expect(result.stdout).toContain('"path":"line 5.code"');
    expect(result.stdout).toContain('nothing was imported');
    expect(await db.unit.count({ where: { code: 'X-NEW' } })).toBe(0);
  });
});
