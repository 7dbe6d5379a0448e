/** The evidence file store the configuration names. */
import path from 'node:path';
import { dataPath, type Config } from './config';
import { folderFileStore, type FileStore } from './file-store';
import { s3FileStore } from './s3-file-store';

/** The store the configuration names: S3 when FILES_S3_BUCKET is set, else the folder (FILES_DIR, or DATA_DIR/files). */
export function createFileStore(config: Config): FileStore {
  if (config.FILES_S3_BUCKET) {
    return s3FileStore({
      bucket: config.FILES_S3_BUCKET,
      region: config.FILES_S3_REGION,
      forcePathStyle: config.FILES_S3_FORCE_PATH_STYLE,
      ...(config.FILES_S3_ENDPOINT && { endpoint: config.FILES_S3_ENDPOINT }),
      ...(config.FILES_S3_ACCESS_KEY_ID && config.FILES_S3_SECRET_ACCESS_KEY && { credentials: { accessKeyId: config.FILES_S3_ACCESS_KEY_ID, secretAccessKey: config.FILES_S3_SECRET_ACCESS_KEY } }),
    });
  }
  return folderFileStore(config.FILES_DIR ? path.resolve(config.FILES_DIR) : dataPath(config, 'files'));
}
