/** Real receivers on loopback: an SMTP server for the notices' mail and an HTTP server for their webhooks. */
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailReceiver {
  url: string;
  /** Every message received, parsed (kept only when no folder is given: tests read them here). */
  messages: ParsedMail[];
  /** Where each message is saved as an .eml file, when given. */
  folder?: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server on loopback. With a folder (the embedded default, `npm start`) it saves
 * each message there as an .eml file that any mail program opens; without one (tests) it keeps
 * them parsed in `messages`.
 */
export async function startMailReceiver(options: { port?: number; folder?: string } = {}): Promise<MailReceiver> {
  const { folder } = options;
  if (folder) mkdirSync(folder, { recursive: true });
  const messages: ParsedMail[] = [];
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      received += 1;
      const kept = folder
        ? pipeline(stream, createWriteStream(path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${received}.eml`)))
        : simpleParser(stream).then((mail) => {
            messages.push(mail);
          });
      kept.then(() => callback(), callback);
    },
  });
  // A sender killed mid-message (the drills kill workers) resets its connection: that is the
  // sender's failure, to be retried by it, not the receiver's; unheard, it would crash the process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, folder, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface WebhookReceiver {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: string }[];
  stop(): Promise<void>;
}

/** `hold` picks requests to record and never answer, as a receiver that hangs mid-delivery. */
export async function startWebhookReceiver(options: { hold?: (body: string) => boolean } = {}): Promise<WebhookReceiver> {
  const requests: WebhookReceiver['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ headers: req.headers, body });
      if (!options.hold?.(body)) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/plan-engine`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
