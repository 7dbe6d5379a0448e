/**
 * Finds, builds or downloads the Temporal CLI and runs its dev server, through the SDK's
 * own ephemeral-server support (the same code the SDK's tests rely on).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Logger } from '../platform/logger';

/** The newest CLI tag whose go.mod builds from the module proxy (no replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function goBinFolders(): string[] {
  const folders = [process.env.GOBIN, process.env.GOPATH && path.join(process.env.GOPATH, 'bin'), path.join(os.homedir(), 'go', 'bin')];
  return folders.filter((folder): folder is string => Boolean(folder));
}

/** The program `explicit` names (given as `variable`), else the first `command` on PATH or in Go's bin folders. */
export function locateGoProgram(command: string, variable: string, explicit?: string): string | undefined {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${variable}=${explicit} is not an executable file`);
    return explicit;
  }
  const pathFolders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...pathFolders, ...goBinFolders()].map((folder) => path.join(folder, command)).find(isExecutable);
}

/** The CLI named by TEMPORAL_CLI, else the first `temporal` on PATH or in Go's bin folders. */
export const locateTemporalCli = (explicit?: string): string | undefined => locateGoProgram('temporal', 'TEMPORAL_CLI', explicit);

function commandExists(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => isExecutable(path.join(folder, command)));
}

/** `go install module` with Go's output as progress lines; false when Go is missing or the build fails. */
export async function goInstall(module: string, log: Logger, env: Record<string, string> = {}): Promise<boolean> {
  if (!commandExists('go')) return false;
  log.info({ module }, 'building with go install (first time only, takes a few minutes)');
  const child = spawn('go', ['install', module], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let lines = 0;
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    lines += 1;
    if (lines % 25 === 1) log.info({ progress: line.trim(), linesSoFar: lines }, 'go install in progress');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) log.warn({ module, exitCode }, 'go install failed');
  return exitCode === 0;
}

/** Builds the CLI with `go install` when Go is present; the first build takes minutes. */
export async function buildTemporalCli(log: Logger): Promise<string | undefined> {
  return (await goInstall(TEMPORAL_CLI_MODULE, log)) ? locateTemporalCli() : undefined;
}

export interface TemporalServerOptions {
  cli?: string;
  /** 0 picks a free port. */
  port: number;
  uiPort?: number;
  /** SQLite file to persist to; in memory when absent. */
  dbFilename?: string;
  namespace: string;
  /** Trade durability for speed (tests): WAL journal and no fsync. */
  fast?: boolean;
  /** Where a downloaded CLI is cached when no local one exists. */
  downloadDir?: string;
}

export async function startTemporalServer(options: TemporalServerOptions): Promise<TestWorkflowEnvironment> {
  const pragmas = options.fast ? ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'] : [];
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: options.cli
        ? { type: 'existing-path', path: options.cli }
        : { type: 'cached-download', downloadDir: options.downloadDir },
      ip: '127.0.0.1',
      port: options.port || undefined,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      namespace: options.namespace,
      log: { format: 'json', level: 'warn' },
      extraArgs: pragmas,
    },
  });
}

export const missingCliHelp = `The Temporal CLI was not found and could not be built or downloaded.
Install it one of these ways, then run the command again:
  - with Go: go install ${TEMPORAL_CLI_MODULE}
  - or download a release of temporalio/cli and set TEMPORAL_CLI=/path/to/temporal
  - or point TEMPORAL_ADDRESS at a running Temporal server.`;
