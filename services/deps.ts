import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';

/** What the engine's commands and queries need; built once per process. */
export interface EngineDeps {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
}
