import type { PrismaClient } from '../generated/prisma/client';
import { createReadModelActivities } from './read-model';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(db: PrismaClient) {
  return { ...createReadModelActivities(db) };
}
