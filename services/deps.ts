import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { Calendar } from '../domain/working-calendar';
import { createAnswerCache, type AnswerCache } from '../platform/answer-cache';
import { loadCalendar } from '../platform/calendar';
import { commandSecret, type Config } from '../platform/config';
import type { FileStore } from '../platform/file-store';
import { createFileStore } from '../platform/file-stores';

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
  /** Where evidence files are kept (a folder or an S3 bucket), and how many and how large are taken. */
  files: FileStore;
  fileLimits: { maxBytes: number; maxPerReport: number };
  /** The address people reach the engine at (PUBLIC_URL), for the links it hands out. */
  publicUrl: string;
}

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
    files: createFileStore(config),
    fileLimits: { maxBytes: config.FILES_MAX_BYTES, maxPerReport: config.FILES_MAX_PER_REPORT },
    publicUrl: config.PUBLIC_URL,
  };
}
