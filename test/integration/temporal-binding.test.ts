/**
 * The Temporal dev server `npm start` runs (dev/temporal-server.ts, as dev/start.ts calls
 * it): its frontend and Web UI answer on 127.0.0.1 and on none of the machine's other
 * addresses, since whoever reaches them can terminate workflows.
 */
import { connect } from 'node:net';
import os from 'node:os';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '../../dev/processes';
import { eventually } from '../support/http';
import { locateTemporalCli, missingCliHelp, startTemporalServer } from '../../dev/temporal-server';

let server: TestWorkflowEnvironment;
let frontendPort: number;
let uiPort: number;

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const answer = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });

const otherAddresses = Object.values(os.networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
  .map((address) => address!.address);

beforeAll(async () => {
  const cli = locateTemporalCli(process.env.TEMPORAL_CLI);
  if (!cli) throw new Error(missingCliHelp);
  [frontendPort, uiPort] = [await freePort(), await freePort()];
  server = await startTemporalServer({ cli, port: frontendPort, uiPort, namespace: 'default', fast: true });
});

afterAll(async () => {
  await server?.teardown();
});

it('serves the frontend and the Web UI on the loopback address only', async () => {
  // This machine has an address besides the loopback, or the check below would prove nothing.
  expect(otherAddresses.length).toBeGreaterThan(0);
  for (const port of [frontendPort, uiPort]) {
    // The Web UI may come up a moment after the frontend answers.
    await eventually(async () => ((await accepts('127.0.0.1', port)) ? true : undefined), `port ${port} on 127.0.0.1`, 15_000);
    for (const address of otherAddresses) expect({ port, address, accepted: await accepts(address, port) }).toEqual({ port, address, accepted: false });
  }
});
