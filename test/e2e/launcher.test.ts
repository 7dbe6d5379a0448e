/**
 * `npm start` as a new user runs it: the compiled launcher with the embedded defaults (a
 * Temporal dev server and PGlite, no DATABASE_URL), then Ctrl-C, then a second start that
 * finds the data of the first. Needs `npm run build` first (npm test does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { projectPath } from '../../platform/project-root';
import { eventually, httpClient } from '../support/http';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listenOn(port: number) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portIsClosed = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

interface Launch {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

let dataDir: string;
let ports: Record<'API_PORT' | 'TEMPORAL_DEV_PORT' | 'TEMPORAL_UI_PORT' | 'EMBEDDED_PG_PORT' | 'MAIL_CATCHER_PORT', number>;

function launch(): Launch {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  delete env.SMTP_URL;
  for (const [name, port] of Object.entries(ports)) env[name] = String(port);
  // A process group of its own, so that Ctrl-C can be sent to the group as a terminal does.
  const child = spawn(process.execPath, [projectPath('dist', 'dev', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  readline.createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** What a terminal does on Ctrl-C: SIGINT to every process of the foreground group. */
const pressCtrlC = (run: Launch) => {
  if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, 'SIGINT');
};

async function waitForLine(run: Launch, pattern: RegExp, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = run.lines.find((candidate) => pattern.test(candidate));
    if (line) return line;
    if (run.child.exitCode !== null) throw new Error(`launcher exited early:\n${run.lines.slice(-30).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern}:\n${run.lines.slice(-30).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'plan-engine-start-'));
  ports = {
    API_PORT: await freePort(),
    TEMPORAL_DEV_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
    EMBEDDED_PG_PORT: await freePort(),
    MAIL_CATCHER_PORT: await freePort(),
  };
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  let firstPlanIds: string[];

  /** Signs in with an account the first start wrote to DATA_DIR/accounts.txt. */
  async function signInAs(api: string, username: string) {
    const password = /^password: (\S+)$/m.exec(readFileSync(path.join(dataDir, 'accounts.txt'), 'utf8'))![1];
    const login = await httpClient(api).post('/auth/login', { username, password });
    expect(login.status).toBe(200);
    return httpClient(api, login.body.token);
  }

  it('brings the whole system up on the embedded default, with the example plans loaded', async () => {
    const run = launch();
    try {
      const ready = JSON.parse(await waitForLine(run, /"msg":"plan engine is up"/));
      expect(ready).toMatchObject({ api: `http://127.0.0.1:${ports.API_PORT}`, temporalUi: `http://127.0.0.1:${ports.TEMPORAL_UI_PORT}` });
      expect(run.lines.some((line) => line.includes('embedded PostgreSQL (PGlite) started'))).toBe(true);
      expect(run.lines.some((line) => line.includes(`API:          http://127.0.0.1:${ports.API_PORT}`))).toBe(true);

      expect((await httpClient(ready.api).get('/plans')).status).toBe(401);
      const http = await signInAs(ready.api, 'lanhdao.ubnd');
      const plans = await http.get('/plans');
      expect(plans.body.items.map((plan: { code: string }) => plan.code).sort()).toEqual(['10/KH-BCĐ', '925/KH-UBND']);
      firstPlanIds = plans.body.items.map((plan: { id: string }) => plan.id).sort();
      expect((await http.get('/healthz')).body.status).toBe('ok');
      expect((await fetch(ready.temporalUi)).status).toBe(200);
      // The demo's overdue work escalates at once; every escalation and write must succeed first time.
      expect((await http.get('/escalations?open=true')).body.total).toBeGreaterThan(0);
      expect(run.lines.filter((line) => /"level":(50|60)|Activity failed/.test(line))).toEqual([]);
      // …and its notices reach the local mail receiver, saved where the launcher said.
      expect(ready.mail).toBe(path.join(dataDir, 'mail'));
      const mails = await eventually(async () => {
        const files = readdirSync(ready.mail).filter((file) => file.endsWith('.eml'));
        return files.length > 0 ? files : undefined;
      }, 'a saved notice');
      expect(readFileSync(path.join(ready.mail, mails[0]!), 'utf8')).toMatch(/^Subject: /m);
    } finally {
      pressCtrlC(run);
    }
    expect(await run.exited).toBe(0);
    expect(run.lines.filter((line) => /"msg":"(api stopped|worker stopped|stopped)"/.test(line))).toHaveLength(3);
    for (const port of Object.values(ports)) expect(await portIsClosed(port)).toBe(true);
  });

  it('finds the data of the first start on the second, without loading the examples again', async () => {
    const run = launch();
    try {
      const ready = JSON.parse(await waitForLine(run, /"msg":"plan engine is up"/));
      expect(run.lines.some((line) => line.includes('examples not loaded'))).toBe(true);
      // The token secret and the accounts were kept: the same password still signs in.
      const plans = await (await signInAs(ready.api, 'giamdoc.vhttdl')).get('/plans');
      expect(plans.body.items.map((plan: { id: string }) => plan.id).sort()).toEqual(firstPlanIds);
    } finally {
      pressCtrlC(run);
    }
    expect(await run.exited).toBe(0);
  });

  it('stops cleanly when Ctrl-C comes while it is still starting', async () => {
    const run = launch();
    await waitForLine(run, /"msg":"database migrations current"/);
    const pressed = Date.now();
    pressCtrlC(run);
    expect(await run.exited).toBe(0);
    expect(Date.now() - pressed).toBeLessThan(10_000);
    for (const port of Object.values(ports)) expect(await portIsClosed(port)).toBe(true);
  });

  it('refuses to start, naming the port and the variable, when a port it needs is taken', async () => {
    const squatter = await listenOn(ports.TEMPORAL_DEV_PORT);
    try {
      const run = launch();
      expect(await run.exited).toBe(1);
      expect(run.lines.join('\n')).toContain(`port ${ports.TEMPORAL_DEV_PORT} for the Temporal dev server is in use (set TEMPORAL_DEV_PORT to another port)`);
    } finally {
      squatter.close();
    }
  });
});
