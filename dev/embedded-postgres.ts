/**
 * PostgreSQL without an installed server: PGlite (Postgres compiled to WASM), persisted to
 * a folder and served over the wire protocol so the same `pg` code runs against both.
 * PGlite is one session; the socket server serialises queries and keeps a transaction on
 * the connection that opened it. Under load it mixes up replies when one process pools
 * several connections, so every process uses a single connection to it (see dev/start.ts).
 *
 * It is a single-user default: it listens on 127.0.0.1 only and keeps its folder closed to
 * other accounts of the machine, but it checks no password, so anything that runs on this
 * machine and reaches the port is let in. Shared machines and servers set DATABASE_URL.
 */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number }): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  if (options.dataDir) closeToOthers(options.dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port, maxConnections: 64 });
  await server.start();
  const [, boundPort] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${boundPort}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * PGlite writes its files readable and writable by everyone (0666), whatever the umask: the
 * folder is closed (0700) so that nobody else reaches them, and what is there already is
 * made the owner's alone.
 */
function closeToOthers(folder: string): void {
  chmodSync(folder, 0o700);
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}
