import { compressedDays, defaultLadder, ladderFor, ladderPolicySchema, noticeSchedule, officeDays } from '../../domain/escalation-policy';
import { vietnamCalendar } from '../../domain/vietnam-calendar';

const calendar = vietnamCalendar();
const iso = (ms: number) => new Date(ms).toISOString();

describe('the default ladder', () => {
  // Friday 16/02/2024, 17:00 in Vietnam: the first working day after Tết 2024.
  const deadline = new Date('2024-02-16T10:00:00Z');
  const schedule = noticeSchedule(deadline, defaultLadder, officeDays(calendar));

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

describe('a ladder compressed for drills and tests', () => {
  const deadline = new Date('2026-11-23T10:00:00Z');
  const policy = ladderPolicySchema.parse({
    reminders: [{ workingDays: 2 }, { workingDays: 0 }],
    levels: [
      { after: { workingDays: 1 }, notify: 'unit-head' },
      { after: { workingDays: 0 }, notify: 'assigner-head' },
      { after: { workingDays: 3 }, notify: 'plan-leaders' },
    ],
  });

  it('counts each working day as the seconds given, never raising two levels at one instant', () => {
    expect(noticeSchedule(deadline, policy, compressedDays(1.5, { instant: 0, date: '1970-01-01' })).map((notice) => notice.at - deadline.getTime())).toEqual([-3000, 0, 1500, 1501, 6001]);
  });
});

describe('choosing a ladder', () => {
  const fast = ladderPolicySchema.parse({ reminders: [], levels: [{ after: { workingDays: 0 }, notify: 'unit-head' }] });
  const reports = ladderPolicySchema.parse({ reminders: [{ workingDays: 1 }], levels: [{ after: { workingDays: 2 }, notify: 'assigner-head' }] });

  it('takes the task kind first, then the plan, then the default', () => {
    expect(ladderFor({ default: fast, byKind: { report: reports } }, 'report')).toBe(reports);
    expect(ladderFor({ default: fast, byKind: { report: reports } }, 'training')).toBe(fast);
    expect(ladderFor(undefined, 'training')).toBe(defaultLadder);
  });

  it('refuses a ladder without levels, with unknown recipients, or with offsets other than working days', () => {
    expect(ladderPolicySchema.safeParse({ reminders: [], levels: [] }).success).toBe(false);
    expect(ladderPolicySchema.safeParse({ reminders: [], levels: [{ after: { workingDays: 1 }, notify: 'everyone' }] }).success).toBe(false);
    expect(ladderPolicySchema.safeParse({ reminders: [], levels: [{ after: { seconds: 1 }, notify: 'unit-head' }] }).success).toBe(false);
    expect(ladderPolicySchema.safeParse({ reminders: [{ seconds: 60 }], levels: [{ after: { workingDays: 1 }, notify: 'unit-head' }] }).success).toBe(false);
  });
});
