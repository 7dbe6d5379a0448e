/**
 * The embedded PostgreSQL of `npm start` (PGlite over the wire protocol) is a single-user
 * default: its files are its owner's alone, and it answers on the loopback address only.
 * PGlite loads WASM through dynamic imports, which Jest's module system does not run, so
 * the compiled module runs in a child process as the launcher runs it (needs `npm run build`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Client } from 'pg';
import { projectPath } from '../../platform/project-root';

interface Embedded {
  url: string;
  stop(): Promise<void>;
}

/** Starts the compiled embedded PostgreSQL on `dataDir` in a child process; closing its stdin stops it. */
async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<Embedded> {
  const script = `require(${JSON.stringify(projectPath('dist', 'dev', 'embedded-postgres.js'))}).startEmbeddedPostgres(${JSON.stringify(options)}).then((pg) => {
    console.log(pg.url);
    process.stdin.on('end', () => pg.stop().then(() => process.exit(0)));
    process.stdin.resume();
  });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the embedded PostgreSQL exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

let parent: string;
let dataDir: string;
let embedded: Embedded;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'plan-engine-embedded-'));
  // As `npm start` lays it out: DATA_DIR made with the default umask, the database in a folder of it.
  mkdirSync(path.join(parent, 'data'));
  dataDir = path.join(parent, 'data', 'postgres');
  embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
});

afterAll(async () => {
  await embedded?.stop();
  rmSync(parent, { recursive: true, force: true });
});

/** Every folder and file under `root`, the root included. */
function tree(root: string): string[] {
  return [root, ...readdirSync(root, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? tree(path.join(entry.parentPath, entry.name)) : [path.join(entry.parentPath, entry.name)]))];
}

describe('the embedded PostgreSQL', () => {
  /** The folders and files under the data folder that another account could read or write. */
  const openToOthers = () =>
    tree(dataDir)
      .filter((entry) => (statSync(entry).mode & 0o077) !== 0)
      .map((entry) => `${path.relative(dataDir, entry) || '.'} ${(statSync(entry).mode & 0o777).toString(8)}`);

  it('keeps its folder and every file in it readable and writable by its owner only', () => {
    expect(tree(dataDir).length).toBeGreaterThan(10);
    expect(openToOthers()).toEqual([]);
  });

  it('answers on 127.0.0.1 only', async () => {
    const port = Number(new URL(embedded.url).port);
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    // Another loopback address reaches a server listening on all interfaces, but not one bound to 127.0.0.1.
    expect(await reachable('127.0.0.2')).toBe(false);
  });

  it('keeps the folder closed while it writes, and every file closed when it starts again on its data', async () => {
    const writer = new Client({ connectionString: embedded.url });
    await writer.connect();
    await writer.query('CREATE TABLE kept (note text)');
    await writer.query(`INSERT INTO kept VALUES ('Kế hoạch 925/KH-UBND')`);
    await writer.end();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);

    await embedded.stop();
    embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    const reader = new Client({ connectionString: embedded.url });
    await reader.connect();
    expect((await reader.query('SELECT note FROM kept')).rows).toEqual([{ note: 'Kế hoạch 925/KH-UBND' }]);
    await reader.end();
    expect(openToOthers()).toEqual([]);
  });
});
