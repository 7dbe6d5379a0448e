/**
 * The words of reminders and escalations, in Vietnamese, as plain text and HTML.
 * Pure: the facts come in, the message goes out.
 */
import { formatVietnameseDate, localDate, TIME_ZONE } from '../domain/calendar';
import type { EscalationTarget } from '../domain/escalation-policy';

export interface NoticeFacts {
  unit: { name: string };
  task: { code: string; title: string };
  plan: { code: string; title: string };
  deadline: Date;
  link: string;
}

export interface Message {
  subject: string;
  text: string;
  html: string;
}

const time = (instant: Date) =>
  `${instant.toLocaleTimeString('vi-VN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false })} ngày ${formatVietnameseDate(localDate(instant))}`;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function compose(subject: string, greeting: string, lines: string[], link: string): Message {
  const text = [greeting, '', ...lines, '', `Xem chi tiết: ${link}`, '', 'Thư gửi tự động từ hệ thống theo dõi thực hiện kế hoạch.'].join('\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(link)}">Xem chi tiết</a></p>`,
    '<p style="color:#666">Thư gửi tự động từ hệ thống theo dõi thực hiện kế hoạch.</p>',
  ].join('\n');
  return { subject, text, html };
}

const taskLine = (facts: NoticeFacts) => `Nhiệm vụ ${facts.task.code} “${facts.task.title}” thuộc Kế hoạch số ${facts.plan.code} (${facts.plan.title}).`;

export function reminderMessage(facts: NoticeFacts, dueToday: boolean): Message {
  return compose(
    `[Nhắc việc] ${facts.task.code} – hạn ${time(facts.deadline)}`,
    `Kính gửi: ${facts.unit.name},`,
    [taskLine(facts), dueToday ? `Hôm nay là hạn hoàn thành (${time(facts.deadline)}).` : `Hạn hoàn thành: ${time(facts.deadline)}.`, 'Đề nghị đơn vị khẩn trương thực hiện và báo cáo kết quả.'],
    facts.link,
  );
}

const escalationAddressee: Record<EscalationTarget, (facts: NoticeFacts) => string> = {
  'unit-head': (facts) => `Kính gửi: Thủ trưởng ${facts.unit.name},`,
  'assigner-head': () => 'Kính gửi: Lãnh đạo cơ quan giao nhiệm vụ,',
  'plan-leaders': () => 'Kính gửi: Lãnh đạo Ủy ban nhân dân / Ban Chỉ đạo,',
};

export function escalationMessage(facts: NoticeFacts, level: number, target: EscalationTarget, workingDaysOverdue: number): Message {
  return compose(
    `[Quá hạn – cấp ${level}] ${facts.task.code} – ${facts.unit.name}`,
    escalationAddressee[target](facts),
    [
      taskLine(facts),
      `Đơn vị thực hiện: ${facts.unit.name}. Hạn hoàn thành: ${time(facts.deadline)}; đã quá hạn ${workingDaysOverdue} ngày làm việc.`,
      level === 1 ? 'Đề nghị đồng chí chỉ đạo hoàn thành ngay và báo cáo kết quả.' : `Nhiệm vụ đã được báo cáo vượt cấp (cấp ${level}) để chỉ đạo, đôn đốc.`,
    ],
    facts.link,
  );
}

export interface AmendmentFacts {
  unit: { name: string };
  plan: { code: string; title: string };
  /** What the amendment did, in one line (domain/plan-amendments.ts amendmentSummary). */
  summary: string;
  reason: string;
  /** The document it follows, when it names one. */
  document: string | null;
  /** The unit's work it changed or added, as it stands after the change. */
  work: { task: { code: string; title: string }; deadline: Date; cancelled: boolean }[];
  link: string;
}

export function amendmentMessage(facts: AmendmentFacts): Message {
  return compose(
    `[Điều chỉnh kế hoạch] ${facts.plan.code} – ${facts.summary}`,
    `Kính gửi: ${facts.unit.name},`,
    [
      `Kế hoạch số ${facts.plan.code} (${facts.plan.title}) được điều chỉnh${facts.document ? ` theo ${facts.document}` : ''}: ${facts.summary}.`,
      `Lý do: ${facts.reason}`,
      ...facts.work.map(({ task, deadline, cancelled }) => `Nhiệm vụ ${task.code} “${task.title}”: ${cancelled ? 'đã hủy, đơn vị không phải thực hiện' : `hạn hoàn thành ${time(deadline)}`}.`),
      'Đề nghị đơn vị cập nhật và tổ chức thực hiện theo nội dung điều chỉnh.',
    ],
    facts.link,
  );
}

export interface DigestFacts {
  /** Whom the digest greets: the account's name. */
  addressee: string;
  /** The office date it goes out on. */
  date: string;
  /** Grouped by plan, most urgent first (domain/notice-delivery.ts digestGroups). */
  plans: {
    plan: { code: string; title: string };
    notices: { kind: string; level: number | null; unit: { name: string }; task: { code: string; title: string }; deadline: Date; link: string }[];
  }[];
  /** The notification centre. */
  link: string;
}

/** What one notice of a digest was, in the words of its own mail's subject. */
export function noticeLabel(kind: string, level: number | null): string {
  if (kind === 'escalation') return `Quá hạn – cấp ${level ?? 1}`;
  return kind === 'amendment' ? 'Điều chỉnh kế hoạch' : 'Nhắc việc';
}

export function digestMessage(facts: DigestFacts): Message {
  const count = facts.plans.reduce((total, { notices }) => total + notices.length, 0);
  const subject = `[Tổng hợp thông báo] ${count} thông báo – ngày ${formatVietnameseDate(facts.date)}`;
  const greeting = `Kính gửi: ${facts.addressee},`;
  const intro = `Từ bản tổng hợp trước đến nay có ${count} thông báo về ${facts.plans.length} kế hoạch, việc khẩn nhất ở trước:`;
  const itemText = (notice: DigestFacts['plans'][number]['notices'][number]) =>
    `[${noticeLabel(notice.kind, notice.level)}] ${notice.task.code} “${notice.task.title}” – ${notice.unit.name}, hạn ${time(notice.deadline)}`;
  const text = [
    greeting,
    '',
    intro,
    ...facts.plans.flatMap(({ plan, notices }) => ['', `Kế hoạch số ${plan.code} (${plan.title}):`, ...notices.flatMap((notice) => [`- ${itemText(notice)}`, `  ${notice.link}`])]),
    '',
    `Tất cả thông báo: ${facts.link}`,
    '',
    'Thư gửi tự động từ hệ thống theo dõi thực hiện kế hoạch.',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...facts.plans.map(
      ({ plan, notices }) =>
        `<h3>${escapeHtml(`Kế hoạch số ${plan.code} (${plan.title})`)}</h3>\n<ul>\n${notices.map((notice) => `<li><a href="${escapeHtml(notice.link)}">${escapeHtml(itemText(notice))}</a></li>`).join('\n')}\n</ul>`,
    ),
    `<p><a href="${escapeHtml(facts.link)}">Tất cả thông báo</a></p>`,
    '<p style="color:#666">Thư gửi tự động từ hệ thống theo dõi thực hiện kế hoạch.</p>',
  ].join('\n');
  return { subject, text, html };
}

/** A notice as a deputy receives it in the head's stead: it says, first, in whose name ("KT. Giám đốc"). */
export function standingInFor(message: Message, label: string | undefined): Message {
  if (!label) return message;
  const line = `Đồng chí nhận thông báo này với tư cách ${label}.`;
  return { subject: `[${label}] ${message.subject}`, text: `${line}\n\n${message.text}`, html: `<p><strong>${escapeHtml(line)}</strong></p>\n${message.html}` };
}
