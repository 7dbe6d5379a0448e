import { countAssignmentGroups, countAssignments, countTones, isLate, isOverdue, statusAfter, toneOf, transitionRefusal } from '../../domain/assignment-status';

const at = (iso: string) => new Date(iso);

describe('assignment status rules', () => {
  it('follows the review cycle: start, submit, then approve or return', () => {
    expect(statusAfter('start')).toBe('in_progress');
    expect(statusAfter('submit')).toBe('submitted');
    expect(statusAfter('return')).toBe('in_progress');
    expect(statusAfter('approve')).toBe('done');
    expect(transitionRefusal('assigned', 'submit')).toBeUndefined();
    expect(transitionRefusal('in_progress', 'submit')).toBeUndefined();
    expect(transitionRefusal('submitted', 'approve')).toBeUndefined();
    expect(transitionRefusal('submitted', 'return')).toBeUndefined();
    expect(transitionRefusal('in_progress', 'approve')).toBe('cannot approve an assignment that is in progress');
    expect(transitionRefusal('submitted', 'submit')).toBe('cannot submit an assignment that is submitted for review');
    expect(transitionRefusal('in_progress', 'start')).toBe('cannot start an assignment that is in progress');
  });

  it('keeps a submitted assignment off the overdue list: it waits on the assigner', () => {
    const deadline = new Date('2024-04-30T10:00:00Z');
    const later = new Date('2024-06-01T00:00:00Z');
    expect(isOverdue('in_progress', deadline, later)).toBe(true);
    expect(isOverdue('submitted', deadline, later)).toBe(false);
  });

  it('allows completing or cancelling only an open assignment', () => {
    expect(transitionRefusal('submitted', 'complete')).toBeUndefined();
    expect(transitionRefusal('in_progress', 'cancel')).toBeUndefined();
    expect(transitionRefusal('assigned', 'complete')).toBeUndefined();
    expect(transitionRefusal('assigned', 'cancel')).toBeUndefined();
    expect(transitionRefusal('done', 'complete')).toBe('cannot complete an assignment that is already done');
    expect(transitionRefusal('cancelled', 'complete')).toBe('cannot complete an assignment that is cancelled');
    expect(transitionRefusal('done', 'cancel')).toBe('cannot cancel an assignment that is already done');
  });

  it('derives overdue from the deadline, never for closed work', () => {
    const deadline = at('2024-04-30T10:00:00Z');
    expect(isOverdue('assigned', deadline, at('2024-04-30T10:00:00Z'))).toBe(false);
    expect(isOverdue('assigned', deadline, at('2024-04-30T10:00:01Z'))).toBe(true);
    expect(isOverdue('done', deadline, at('2025-01-01T00:00:00Z'))).toBe(false);
    expect(isOverdue('cancelled', deadline, at('2025-01-01T00:00:00Z'))).toBe(false);
    expect(isLate(deadline, at('2024-04-30T10:00:01Z'))).toBe(true);
    expect(isLate(deadline, at('2024-04-30T09:59:59Z'))).toBe(false);
  });

  it('tallies a plan the way its progress is reported', () => {
    const now = at('2024-06-01T00:00:00Z');
    const past = at('2024-05-01T10:00:00Z');
    const future = at('2024-07-01T10:00:00Z');
    expect(
      countAssignments(
        [
          { status: 'assigned', deadline: future, completedLate: null },
          { status: 'assigned', deadline: past, completedLate: null },
          { status: 'in_progress', deadline: past, completedLate: null },
          { status: 'submitted', deadline: past, completedLate: null },
          { status: 'done', deadline: past, completedLate: true },
          { status: 'done', deadline: future, completedLate: false },
          { status: 'cancelled', deadline: past, completedLate: null },
        ],
        now,
      ),
    ).toEqual({ total: 7, open: 1, overdue: 2, submitted: 1, done: 2, doneLate: 1, cancelled: 1 });
  });

  it('colours work as task boards do: green on time, blue in progress, orange late, red overdue, grey not started', () => {
    const deadline = at('2024-04-30T10:00:00Z');
    const before = at('2024-04-29T00:00:00Z');
    const after = at('2024-05-02T00:00:00Z');
    const facts = (status: Parameters<typeof toneOf>[0]['status'], completedLate: boolean | null = null) => ({ status, deadline, completedLate });
    expect(toneOf(facts('done', false), after)).toBe('done-on-time');
    expect(toneOf(facts('done', true), after)).toBe('done-late');
    expect(toneOf(facts('assigned'), before)).toBe('not-started');
    expect(toneOf(facts('in_progress'), before)).toBe('in-progress');
    expect(toneOf(facts('assigned'), after)).toBe('overdue');
    expect(toneOf(facts('in_progress'), after)).toBe('overdue');
    // Submitted work waits on the reviewer, not the unit: never red.
    expect(toneOf(facts('submitted'), after)).toBe('in-progress');
    expect(toneOf(facts('cancelled'), after)).toBe('cancelled');
    const grouped = (status: Parameters<typeof toneOf>[0]['status'], completedLate: boolean | null, pastDeadline: boolean, count: number) => ({ status, completedLate, pastDeadline, count });
    expect(countTones([grouped('done', false, true, 1), grouped('done', true, true, 1), grouped('assigned', null, true, 2), grouped('in_progress', null, true, 1)])).toEqual({
      'done-on-time': 1,
      'in-progress': 0,
      'done-late': 1,
      overdue: 3,
      'not-started': 0,
      cancelled: 0,
    });
  });

  it('counts groups of alike assignments as the assignments themselves', () => {
    const deadline = at('2024-04-30T10:00:00Z');
    const later = at('2024-05-02T00:00:00Z');
    const rows = [
      ...Array.from({ length: 3 }, () => ({ status: 'done' as const, deadline, completedLate: true })),
      ...Array.from({ length: 2 }, () => ({ status: 'in_progress' as const, deadline, completedLate: null })),
      { status: 'submitted' as const, deadline, completedLate: null },
    ];
    expect(
      countAssignmentGroups([
        { status: 'done', completedLate: true, pastDeadline: true, count: 3 },
        { status: 'in_progress', completedLate: null, pastDeadline: true, count: 2 },
        { status: 'submitted', completedLate: null, pastDeadline: true, count: 1 },
      ]),
    ).toEqual(countAssignments(rows, later));
    expect(countAssignments(rows, later)).toMatchObject({ total: 6, done: 3, doneLate: 3, overdue: 2, submitted: 1 });
  });
});
