import { digestMessage, escalationMessage, reminderMessage, standingInFor, type NoticeFacts } from '../../activities/notice-text';

const facts: NoticeFacts = {
  unit: { name: 'Ủy ban nhân dân xã Hà Mòn' },
  task: { code: 'NV3', title: 'Thành lập mô hình "phòng, chống" <bạo lực> gia đình' },
  plan: { code: '925/KH-UBND', title: 'Kế hoạch triển khai công tác gia đình năm 2024' },
  deadline: new Date('2024-06-28T10:00:00Z'),
  link: 'http://127.0.0.1:3000/#/assignments/1',
};

describe('notice texts', () => {
  it('writes reminders in Vietnamese with the deadline in Vietnam time', () => {
    const message = reminderMessage(facts, false);
    expect(message.subject).toBe('[Nhắc việc] NV3 – hạn 17:00 ngày 28/06/2024');
    expect(message.text).toContain('Kính gửi: Ủy ban nhân dân xã Hà Mòn,');
    expect(message.text).toContain('Hạn hoàn thành: 17:00 ngày 28/06/2024.');
    expect(reminderMessage(facts, true).text).toContain('Hôm nay là hạn hoàn thành');
  });

  it('addresses each level of escalation to its own reader', () => {
    expect(escalationMessage(facts, 1, 'unit-head', 3).text).toContain('Kính gửi: Thủ trưởng Ủy ban nhân dân xã Hà Mòn,');
    expect(escalationMessage(facts, 2, 'assigner-head', 6).text).toContain('đã quá hạn 6 ngày làm việc');
    expect(escalationMessage(facts, 3, 'plan-leaders', 13).subject).toBe('[Quá hạn – cấp 3] NV3 – Ủy ban nhân dân xã Hà Mòn');
  });

  it('escapes what units wrote in the HTML part, and keeps it verbatim in the text part', () => {
    const message = escalationMessage(facts, 1, 'unit-head', 1);
    expect(message.html).toContain('&quot;phòng, chống&quot; &lt;bạo lực&gt;');
    expect(message.html).not.toContain('<bạo lực>');
    expect(message.text).toContain('"phòng, chống" <bạo lực>');
  });
});

describe('a deputy\'s copy and the daily digest', () => {
  it('tells a deputy first in whose name it receives the notice, and leaves others\' as they were', () => {
    const message = escalationMessage(facts, 1, 'assigner-head', 1);
    const deputy = standingInFor(message, 'KT. Giám đốc');
    expect(deputy.subject).toBe(`[KT. Giám đốc] ${message.subject}`);
    expect(deputy.text.split('\n')[0]).toBe('Đồng chí nhận thông báo này với tư cách KT. Giám đốc.');
    expect(deputy.html).toContain('<strong>Đồng chí nhận thông báo này với tư cách KT. Giám đốc.</strong>');
    expect(standingInFor(message, undefined)).toBe(message);
  });

  it('lists a digest by plan with each notice\'s link, escaping what units wrote', () => {
    const notice = { kind: 'escalation', level: 2, unit: facts.unit, task: facts.task, deadline: facts.deadline, link: facts.link };
    const message = digestMessage({ addressee: 'Giám đốc Sở', date: '2026-12-07', plans: [{ plan: facts.plan, notices: [notice, { ...notice, kind: 'reminder', level: null }] }], link: 'http://127.0.0.1:3000/#/notices' });
    expect(message.subject).toBe('[Tổng hợp thông báo] 2 thông báo – ngày 07/12/2026');
    expect(message.text).toContain('Kế hoạch số 925/KH-UBND (Kế hoạch triển khai công tác gia đình năm 2024):');
    expect(message.text).toContain('- [Quá hạn – cấp 2] NV3 “Thành lập mô hình "phòng, chống" <bạo lực> gia đình” – Ủy ban nhân dân xã Hà Mòn, hạn 17:00 ngày 28/06/2024');
    expect(message.text).toContain('- [Nhắc việc] NV3');
    expect(message.html).toContain('<a href="http://127.0.0.1:3000/#/assignments/1">');
    expect(message.html).not.toContain('<bạo lực>');
  });
});
