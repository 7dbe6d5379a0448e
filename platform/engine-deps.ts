import { createAnswerCache } from '../services/answer-cache';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { EngineDeps } from '../services/deps';
import { loadCalendar } from './calendar';
import { commandSecret, type Config } from './config';

export function engineDeps(config: Config, db: PrismaClient, temporal: Client): EngineDeps {
  return {
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    calendar: loadCalendar(config),
    endOfWorkday: config.END_OF_WORKDAY,
    maxPlanAssignments: config.MAX_PLAN_ASSIGNMENTS,
    answers: createAnswerCache(config.DASHBOARD_CACHE_SECONDS),
    commandSecret: commandSecret(config),
  };
}
