/**
 * A real S3-compatible server for tests and the benchmark: the Versity S3 Gateway
 * (`go install github.com/versity/versitygw/cmd/versitygw@v1.8.0`, Apache-2.0) on its POSIX
 * backend in a temporary folder, on a free port of 127.0.0.1, with one bucket made.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './processes';
import { locateGoProgram } from './temporal-server';

export const S3_GATEWAY_MODULE = 'github.com/versity/versitygw/cmd/versitygw@v1.8.0';
export const missingGatewayHelp = `the Versity S3 Gateway was not found: build it with \`go install ${S3_GATEWAY_MODULE}\` or set VERSITYGW to its path`;

export interface S3Gateway {
  endpoint: string;
  bucket: string;
  /** The FILES_S3_* settings that point the engine at this gateway. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the gateway named by VERSITYGW (else found on PATH or in Go's bin folders) and makes `bucket`. */
export async function startS3Gateway(bucket = 'evidence'): Promise<S3Gateway> {
  const program = locateGoProgram('versitygw', 'VERSITYGW', process.env.VERSITYGW);
  if (!program) throw new Error(missingGatewayHelp);
  const root = await mkdtemp(path.join(os.tmpdir(), 'plan-engine-s3-'));
  const port = await freePort();
  const accessKeyId = `test${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(20).toString('hex');
  const child = spawn(program, ['--port', `127.0.0.1:${port}`, '--access', accessKeyId, '--secret', secretAccessKey, 'posix', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  };
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  try {
    // The gateway answers once it listens; the bucket is made by the first request that gets through.
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`versitygw exited with ${child.exitCode}: ${stderr}`);
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    bucket,
    env: {
      FILES_S3_ENDPOINT: endpoint,
      FILES_S3_BUCKET: bucket,
      FILES_S3_REGION: 'us-east-1',
      FILES_S3_ACCESS_KEY_ID: accessKeyId,
      FILES_S3_SECRET_ACCESS_KEY: secretAccessKey,
      FILES_S3_FORCE_PATH_STYLE: 'true',
    },
    stop,
  };
}
