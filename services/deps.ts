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
  /** Aggregates that may be a few seconds old (DASHBOARD_CACHE_SECONDS). */
  answers: AnswerCache;
}
