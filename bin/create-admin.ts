/**
 * `npm run create-admin -- <username> ["Display name"]`: creates an admin account in the
 * configured database (DATABASE_URL, or the embedded one while `npm start` runs). The
 * password comes from ADMIN_PASSWORD, or one is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { systemActor } from '../domain/access';
import { createPrisma } from '../db/prisma';
import { databaseUrl, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { createAccount } from '../services/accounts';

async function main(): Promise<void> {
  const [username, displayName = 'Quản trị hệ thống'] = process.argv.slice(2);
  if (!username) throw new Error('usage: npm run create-admin -- <username> ["Display name"]');
  const config = loadConfig();
  const password = process.env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const db = createPrisma(databaseUrl(config), 1);
  try {
    const account = await createAccount(db, { username, displayName, role: 'admin', password }, systemActor);
    process.stdout.write(
      `Admin account ${account.username} created.` + (process.env.ADMIN_PASSWORD ? '\n' : ` Password (shown once): ${password}\n`),
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  createLogger('create-admin').fatal({ err: error }, (error as Error).message);
  process.exitCode = 1;
});
