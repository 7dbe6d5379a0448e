/**
 * A fresh, empty PostgreSQL database for one run: a new database on the local server at
 * 127.0.0.1:5432 when one answers (TEST_PG_URL overrides), else an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface TestDatabase {
  url: string;
  kind: 'postgresql' | 'pglite';
  /** Connections a process may pool: PGlite is one session and takes one. */
  poolSize: number;
  drop(): Promise<void>;
}

/** The machine's PostgreSQL for tests, tools and the benchmark: TEST_PG_URL, else the local server's `postgres` database. */
export const testPostgresUrl = (): string => process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function serverAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** One connection to `url` for the length of `run`. */
export async function withPostgres<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testPostgresUrl();
  if (await serverAnswers(serverUrl)) {
    const name = `plan_engine_test_${randomBytes(6).toString('hex')}`;
    await withPostgres(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: 'postgresql',
      poolSize: 10,
      drop: () => withPostgres(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const embedded = await startEmbeddedPostgres({ port: 0 });
  return { url: embedded.url, kind: 'pglite', poolSize: 1, drop: () => embedded.stop() };
}
