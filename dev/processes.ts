/**
 * The engine's API and worker as separate processes (the compiled bin/*.js; npm test builds
 * first), so tests can kill them the way an operating system or an orchestrator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import readline from 'node:readline';
import { projectPath } from '../platform/project-root';
import { WORKER_NODE_FLAGS } from '../activities/worker';
import type { Stack } from './stack';

export interface EngineProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * A parent run with `node --cpu-prof --cpu-prof-dir=…` (the benchmark) has its engine processes
 * profiled too: Node 20 refuses these flags in NODE_OPTIONS, so they are handed on here.
 */
const profilingFlags = () => process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));

function start(name: 'worker' | 'api', env: Record<string, string>, readyLine: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, [...profilingFlags(), ...(name === 'worker' ? WORKER_NODE_FLAGS : []), projectPath('dist', 'bin', `${name}.js`)], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes(readyLine)) resolve({ child, lines, exited });
    });
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before it was ready:\n${lines.slice(-5).join('\n')}`)));
  });
}

/** What a worker process needs to serve `stack` (started with `worker: 'none'`) on its task queue. */
export const workerEnvFor = (stack: Stack): Record<string, string> => ({
  DATABASE_URL: stack.database.url,
  DATABASE_POOL_SIZE: String(stack.database.poolSize),
  ...stack.temporalEnv,
  TEMPORAL_TASK_QUEUE: stack.taskQueue,
  WORKFLOW_COMMAND_SECRET: stack.deps.commandSecret,
});

/** A worker on `env` (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE…), once it polls. */
export const startWorkerProcess = (env: Record<string, string>) => start('worker', env, '"msg":"worker started"');

/** An API on a free port, once it listens; answers its process and its address. */
export async function startApiProcess(env: Record<string, string>): Promise<EngineProcess & { url: string }> {
  const port = env.API_PORT ?? String(await freePort());
  const started = await start('api', { ...env, API_HOST: '127.0.0.1', API_PORT: port }, '"msg":"api listening"');
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** Stops a process with a signal and waits for it to be gone. */
export async function stopProcess(engineProcess: EngineProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!engineProcess || engineProcess.child.exitCode !== null || engineProcess.child.signalCode !== null) return;
  engineProcess.child.kill(signal);
  await engineProcess.exited;
}
