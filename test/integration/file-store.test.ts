/**
 * The two evidence file stores behind one interface: a folder, and S3 on a real S3-compatible
 * server (the Versity S3 Gateway, started here). Bytes come back identical under their
 * SHA-256; a staged file that is discarded, or whose source fails midway, leaves nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startS3Gateway, type S3Gateway } from '../../dev/s3-gateway';
import { folderFileStore, type FileStore } from '../../platform/file-store';
import { s3FileStore } from '../../platform/s3-file-store';

let gateway: S3Gateway;
let folder: string;
const stores: Record<'folder' | 's3', () => FileStore> = {
  folder: () => folderFileStore(folder),
  s3: () =>
    s3FileStore({
      bucket: gateway.bucket,
      endpoint: gateway.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: gateway.env.FILES_S3_ACCESS_KEY_ID!, secretAccessKey: gateway.env.FILES_S3_SECRET_ACCESS_KEY! },
    }),
};

/** Everything the store holds, staged or kept. */
const held: Record<'folder' | 's3', () => Promise<string[]>> = {
  folder: async () => (await readdir(folder, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name),
  s3: async () => {
    const client = new S3Client({ endpoint: gateway.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: gateway.env.FILES_S3_ACCESS_KEY_ID!, secretAccessKey: gateway.env.FILES_S3_SECRET_ACCESS_KEY! } });
    const answer = await client.send(new ListObjectsV2Command({ Bucket: gateway.bucket }));
    client.destroy();
    return (answer.Contents ?? []).map((object) => object.Key!);
  },
};

beforeAll(async () => {
  [gateway, folder] = await Promise.all([startS3Gateway(), mkdtemp(path.join(os.tmpdir(), 'plan-engine-files-'))]);
});

afterAll(async () => {
  await gateway?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const drain = async (stream: Readable) => Buffer.concat(await stream.toArray());
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['folder', 's3'] as const)('the %s store', (kind) => {
  it('keeps bytes under their SHA-256 and gives them back identical; the same bytes twice are one object', async () => {
    const store = stores[kind]();
    // More than one S3 part (5 MiB), so the multipart path is the one exercised.
    const bytes = randomBytes(7 * 1024 * 1024 + 123);
    const stored = await store.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]));
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length });
    expect(await store.exists(stored.sha256)).toBe(true);
    const back = await drain((await store.get(stored.sha256))!);
    expect(sha256(back)).toBe(stored.sha256);
    expect(back.equals(bytes)).toBe(true);
    expect(await store.put(Readable.from([bytes]))).toEqual(stored);
    expect((await held[kind]()).filter((name) => name.includes(stored.sha256))).toHaveLength(1);
    await store.delete(stored.sha256);
    expect(await store.exists(stored.sha256)).toBe(false);
    expect(await store.get(stored.sha256)).toBeUndefined();
    await store.delete(stored.sha256);
  });

  it('leaves nothing of a staged file that is discarded, or whose source fails midway', async () => {
    const store = stores[kind]();
    const staged = await store.stage(Readable.from([Buffer.from('bản nháp')]));
    expect(await store.exists(staged.sha256)).toBe(false);
    await staged.discard();
    async function* failing() {
      yield randomBytes(6 * 1024 * 1024);
      throw new Error('the connection was lost');
    }
    await expect(store.stage(Readable.from(failing()))).rejects.toThrow('the connection was lost');
    expect(await held[kind]()).toEqual([]);
  });

  it('refuses an address that is not a SHA-256', async () => {
    const store = stores[kind]();
    await expect(store.get('../../etc/passwd')).rejects.toThrow('not a SHA-256 address');
  });
});
