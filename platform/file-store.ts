/**
 * Where evidence files are kept: by content, each under its SHA-256, so a recorded hash always
 * names the same bytes and one file sent twice is kept once. A file is first staged (streamed
 * to a place of its own while its hash is computed), then kept at its address or discarded:
 * what the engine refuses, or a connection lost mid-file, never reaches an address.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  /** Lower-case hex SHA-256 of the bytes: the object's address. */
  sha256: string;
  size: number;
}

export interface StagedFile extends StoredObject {
  /** Puts the bytes at their address (already there: nothing changes) and drops the staged copy. */
  keep(): Promise<void>;
  /** Drops the staged bytes. */
  discard(): Promise<void>;
}

export interface FileStore {
  /** Where the files are, for logs and the health answer: a folder path or `s3://bucket`. */
  readonly location: string;
  /** Streams `source` to a staging place, hashing it on the way; nothing is at an address yet. */
  stage(source: Readable): Promise<StagedFile>;
  /** stage, then keep. */
  put(source: Readable): Promise<StoredObject>;
  /** The bytes at `sha256`, or undefined when nothing is kept there. */
  get(sha256: string): Promise<Readable | undefined>;
  exists(sha256: string): Promise<boolean>;
  /** Removes what is kept at `sha256`; nothing there is no error. */
  delete(sha256: string): Promise<void>;
  /** Makes the place files go (the folder, the bucket) when it is missing; a deployment's setup job runs it. */
  prepare(): Promise<void>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A pass-through that hashes and counts what flows through it. */
export function hashingCounter(): Transform & { digest(): StoredObject } {
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return Object.assign(counter, { digest: () => ({ sha256: (digest ??= hash.digest('hex')), size }) });
}

/** What every store's `put` does: stage, then keep. */
export async function stageAndKeep(store: Pick<FileStore, 'stage'>, source: Readable): Promise<StoredObject> {
  const staged = await store.stage(source);
  await staged.keep();
  return { sha256: staged.sha256, size: staged.size };
}

/** An address taken only from a hash the store computed, or checked as one: never a path a caller chose. */
function checkedAddress(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 address: ${sha256}`);
  return sha256;
}

/** Objects at `<root>/objects/ab/abcdef…`; staged files at `<root>/staging/<uuid>`, on the same file system so keeping is a rename. */
export function folderFileStore(root: string): FileStore {
  const objectPath = (sha256: string) => path.join(root, 'objects', checkedAddress(sha256).slice(0, 2), sha256);
  const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
  const store: FileStore = {
    location: root,
    async stage(source) {
      await mkdir(path.join(root, 'staging'), { recursive: true });
      const staged = path.join(root, 'staging', randomUUID());
      const counter = hashingCounter();
      try {
        await pipeline(source, counter, createWriteStream(staged, { flags: 'wx' }));
      } catch (error) {
        await rm(staged, { force: true });
        throw error;
      }
      const { sha256, size } = counter.digest();
      return {
        sha256,
        size,
        async keep() {
          await mkdir(path.dirname(objectPath(sha256)), { recursive: true });
          await rename(staged, objectPath(sha256));
        },
        discard: () => rm(staged, { force: true }),
      };
    },
    put: (source) => stageAndKeep(store, source),
    async get(sha256) {
      try {
        await stat(objectPath(sha256));
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
      return createReadStream(objectPath(sha256));
    },
    async exists(sha256) {
      try {
        return (await stat(objectPath(sha256))).isFile();
      } catch (error) {
        if (missing(error)) return false;
        throw error;
      }
    },
    delete: (sha256) => rm(objectPath(sha256), { force: true }),
    prepare: async () => {
      await mkdir(path.join(root, 'staging'), { recursive: true });
    },
  };
  return store;
}
