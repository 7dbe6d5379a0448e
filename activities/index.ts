import type { PrismaClient } from '../generated/prisma/client';
import type { LadderDays } from '../domain/escalation-policy';
import type { Calendar } from '../domain/working-calendar';
import type { Channels } from './channels';
import { createAmendmentActivities } from './amendments';
import { createNoticeActivities } from './notices';
import { createPlanAssignmentActivities } from './plan-assignments';
import { createReadModelActivities } from './read-model';

export interface ActivityDeps {
  db: PrismaClient;
  calendar: Calendar;
  channels: Channels;
  /** Base of the links in notices. */
  publicUrl: string;
  /** Where the ladder's working days land: the office calendar, or compressed for drills and tests (platform/calendar.ts ladderDaysOf). */
  ladderDays: LadderDays;
  /** WORKFLOW_COMMAND_SECRET: amendments send signed commands to assignment workflows as the API does. */
  commandSecret: string;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities({ db, calendar, channels, publicUrl, ladderDays, commandSecret }: ActivityDeps) {
  return {
    ...createReadModelActivities(db, calendar),
    ...createNoticeActivities(db, calendar, channels, publicUrl, ladderDays),
    ...createPlanAssignmentActivities(db),
    ...createAmendmentActivities(db, commandSecret),
  };
}
