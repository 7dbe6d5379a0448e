/**
 * A 100 MB evidence file through an API process of its own (the compiled bin/api.js; npm test
 * builds first): the file streams to the store, so the process's resident memory stays within
 * 50 MB of what it holds idle. Its resident set is read from /proc while the upload runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApiProcess, stopProcess, type EngineProcess } from '../../dev/processes';
import { startStack, type Stack } from '../../dev/stack';
import { plan925 } from '../support/fixtures';
import { httpClient } from '../support/http';

const SECRET = 'upload-memory-secret-of-at-least-32-characters';
const FILE_BYTES = 100 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const MAX_GROWTH_BYTES = 50 * 1024 * 1024;

let stack: Stack;
let api: EngineProcess & { url: string };
let filesDir: string;
let token: string;
let assignmentId: string;

/** The process's resident set, in bytes. */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

/** A multipart form of one file, `size` bytes of a PDF's first line and then noise, produced as it is sent; `digest` is its SHA-256 once sent. */
function streamedForm(size: number) {
  const boundary = `----evidence${randomBytes(8).toString('hex')}`;
  const noise = randomBytes(CHUNK_BYTES);
  const hash = createHash('sha256');
  const encoder = new TextEncoder();
  let sent = 0;
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === 'head') {
        controller.enqueue(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="Ảnh chụp toàn bộ hồ sơ.pdf"\r\nContent-Type: application/pdf\r\n\r\n`));
        stage = 'file';
        return;
      }
      if (stage === 'file') {
        const chunk = sent === 0 ? Buffer.concat([Buffer.from('%PDF-1.7\n'), noise]).subarray(0, CHUNK_BYTES) : noise.subarray(0, Math.min(CHUNK_BYTES, size - sent));
        hash.update(chunk);
        sent += chunk.length;
        controller.enqueue(chunk);
        if (sent >= size) stage = 'tail';
        return;
      }
      if (stage === 'tail') {
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        stage = 'done';
        return;
      }
      controller.close();
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, digest: () => hash.digest('hex') };
}

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'plan-engine-upload-memory-'));
  stack = await startStack({ env: { AUTH_TOKEN_SECRET: SECRET, WORKFLOW_COMMAND_SECRET: SECRET } });
  const admin = httpClient(stack.baseUrl, (await stack.signIn('admin')).token);
  await admin.post('/units', { code: 'SO-VHTTDL', name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' });
  await admin.post('/units', { code: 'X-HAMON', name: 'Ủy ban nhân dân xã Hà Mòn', kind: 'commune' });
  const plan = await admin.post('/plans', plan925({ assigningUnit: 'SO-VHTTDL', tasks: [{ code: 'NV1', title: 'Lưu hồ sơ số hóa', kind: 'generic', leadUnit: 'X-HAMON', deadline: '2030-06-30' }] }));
  assignmentId = (await admin.get(`/plans/${plan.body.id}`)).body.tasks[0].assignments[0].id;
  token = (await stack.signIn('unit_officer', 'X-HAMON')).token;
  api = await startApiProcess({
    DATABASE_URL: stack.database.url,
    DATABASE_POOL_SIZE: '4',
    ...stack.temporalEnv,
    AUTH_TOKEN_SECRET: SECRET,
    WORKFLOW_COMMAND_SECRET: SECRET,
    FILES_DIR: filesDir,
    FILES_MAX_BYTES: String(2 * FILE_BYTES),
  });
});

afterAll(async () => {
  await stopProcess(api);
  await stack?.stop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

const post = (body: FormData | ReadableStream<Uint8Array>, contentType?: string) =>
  fetch(`${api.url}/assignments/${assignmentId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(contentType && { 'content-type': contentType }) },
    body,
    duplex: 'half',
  } as RequestInit);

it('takes a 100 MB file with its resident memory within 50 MB of idle', async () => {
  // A first, small upload loads what an upload uses (the type sniffer, the image library).
  const warmUp = new FormData();
  warmUp.append('files', new Blob([await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).png().toBuffer()]), 'ảnh.png');
  expect((await post(warmUp)).status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const idle = Math.max(...(await Promise.all([0, 1, 2].map(() => residentBytes(api.child.pid!)))));

  let peak = idle;
  const sampler = setInterval(() => {
    void residentBytes(api.child.pid!).then((bytes) => (peak = Math.max(peak, bytes)));
  }, 20);
  const form = streamedForm(FILE_BYTES);
  const started = performance.now();
  const response = await post(form.body, form.contentType);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  const answer = (await response.json()) as { items: { size: number; sha256: string; mediaType: string }[] };
  expect(response.status).toBe(201);
  expect(answer.items[0]).toMatchObject({ size: FILE_BYTES, sha256: form.digest(), mediaType: 'application/pdf' });
  const growth = peak - idle;
  process.stdout.write(
    `upload memory: idle ${(idle / 1048576).toFixed(1)} MB, peak ${(peak / 1048576).toFixed(1)} MB, growth ${(growth / 1048576).toFixed(1)} MB for ${FILE_BYTES / 1048576} MB in ${seconds.toFixed(1)} s\n`,
  );
  expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
});
