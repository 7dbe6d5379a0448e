/**
 * The life of one assignment (a task handed to one unit) and the rules derived from it.
 * The workflow enforces these transitions; the API and read model derive flags from them.
 */
export const assignmentStatuses = ['assigned', 'in_progress', 'submitted', 'done', 'cancelled'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/**
 * start: the unit begins; submit: the unit reports its result for review; approve / return:
 * the assigning department accepts it (done) or sends it back with a reason; complete: the
 * assigning department records it done directly; cancel: the assigning department drops it.
 */
export const assignmentActions = ['start', 'submit', 'approve', 'return', 'complete', 'cancel'] as const;
export type AssignmentAction = (typeof assignmentActions)[number];

const open: readonly AssignmentStatus[] = ['assigned', 'in_progress', 'submitted'];
const transitions: Record<AssignmentAction, { from: readonly AssignmentStatus[]; to: AssignmentStatus }> = {
  start: { from: ['assigned'], to: 'in_progress' },
  submit: { from: ['assigned', 'in_progress'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'done' },
  return: { from: ['submitted'], to: 'in_progress' },
  complete: { from: open, to: 'done' },
  cancel: { from: open, to: 'cancelled' },
};

const statusLabels: Record<AssignmentStatus, string> = {
  assigned: 'not started',
  in_progress: 'in progress',
  submitted: 'submitted for review',
  done: 'already done',
  cancelled: 'cancelled',
};

export function isTerminal(status: AssignmentStatus): boolean {
  return status === 'done' || status === 'cancelled';
}

/** The status an allowed action leads to. */
export const statusAfter = (action: AssignmentAction): AssignmentStatus => transitions[action].to;

/** Why `action` is not allowed in `status`, or undefined when it is. */
export function transitionRefusal(status: AssignmentStatus, action: AssignmentAction): string | undefined {
  if (transitions[action].from.includes(status)) return undefined;
  return `cannot ${action} an assignment that is ${statusLabels[status]}`;
}

/** Whether the unit still owes work: a submitted assignment waits on the assigner, not the unit. */
export const awaitsUnit = (status: AssignmentStatus): boolean => status === 'assigned' || status === 'in_progress';

/** Overdue is not a state of its own: the unit still owes the work and the deadline in force has passed. */
export function isOverdue(status: AssignmentStatus, deadline: Date, now: Date): boolean {
  return awaitsUnit(status) && now.getTime() > deadline.getTime();
}

export function isLate(deadline: Date, completedAt: Date): boolean {
  return completedAt.getTime() > deadline.getTime();
}

export interface AssignmentCounts {
  total: number;
  open: number;
  overdue: number;
  submitted: number;
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
  const counts: AssignmentCounts = { total: 0, open: 0, overdue: 0, submitted: 0, done: 0, doneLate: 0, cancelled: 0 };
  for (const assignment of assignments) {
    counts.total += 1;
    if (assignment.status === 'done') {
      counts.done += 1;
      if (assignment.completedLate) counts.doneLate += 1;
    } else if (assignment.status === 'cancelled') {
      counts.cancelled += 1;
    } else if (assignment.status === 'submitted') {
      counts.submitted += 1;
    } else if (isOverdue(assignment.status, assignment.deadline, now)) {
      counts.overdue += 1;
    } else {
      counts.open += 1;
    }
  }
  return counts;
}

/**
 * How a task-tracking board colours an assignment: green done on time, blue in progress
 * within the deadline (submitted work waiting for review included), orange done late, red
 * overdue, grey not started.
 */
export const statusTones = ['done-on-time', 'in-progress', 'done-late', 'overdue', 'not-started', 'cancelled'] as const;
export type StatusTone = (typeof statusTones)[number];

export function toneOf(assignment: AssignmentFacts, now: Date): StatusTone {
  if (assignment.status === 'done') return assignment.completedLate ? 'done-late' : 'done-on-time';
  if (assignment.status === 'cancelled') return 'cancelled';
  if (isOverdue(assignment.status, assignment.deadline, now)) return 'overdue';
  return assignment.status === 'assigned' ? 'not-started' : 'in-progress';
}

export type ToneCounts = Record<StatusTone, number>;

export function countTones(assignments: readonly AssignmentFacts[], now: Date): ToneCounts {
  const counts = Object.fromEntries(statusTones.map((tone) => [tone, 0])) as ToneCounts;
  for (const assignment of assignments) counts[toneOf(assignment, now)] += 1;
  return counts;
}
