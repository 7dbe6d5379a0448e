import { z } from 'zod';
import { readMigrations } from '../db/migrate';
import type { EngineDeps } from '../services/deps';

const dependencyHealthSchema = z.object({ ok: z.boolean(), latencyMs: z.number().int(), error: z.string().optional() });
type DependencyHealth = z.infer<typeof dependencyHealthSchema>;

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  api: z.object({ ok: z.literal(true), uptimeSeconds: z.number().int() }),
  database: dependencyHealthSchema,
  temporal: dependencyHealthSchema,
});
export type Health = z.infer<typeof healthSchema>;

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(deps: EngineDeps): Promise<Health> {
  const [database, temporal] = await Promise.all([
    timed(() => deps.db.$queryRaw`SELECT 1`),
    timed(() => deps.temporal.workflowService.getSystemInfo({})),
  ]);
  return {
    status: database.ok && temporal.ok ? 'ok' : 'degraded',
    api: { ok: true, uptimeSeconds: Math.round(process.uptime()) },
    database,
    temporal,
  };
}

export const readinessSchema = healthSchema.extend({
  migrations: dependencyHealthSchema.extend({ expected: z.number().int(), applied: z.number().int(), missing: z.array(z.string()) }),
});
export type Readiness = z.infer<typeof readinessSchema>;

/** The migrations this build ships, read once: the database must have applied every one. */
let shipped: string[] | undefined;

/** Ready to take traffic: the database and Temporal answer, and the schema is this build's. */
export async function checkReadiness(deps: EngineDeps): Promise<Readiness> {
  shipped ??= readMigrations().map((migration) => migration.name);
  const expected = shipped;
  let applied: string[] = [];
  let missing: string[] = [];
  const [health, migrations] = await Promise.all([
    checkHealth(deps),
    timed(async () => {
      const rows = await deps.db.$queryRaw<{ name: string }[]>`
        SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
      applied = rows.map((row) => row.name);
      missing = expected.filter((name) => !applied.includes(name));
      if (missing.length > 0) throw new Error(`${missing.length} migration(s) not applied`);
    }),
  ]);
  const ready = health.status === 'ok' && migrations.ok;
  return { ...health, status: ready ? 'ok' : 'degraded', migrations: { ...migrations, expected: expected.length, applied: applied.length, missing } };
}
