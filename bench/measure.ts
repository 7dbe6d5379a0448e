/** Timing, percentiles, concurrency and memory readings for the benchmarks. */
import { readFileSync, writeFileSync } from 'node:fs';

export const elapsedSince = (started: number) => (performance.now() - started) / 1000;

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Runs `work` over the items with at most `concurrency` at a time; answers each one's latency in ms. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const started = performance.now();
        await work(item);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

/** Polls until `done` answers true; throws after `timeoutSeconds`. */
export async function until(done: () => Promise<boolean>, what: string, timeoutSeconds: number, everyMs = 100): Promise<void> {
  const deadline = performance.now() + timeoutSeconds * 1000;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutSeconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A process's peak resident memory since the last reset, in MiB (Linux). */
export function peakMemoryMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Starts a new peak-memory measurement for a process (Linux: clear_refs 5). */
export function resetPeakMemory(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted here: the peak then counts from the process's start.
  }
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Busy and total CPU time of the whole machine so far, from /proc/stat (Linux). */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * Waits until the machine is quiet (under `busyShare` of its CPU busy over two seconds), so
 * that work still draining from a scenario, such as workflows loading their schedules after a
 * fan-out, is not measured against the next one. Answers the seconds waited.
 */
export async function settle(report: (message: string) => void, busyShare = 0.15, timeoutSeconds = 300): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = cpuTimes();
    const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    if (share < busyShare || elapsedSince(started) > timeoutSeconds) return elapsedSince(started);
    report(`waiting for the machine to settle: ${Math.round(share * 100)}% busy`);
  }
}
