import { compressedDays, officeDays } from '../../domain/escalation-policy';
import { defaultNoticeSettings, digestGroups, nextDigestAt, noticeDelivery, noticeKindOf, noticeSettingsChangeSchema, settingsOf, type NoticeSettings } from '../../domain/notice-delivery';
import { vietnamCalendar } from '../../domain/vietnam-calendar';

const calendar = vietnamCalendar();
const office = officeDays(calendar);
/** An instant in Vietnam's time. */
const at = (local: string) => Date.parse(`${local}:00+07:00`);
const iso = (instant: number) => new Date(instant).toISOString();

describe('when the next digest goes out', () => {
  it('is today at the digest time while that is ahead on a working day', () => {
    // Tuesday 1 December 2026, 06:00 → 07:30 the same morning.
    expect(iso(nextDigestAt(at('2026-12-01T06:00'), '07:30', calendar, office))).toBe(iso(at('2026-12-01T07:30')));
  });

  it('is the next working morning once today\'s has passed, skipping the weekend', () => {
    expect(iso(nextDigestAt(at('2026-12-01T07:30'), '07:30', calendar, office))).toBe(iso(at('2026-12-02T07:30')));
    // Friday evening and Saturday wait for Monday 7 December.
    expect(iso(nextDigestAt(at('2026-12-04T18:00'), '07:30', calendar, office))).toBe(iso(at('2026-12-07T07:30')));
    expect(iso(nextDigestAt(at('2026-12-05T10:00'), '07:30', calendar, office))).toBe(iso(at('2026-12-07T07:30')));
  });

  it('skips holidays: Quốc khánh 2026 falls on Wednesday 2 September, with Tuesday 1 September off beside it', () => {
    expect(iso(nextDigestAt(at('2026-08-31T09:00'), '08:15', calendar, office))).toBe(iso(at('2026-09-03T08:15')));
  });

  it('keeps its own time on a compressed clock: day n begins n × the seconds after the origin', () => {
    // A day of 24 s from Friday 4 December at instant 0: 07:30 is 7.5 s into a day.
    const clock = compressedDays(24, { instant: 0, date: '2026-12-04' });
    expect(clock.dateOf(24_000 * 1 + 5)).toBe('2026-12-05');
    expect(nextDigestAt(1_000, '07:30', calendar, clock)).toBe(7_500);
    expect(nextDigestAt(7_500, '07:30', calendar, clock)).toBe(3 * 24_000 + 7_500);
  });
});

describe('whether a notice waits', () => {
  const immediate: NoticeSettings = { ...defaultNoticeSettings, modes: { reminder: 'immediate', 'escalation-1': 'immediate', 'escalation-2': 'immediate', 'escalation-3': 'immediate', amendment: 'immediate' } };

  it('puts reminders and levels 1 and 2 in the digest by default, and sends level 3 and amendments at once', () => {
    const tuesday = at('2026-12-01T10:00');
    const digest = { at: 'digest', digestAt: at('2026-12-02T07:30') };
    expect(noticeDelivery('reminder', defaultNoticeSettings, tuesday, calendar, office)).toEqual(digest);
    expect(noticeDelivery('escalation-1', defaultNoticeSettings, tuesday, calendar, office)).toEqual(digest);
    expect(noticeDelivery('escalation-2', defaultNoticeSettings, tuesday, calendar, office)).toEqual(digest);
    expect(noticeDelivery('escalation-3', defaultNoticeSettings, tuesday, calendar, office)).toEqual({ at: 'now' });
    expect(noticeDelivery('amendment', defaultNoticeSettings, tuesday, calendar, office)).toEqual({ at: 'now' });
  });

  it('holds an immediate notice due on a Saturday for Monday morning, but level 3 goes at once unless told to wait', () => {
    const saturday = at('2026-12-05T09:00');
    expect(noticeDelivery('escalation-1', immediate, saturday, calendar, office)).toEqual({ at: 'digest', digestAt: at('2026-12-07T07:30') });
    expect(noticeDelivery('escalation-3', immediate, saturday, calendar, office)).toEqual({ at: 'now' });
    expect(noticeDelivery('escalation-3', { ...immediate, urgentOnDaysOff: false }, saturday, calendar, office)).toEqual({ at: 'digest', digestAt: at('2026-12-07T07:30') });
  });

  it('counts levels above the third as the third', () => {
    expect([noticeKindOf('escalation', 1), noticeKindOf('escalation', 3), noticeKindOf('escalation', 5), noticeKindOf('reminder')]).toEqual(['escalation-1', 'escalation-3', 'escalation-3', 'reminder']);
  });
});

describe('notice settings', () => {
  it('complete what is stored with the defaults, ignoring what no longer parses', () => {
    expect(settingsOf(null)).toEqual(defaultNoticeSettings);
    expect(settingsOf({ modes: { reminder: 'immediate', 'escalation-2': 'weekly' }, digestTime: '25:00', copyWhenDelegated: true })).toEqual({
      ...defaultNoticeSettings,
      modes: { ...defaultNoticeSettings.modes, reminder: 'immediate' },
      copyWhenDelegated: true,
    });
  });

  it('take a partial change and refuse unknown kinds and bad times', () => {
    expect(noticeSettingsChangeSchema.safeParse({ modes: { reminder: 'immediate' } }).success).toBe(true);
    expect(noticeSettingsChangeSchema.safeParse({ modes: { weekly: 'digest' } }).success).toBe(false);
    expect(noticeSettingsChangeSchema.safeParse({ digestTime: '7:30' }).success).toBe(false);
  });
});

describe('a digest\'s order', () => {
  it('groups by plan, the plan with the most urgent notice first, most urgent first within it', () => {
    const notice = (planId: string, kind: string, level: number | null, minute: number) => ({ planId, kind, level, createdAt: new Date(minute * 60_000), id: `${planId}-${kind}-${level}-${minute}` });
    const groups = digestGroups([
      notice('A', 'reminder', null, 1),
      notice('A', 'escalation', 1, 2),
      notice('B', 'escalation', 2, 3),
      notice('A', 'escalation', 1, 0),
      notice('B', 'reminder', null, 0),
    ]);
    expect(groups.map((group) => [group.planId, group.notices.map((n) => n.id)])).toEqual([
      ['B', ['B-escalation-2-3', 'B-reminder-null-0']],
      ['A', ['A-escalation-1-0', 'A-escalation-1-2', 'A-reminder-null-1']],
    ]);
  });
});
