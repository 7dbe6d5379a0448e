import type { AnswerCache } from './answer-cache';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { Calendar } from '../domain/working-calendar';

/** What the engine's commands and queries need; built once per process. */
export interface EngineDeps {
  db: PrismaClient;
  temporal: Client;
  taskQueue: string;
  /** Working days and holidays, for deadlines given in working days. */
  calendar: Calendar;
  /** When a deadline day ends, `HH:MM` in Vietnam's time zone. */
  endOfWorkday: string;
  /** The most assignments one plan may create (MAX_PLAN_ASSIGNMENTS). */
  maxPlanAssignments: number;
  /** Aggregates that may be a few seconds old (DASHBOARD_CACHE_SECONDS). */
  answers: AnswerCache;
  /** Signs the commands sent to workflows (WORKFLOW_COMMAND_SECRET, shared with the worker). */
  commandSecret: string;
}
