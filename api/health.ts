import type { EngineDeps } from '../services/deps';

export interface DependencyHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  api: { ok: true; uptimeSeconds: number };
  database: DependencyHealth;
  temporal: DependencyHealth;
}

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
