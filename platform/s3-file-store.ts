/**
 * Evidence files in an S3-compatible object store (AWS S3, Versity S3 Gateway, Ceph, Garage…)
 * through the AWS SDK v3. A file is streamed to `staging/<uuid>` in parts (the length of an
 * upload is unknown until it ends), then copied inside the store to `objects/<sha256>`.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, CreateBucketCommand, HeadBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { hashingCounter, SHA256_HEX, stageAndKeep, type FileStore } from './file-store';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** 5 MiB parts (S3's smallest), two in flight: an upload holds about 10 MiB of memory whatever its size. */
const PART_BYTES = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

const objectKey = (sha256: string) => {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 address: ${sha256}`);
  return `objects/${sha256}`;
};
const absent = (error: unknown) => error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export function s3FileStore(settings: S3Settings): FileStore {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 requires them: servers other than AWS's do not all keep the SDK's
    // default CRC32 of each part, and the SHA-256 is computed here anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.endpoint && { endpoint: settings.endpoint }),
    ...(settings.credentials && { credentials: settings.credentials }),
  });
  const Bucket = settings.bucket;
  const exists = async (sha256: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(sha256) }));
      return true;
    } catch (error) {
      if (absent(error)) return false;
      throw error;
    }
  };
  const remove = async (Key: string) => {
    await client.send(new DeleteObjectCommand({ Bucket, Key }));
  };
  const store: FileStore = {
    location: `s3://${Bucket}`,
    async stage(source) {
      const Key = `staging/${randomUUID()}`;
      const counter = hashingCounter();
      source.on('error', (error) => counter.destroy(error));
      const upload = new Upload({ client, params: { Bucket, Key, Body: source.pipe(counter) }, partSize: PART_BYTES, queueSize: PARTS_IN_FLIGHT, leavePartsOnError: false });
      try {
        await upload.done();
      } catch (error) {
        await remove(Key).catch(() => undefined);
        throw error;
      }
      const { sha256, size } = counter.digest();
      return {
        sha256,
        size,
        async keep() {
          if (!(await exists(sha256))) await client.send(new CopyObjectCommand({ Bucket, Key: objectKey(sha256), CopySource: `${Bucket}/${Key}` }));
          await remove(Key);
        },
        discard: () => remove(Key),
      };
    },
    put: (source) => stageAndKeep(store, source),
    async get(sha256) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(sha256) }));
        return answer.Body as Readable;
      } catch (error) {
        if (absent(error)) return undefined;
        throw error;
      }
    },
    exists,
    delete: (sha256) => remove(objectKey(sha256)),
    async prepare() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        if (!absent(error)) throw error;
        await client.send(new CreateBucketCommand({ Bucket }));
      }
    },
  };
  return store;
}
