/**
 * The problems of a plan in Vietnamese, next to the field they concern: what the preview of a
 * draft lists, so that an official never reads the API's English (domain/vietnamese-issues.ts).
 */
import type { z } from 'zod';
import { vietnameseIssue } from './vietnamese-issues';

export interface PlanProblem {
  /** Dotted path into the plan, as the API names fields: `tasks.2.leadUnit`. */
  path: string;
  message: string;
}

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.') || '(root)';

/** Zod's issues with a plan, one problem a field, worded in Vietnamese. */
export function vietnameseProblems(issues: readonly z.core.$ZodIssue[]): PlanProblem[] {
  return issues.map((issue) => ({ path: pathOf(issue.path), message: vietnameseIssue(issue) }));
}
