/**
 * PostgreSQL's own account of where its time went (pg_stat_statements), for the benchmark's
 * results: the statements that took the most time between two readings, in every database of the
 * server (the engine's read model and, on a cluster, Temporal's own). Only when the server loads
 * the module (`shared_preload_libraries = 'pg_stat_statements'`); otherwise nothing is recorded.
 */
import type { Client } from 'pg';
import { withPostgres } from '../dev/test-database';

export interface StatementFigures {
  database: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  query: string;
}

/** `run` on the server, or nothing when the module is not loaded (its view or functions are missing). */
const withServer = <T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T | undefined> => withPostgres(serverUrl, run).catch(() => undefined);

/** Makes the view readable and starts counting afresh; false when the server does not load the module. */
export async function resetStatements(serverUrl: string): Promise<boolean> {
  const done = await withServer(serverUrl, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
    return true;
  });
  return done === true;
}

/** The `limit` statements that took the most time since the last reset, then a reset. */
export async function takeTopStatements(serverUrl: string, limit = 12): Promise<StatementFigures[] | undefined> {
  return withServer(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string; calls: string; total: number; mean: number; rows: string; query: string }>(
      `SELECT d.datname, s.calls, s.total_exec_time AS total, s.mean_exec_time AS mean, s.rows, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 400) AS query
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        ORDER BY s.total_exec_time DESC LIMIT $1`,
      [limit],
    );
    await client.query('SELECT pg_stat_statements_reset()');
    const round = (value: number) => Math.round(value * 100) / 100;
    return rows.map((row) => ({ database: row.datname, calls: Number(row.calls), totalMs: round(row.total), meanMs: round(row.mean), rows: Number(row.rows), query: row.query }));
  });
}
