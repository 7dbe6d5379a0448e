/**
 * PostgreSQL without an installed server: PGlite (Postgres compiled to WASM), persisted to
 * a folder and served over the wire protocol so the same `pg` code runs against both.
 * PGlite is one session; the socket server serialises queries and keeps a transaction on
 * the connection that opened it. Under load it mixes up replies when one process pools
 * several connections, so every process uses a single connection to it (see bin/start.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** `dataDir` undefined keeps the database in memory (tests). */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number }): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
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
