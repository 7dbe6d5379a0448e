import { defaultLadder, ladderFor, ladderPolicySchema, noticeSchedule, noticesStillDue } from '../../domain/escalation-policy';
import { vietnamCalendar } from '../../domain/vietnam-calendar';

const calendar = vietnamCalendar();
const iso = (ms: number) => new Date(ms).toISOString();

describe('the default ladder', () => {
  // Friday 16/02/2024, 17:00 in Vietnam: the first working day after Tết 2024.
  const deadline = new Date('2024-02-16T10:00:00Z');
  const schedule = noticeSchedule(deadline, defaultLadder, calendar);

  it('reminds 3 working days before (across Tết) and on the day, at the start of the office day', () => {
    expect(schedule.filter((notice) => notice.kind === 'reminder').map((notice) => iso(notice.at))).toEqual([
      '2024-02-06T01:00:00.000Z',
      '2024-02-16T01:00:00.000Z',
    ]);
  });

  it('escalates on the first overdue working day, then 3 and 7 working days later', () => {
    expect(schedule.filter((notice) => notice.kind === 'escalation').map((notice) => [notice.kind === 'escalation' && notice.level, iso(notice.at)])).toEqual([
      [1, '2024-02-19T01:00:00.000Z'],
      [2, '2024-02-22T01:00:00.000Z'],
      [3, '2024-03-04T01:00:00.000Z'],
    ]);
    expect(schedule.filter((notice) => notice.kind === 'escalation').map((notice) => notice.kind === 'escalation' && notice.notify)).toEqual([
      'unit-head',
      'assigner-head',
      'plan-leaders',
    ]);
  });
});

describe('a ladder in seconds, for drills and tests', () => {
  const deadline = new Date('2026-11-23T10:00:00Z');
  const policy = ladderPolicySchema.parse({
    reminders: [{ seconds: 2 }],
    levels: [
      { after: { seconds: 1 }, notify: 'unit-head' },
      { after: { seconds: 1 }, notify: 'assigner-head' },
      { after: { seconds: 1 }, notify: 'plan-leaders' },
    ],
  });

  it('puts every notice at its offset, in order', () => {
    expect(noticeSchedule(deadline, policy, calendar).map((notice) => notice.at - deadline.getTime())).toEqual([-2000, 1000, 2000, 3000]);
  });

  it('drops reminders already past but keeps escalations still owed', () => {
    const due = noticesStillDue(noticeSchedule(deadline, policy, calendar), deadline.getTime() + 1500);
    expect(due.map((notice) => notice.kind)).toEqual(['escalation', 'escalation', 'escalation']);
  });
});

describe('choosing a ladder', () => {
  const fast = ladderPolicySchema.parse({ reminders: [], levels: [{ after: { seconds: 5 }, notify: 'unit-head' }] });
  const reports = ladderPolicySchema.parse({ reminders: [{ workingDays: 1 }], levels: [{ after: { workingDays: 2 }, notify: 'assigner-head' }] });

  it('takes the task kind first, then the plan, then the default', () => {
    expect(ladderFor({ default: fast, byKind: { report: reports } }, 'report')).toBe(reports);
    expect(ladderFor({ default: fast, byKind: { report: reports } }, 'training')).toBe(fast);
    expect(ladderFor(undefined, 'training')).toBe(defaultLadder);
  });

  it('refuses a ladder without levels or with unknown recipients', () => {
    expect(ladderPolicySchema.safeParse({ reminders: [], levels: [] }).success).toBe(false);
    expect(ladderPolicySchema.safeParse({ reminders: [], levels: [{ after: { seconds: 1 }, notify: 'everyone' }] }).success).toBe(false);
  });
});
