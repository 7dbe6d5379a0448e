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

/** Where an assignment's work ends; every other status is work still open. */
export const terminalStatuses = ['done', 'cancelled'] as const satisfies readonly AssignmentStatus[];

export function isTerminal(status: AssignmentStatus): boolean {
  return (terminalStatuses as readonly AssignmentStatus[]).includes(status);
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
  return countAssignmentGroups(assignments.map((assignment) => ({ ...assignment, pastDeadline: now.getTime() > assignment.deadline.getTime() })));
}

/** The same tally over groups of `count` alike assignments, as a database counts them. */
export function countAssignmentGroups(groups: readonly { status: AssignmentStatus; completedLate: boolean | null; pastDeadline: boolean; count?: number }[]): AssignmentCounts {
  const counts: AssignmentCounts = { total: 0, open: 0, overdue: 0, submitted: 0, done: 0, doneLate: 0, cancelled: 0 };
  for (const group of groups) {
    const count = group.count ?? 1;
    counts.total += count;
    if (group.status === 'done') {
      counts.done += count;
      if (group.completedLate) counts.doneLate += count;
    } else if (group.status === 'cancelled') {
      counts.cancelled += count;
    } else if (group.status === 'submitted') {
      counts.submitted += count;
    } else if (awaitsUnit(group.status) && group.pastDeadline) {
      counts.overdue += count;
    } else {
      counts.open += count;
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

/** An assignment's tone from its status, lateness and whether its deadline has passed. */
export function toneOfFacts({ status, completedLate, pastDeadline }: { status: AssignmentStatus; completedLate: boolean | null; pastDeadline: boolean }): StatusTone {
  if (status === 'done') return completedLate ? 'done-late' : 'done-on-time';
  if (status === 'cancelled') return 'cancelled';
  if (awaitsUnit(status) && pastDeadline) return 'overdue';
  return status === 'assigned' ? 'not-started' : 'in-progress';
}

export const toneOf = (assignment: AssignmentFacts, now: Date): StatusTone =>
  toneOfFacts({ ...assignment, pastDeadline: isOverdue(assignment.status, assignment.deadline, now) });

export type ToneCounts = Record<StatusTone, number>;

/** Counts tones of assignments, or of groups of `count` alike assignments. */
export function countTones(assignments: readonly { status: AssignmentStatus; completedLate: boolean | null; pastDeadline: boolean; count?: number }[]): ToneCounts {
  const counts = Object.fromEntries(statusTones.map((tone) => [tone, 0])) as ToneCounts;
  for (const assignment of assignments) counts[toneOfFacts(assignment)] += assignment.count ?? 1;
  return counts;
}
