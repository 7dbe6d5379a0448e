/** The preview's account of the ladder: reminders, levels counted in working days overdue, and who each level tells. */
import { describeLadders } from '../../domain/ladder-description';

const audience = { assigner: 'Sở Văn hóa, Thể thao và Du lịch', issuer: 'Ủy ban nhân dân tỉnh Kon Tum' };

describe('the ladder a plan will run', () => {
  it("describes the engine's default once for every kind that has no rule of its own", () => {
    expect(describeLadders(undefined, ['training', 'report', 'training'], audience)).toEqual([
      {
        kinds: ['training', 'report'],
        from: 'engine',
        reminders: [
          { workingDaysBefore: 3, text: 'Nhắc đơn vị thực hiện 3 ngày làm việc trước hạn' },
          { workingDaysBefore: 0, text: 'Nhắc đơn vị thực hiện vào ngày đến hạn' },
        ],
        // Levels after 1, then 3, then 7 working days: 1, 1 + 3 = 4 and 4 + 7 = 11 days overdue.
        levels: [
          { level: 1, workingDaysOverdue: 1, notify: 'unit-head', text: 'Cấp 1 — quá hạn 1 ngày làm việc: báo lãnh đạo đơn vị thực hiện' },
          { level: 2, workingDaysOverdue: 4, notify: 'assigner-head', text: 'Cấp 2 — quá hạn 4 ngày làm việc: báo lãnh đạo Sở Văn hóa, Thể thao và Du lịch' },
          { level: 3, workingDaysOverdue: 11, notify: 'plan-leaders', text: 'Cấp 3 — quá hạn 11 ngày làm việc: báo lãnh đạo Ủy ban nhân dân tỉnh Kon Tum' },
        ],
      },
    ]);
  });

  it("takes a kind's own rule first, then the plan's rule for all its tasks", () => {
    const plan = {
      default: { reminders: [{ workingDays: 5 }], levels: [{ after: { workingDays: 2 }, notify: 'unit-head' as const }] },
      byKind: { report: { reminders: [], levels: [{ after: { workingDays: 0 }, notify: 'assigner-head' as const }, { after: { workingDays: 2 }, notify: 'plan-leaders' as const }] } },
    };
    const described = describeLadders(plan, ['campaign', 'report', 'inspection'], audience);
    expect(described.map(({ kinds, from }) => ({ kinds, from }))).toEqual([
      { kinds: ['campaign', 'inspection'], from: 'plan' },
      { kinds: ['report'], from: 'kind' },
    ]);
    expect(described[0]!.reminders.map((reminder) => reminder.text)).toEqual(['Nhắc đơn vị thực hiện 5 ngày làm việc trước hạn']);
    expect(described[0]!.levels.map((level) => level.text)).toEqual(['Cấp 1 — quá hạn 2 ngày làm việc: báo lãnh đạo đơn vị thực hiện']);
    // A level of 0 working days is raised once the deadline has passed; the next counts on from it: 0 + 2.
    expect(described[1]!.reminders).toEqual([]);
    expect(described[1]!.levels.map((level) => [level.workingDaysOverdue, level.text])).toEqual([
      [0, 'Cấp 1 — ngay khi quá hạn: báo lãnh đạo Sở Văn hóa, Thể thao và Du lịch'],
      [2, 'Cấp 2 — quá hạn 2 ngày làm việc: báo lãnh đạo Ủy ban nhân dân tỉnh Kon Tum'],
    ]);
  });

  it('says when the last level has nobody to mail, as the plan names no issuing unit', () => {
    const [ladder] = describeLadders(undefined, ['generic'], { ...audience, issuer: null });
    expect(ladder!.levels[2]!.text).toBe('Cấp 3 — quá hạn 11 ngày làm việc: báo lãnh đạo cơ quan ban hành (kế hoạch chưa chọn đơn vị ban hành nên không gửi thư)');
  });
});
