/**
 * The life of one assignment (a task handed to one unit) and the rules derived from it.
 * The workflow enforces these transitions; the API and read model derive flags from them.
 */
export const assignmentStatuses = ['assigned', 'done', 'cancelled'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const assignmentActions = ['complete', 'cancel'] as const;
export type AssignmentAction = (typeof assignmentActions)[number];

const allowedFrom: Record<AssignmentAction, readonly AssignmentStatus[]> = {
  complete: ['assigned'],
  cancel: ['assigned'],
};

const statusLabels: Record<AssignmentStatus, string> = {
  assigned: 'already assigned',
  done: 'already done',
  cancelled: 'cancelled',
};

export function isTerminal(status: AssignmentStatus): boolean {
  return status === 'done' || status === 'cancelled';
}

/** Why `action` is not allowed in `status`, or undefined when it is. */
export function transitionRefusal(status: AssignmentStatus, action: AssignmentAction): string | undefined {
  if (allowedFrom[action].includes(status)) return undefined;
  return `cannot ${action} an assignment that is ${statusLabels[status]}`;
}

/** Overdue is not a state of its own: it is an open assignment whose deadline has passed. */
export function isOverdue(status: AssignmentStatus, deadline: Date, now: Date): boolean {
  return !isTerminal(status) && now.getTime() > deadline.getTime();
}

export function isLate(deadline: Date, completedAt: Date): boolean {
  return completedAt.getTime() > deadline.getTime();
}

export interface AssignmentCounts {
  total: number;
  open: number;
  overdue: number;
  done: number;
  doneLate: number;
  cancelled: number;
}

export interface AssignmentFacts {
  status: AssignmentStatus;
  deadline: Date;
  completedLate: boolean | null;
}

/** Tallies assignments the way a plan's progress is reported: overdue ones counted apart. */
export function countAssignments(assignments: readonly AssignmentFacts[], now: Date): AssignmentCounts {
  const counts: AssignmentCounts = { total: 0, open: 0, overdue: 0, done: 0, doneLate: 0, cancelled: 0 };
  for (const assignment of assignments) {
    counts.total += 1;
    if (assignment.status === 'done') {
      counts.done += 1;
      if (assignment.completedLate) counts.doneLate += 1;
    } else if (assignment.status === 'cancelled') {
      counts.cancelled += 1;
    } else if (isOverdue(assignment.status, assignment.deadline, now)) {
      counts.overdue += 1;
    } else {
      counts.open += 1;
    }
  }
  return counts;
}
