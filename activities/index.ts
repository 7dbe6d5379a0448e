import type { PrismaClient } from '../generated/prisma/client';
import type { Calendar } from '../domain/working-calendar';
import type { Channels } from './channels';
import { createNoticeActivities } from './notices';
import { createPlanAssignmentActivities } from './plan-assignments';
import { createReadModelActivities } from './read-model';

export interface ActivityDeps {
  db: PrismaClient;
  calendar: Calendar;
  channels: Channels;
  /** Base of the links in notices. */
  publicUrl: string;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities({ db, calendar, channels, publicUrl }: ActivityDeps) {
  return { ...createReadModelActivities(db, calendar), ...createNoticeActivities(db, calendar, channels, publicUrl), ...createPlanAssignmentActivities(db) };
}
