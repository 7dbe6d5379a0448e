/**
 * The Temporal Web UI beside a cluster (dev/temporal-cluster.ts): the UI server built from the Go
 * module proxy, on 127.0.0.1 only, read-only (whoever reaches it could otherwise terminate, signal
 * or reset workflows), reaching the frontend with its own client certificate.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Logger } from '../platform/logger';
import { goInstall, isExecutable } from './temporal-server';
import type { TemporalCluster } from './temporal-cluster';

export const TEMPORAL_UI_MODULE = 'github.com/temporalio/ui-server/v2/cmd/server@v2.42.1';

const uiBinDir = (): string => process.env.TEMPORAL_UI_BIN_DIR ?? path.join(os.homedir(), '.cache', 'plan-engine', 'temporal-ui-v2.42.1');

/** The UI server's configuration: loopback, no write action of any kind, mutual TLS to the frontend. */
export function temporalUiConfig(cluster: Pick<TemporalCluster, 'address' | 'namespace' | 'certificates'>, port: number): Record<string, unknown> {
  const { dir, ca, serverName } = cluster.certificates;
  return {
    temporalGrpcAddress: cluster.address,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: cluster.namespace,
    notifyOnNewVersion: false,
    disableWriteActions: true,
    workflowTerminateDisabled: true,
    workflowCancelDisabled: true,
    workflowSignalDisabled: true,
    workflowUpdateDisabled: true,
    workflowResetDisabled: true,
    batchActionsDisabled: true,
    startWorkflowDisabled: true,
    activityCommandsDisabled: true,
    cors: { allowOrigins: [], unsafeAllowAllOrigins: false, cookieInsecure: false },
    tls: { caFile: ca, certFile: path.join(dir, 'web-ui.pem'), keyFile: path.join(dir, 'web-ui-key.pem'), enableHostVerification: true, serverName },
  };
}

export async function startTemporalUi(options: { cluster: TemporalCluster; port: number; folder: string; log: Logger }): Promise<{ url: string; stop(): Promise<void> }> {
  const program = path.join(uiBinDir(), 'server');
  if (!isExecutable(program) && !(await goInstall(TEMPORAL_UI_MODULE, options.log, { GOBIN: uiBinDir() }))) {
    throw new Error(`go install ${TEMPORAL_UI_MODULE} failed`);
  }
  mkdirSync(path.join(options.folder, 'config'), { recursive: true });
  writeFileSync(path.join(options.folder, 'config', 'plan-engine.yaml'), stringify(temporalUiConfig(options.cluster, options.port)));
  const output = createWriteStream(path.join(options.folder, 'ui.log'), { flags: 'a' });
  const child = spawn(program, ['--root', options.folder, '--config', 'config', '--env', 'plan-engine', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the Temporal Web UI did not start (see ${path.join(options.folder, 'ui.log')})`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  options.log.info({ url }, 'temporal web ui started (read-only)');
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
