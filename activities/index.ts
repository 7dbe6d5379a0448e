import type { PrismaClient } from '../generated/prisma/client';
import type { Calendar } from '../domain/working-calendar';
import { createReadModelActivities } from './read-model';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(db: PrismaClient, calendar: Calendar) {
  return { ...createReadModelActivities(db, calendar) };
}
