/**
 * The embedded default's mail server: a real SMTP receiver on loopback that writes every
 * message it is given to a folder as an .eml file, so the demo's reminders and escalations
 * can be opened in any mail program. Production sets SMTP_URL instead.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  url: string;
  folder: string;
  stop(): Promise<void>;
}

export async function startMailCatcher(options: { port: number; folder: string }): Promise<MailCatcher> {
  mkdirSync(options.folder, { recursive: true });
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      received += 1;
      const file = path.join(options.folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${received}.eml`);
      pipeline(stream, createWriteStream(file)).then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${options.port}`,
    folder: options.folder,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
