/**
 * The notification centre: the bell in the header with the unread count, the list of one's
 * notices a page at a time (a notice read when followed or marked), and the settings page —
 * immediate mail or the daily digest per kind of notice, the digest's time, and being copied
 * while a deputy stands in.
 */
import { get, patch, post, remove, type Account, type Schemas } from '../api.js';
import { h, svg } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { actionForm, field, input, problemBox, select, textarea } from '../ui.js';

type NoticeList = Schemas['NoticeList'];
type Notice = NoticeList['items'][number];
type NoticeSettings = Schemas['NoticeSettings'];
type CalendarFeedList = Schemas['CalendarFeedList'];
type CreatedCalendarFeed = Schemas['CreatedCalendarFeed'];

const BELL_PATH = 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6v-5a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z';

/** The bell: a link to the centre whose count of unread notices arrives after the header is shown. */
export function noticeBell(): HTMLElement {
  const count = h('span', { class: 'bell-count', hidden: true });
  const icon = svg('svg', { viewBox: '0 0 24 24', width: 16, height: 16, fill: 'currentColor', 'aria-hidden': 'true' }, svg('path', { d: BELL_PATH }));
  const bell = h('a', { href: '#/notices', class: 'bell', 'data-bell': '' }, icon, ' ', t('notices.bell'), count);
  bell.setAttribute('aria-label', t('notices.bell'));
  void get<NoticeList>('/me/notices?limit=1&unread=true')
    .then(({ unread }) => {
      bell.setAttribute('aria-label', t('notices.bellUnread', { count: unread }));
      count.textContent = String(unread);
      count.hidden = unread === 0;
    })
    .catch(() => undefined);
  return bell;
}

/** What a notice was, in the words of its mail's subject. */
const labelOf = (notice: Pick<Notice, 'kind' | 'level'>) =>
  notice.kind === 'escalation' ? t('notices.kind.escalation', { level: notice.level ?? 1 }) : t(`notices.kind.${notice.kind}`);

function noticeItem(notice: Notice, changed: () => void): HTMLElement {
  const read = async () => {
    if (!notice.readAt) await post(`/me/notices/${notice.id}/read`, {}).catch(() => undefined);
  };
  const open = h('a', { href: `#/assignments/${notice.assignment.id}` }, `${notice.task.code} — ${notice.task.title}`);
  // Followed, a notice is read: marked before the page it leads to loads.
  open.addEventListener('click', (event) => {
    event.preventDefault();
    void read().then(() => (location.hash = `#/assignments/${notice.assignment.id}`));
  });
  const mark = h('button', { type: 'button', class: 'link-button' }, t('notices.markRead'));
  mark.addEventListener('click', async () => {
    mark.disabled = true;
    await read();
    changed();
  });
  return h(
    'li',
    { class: notice.readAt ? 'notice read' : 'notice unread', 'data-notice': String(notice.id) },
    h('strong', {}, labelOf(notice)),
    ' ',
    open,
    h(
      'p',
      { class: 'muted' },
      t('notices.where', { plan: notice.plan.code, unit: notice.unit.name, at: formatDateTime(notice.createdAt) }),
      notice.status === 'queued' && notice.deliverAfter ? ` · ${t('notices.waiting', { at: formatDateTime(notice.deliverAfter) })}` : '',
    ),
    notice.readAt ? null : mark,
  );
}

export async function noticesPage(refresh: () => void): Promise<HTMLElement> {
  const first = await get<NoticeList>('/me/notices?limit=20');
  const list = h('ul', { class: 'notices', 'aria-label': t('notices.title') });
  const status = h('div', { 'aria-live': 'polite' });
  const more = h('button', { type: 'button' }, t('notices.more'));
  let next = first.next;
  const add = (page: NoticeList) => {
    list.append(...page.items.map((notice) => noticeItem(notice, refresh)));
    next = page.next;
    more.hidden = next === null;
  };
  add(first);
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      add(await get<NoticeList>(`/me/notices?limit=20&before=${next}`));
    } catch (error) {
      status.replaceChildren(problemBox(error));
    } finally {
      more.disabled = false;
    }
  });
  const readAll = h('button', { type: 'button', 'data-action': 'read-all', disabled: first.unread === 0 }, t('notices.markAllRead'));
  readAll.addEventListener('click', async () => {
    readAll.disabled = true;
    try {
      await post('/me/notices/read', {});
      refresh();
    } catch (error) {
      status.replaceChildren(problemBox(error));
      readAll.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'page notices-page' },
    h('h1', {}, t('notices.title')),
    h('p', {}, t('notices.unread', { count: first.unread }), ' ', h('a', { href: '#/notice-settings' }, t('notices.settingsLink'))),
    readAll,
    status,
    first.items.length === 0 ? h('p', {}, t('notices.none')) : list,
    more,
  );
}

export async function noticeSettingsPage(account: Account, refresh: () => void): Promise<HTMLElement> {
  const settings = await get<NoticeSettings>('/me/notice-settings');
  const modeOptions: [string, string][] = settings.modesAvailable.map((mode) => [mode, t(`notices.mode.${mode}`)]);
  const modes = settings.kinds.map((kind) => field(t(`notices.kindSetting.${kind}`), select(`modes.${kind}`, modeOptions, settings.modes[kind])));
  const checkbox = (name: string, checked: boolean) => input(name, { type: 'checkbox', ...(checked && { checked: true }) });
  const form = actionForm(
    t('notices.modesLegend'),
    [
      ...modes,
      field(t('notices.digestTime'), input('digestTime', { type: 'time', value: settings.digestTime, required: true }), t('notices.digestTimeHint')),
      field(t('notices.urgentOnDaysOff'), checkbox('urgentOnDaysOff', settings.urgentOnDaysOff)),
      field(t('notices.copyWhenDelegated'), checkbox('copyWhenDelegated', settings.copyWhenDelegated)),
    ],
    t('notices.save'),
    (data) =>
      patch('/me/notice-settings', {
        modes: Object.fromEntries(settings.kinds.map((kind) => [kind, String(data.get(`modes.${kind}`))])),
        digestTime: String(data.get('digestTime')).slice(0, 5),
        urgentOnDaysOff: data.get('urgentOnDaysOff') !== null,
        copyWhenDelegated: data.get('copyWhenDelegated') !== null,
      }),
    () => undefined,
    'notice-settings',
  );
  const heads = account.role === 'department_head' || account.role === 'unit_head';
  return h(
    'div',
    { class: 'page notice-settings' },
    h('h1', {}, t('notices.settingsTitle')),
    h('p', {}, t('notices.settingsIntro')),
    h('div', { class: 'card' }, form),
    heads ? await deputies(refresh) : null,
    await calendarFeeds(),
  );
}

/** The day a date input names, from its start or to its end, in Vietnam's time (UTC+7, no daylight saving). */
const dayStart = (day: string) => `${day}T00:00:00+07:00`;
const dayEnd = (day: string) => `${day}T23:59:59+07:00`;

/**
 * A head's deputies (ủy quyền): the ones named, each ended early with a click, and a form naming
 * another of the unit's accounts to sign "KT." (ký thay) or "Q." (quyền) for days the head is away.
 */
async function deputies(refresh: () => void): Promise<HTMLElement> {
  const [colleagues, named] = await Promise.all([get<Schemas['ColleagueList']>('/me/colleagues'), get<Schemas['DelegationList']>('/delegations')]);
  const status = h('div', { 'aria-live': 'polite' });
  const rows = named.items
    .filter((item) => item.endedAt === null && Date.parse(item.to) > Date.now())
    .map((item) => {
      const end = h('button', { type: 'button', class: 'link-button' }, t('delegation.end'));
      end.addEventListener('click', async () => {
        end.disabled = true;
        try {
          await post(`/delegations/${item.id}/end`, {});
          refresh();
        } catch (error) {
          status.replaceChildren(problemBox(error));
          end.disabled = false;
        }
      });
      return h('li', { 'data-delegation': item.id }, t('delegation.line', { label: item.label, deputy: item.deputy.displayName, from: formatDateTime(item.from), to: formatDateTime(item.to) }), ' ', end);
    });
  const form = actionForm(
    t('delegation.name'),
    [
      field(t('delegation.deputy'), select('deputy', colleagues.items.map((colleague): [string, string] => [colleague.id, colleague.displayName]))),
      field(t('delegation.kind'), select('kind', [['deputy', t('delegation.kind.deputy')], ['acting', t('delegation.kind.acting')]])),
      field(t('delegation.from'), input('from', { type: 'date', required: true })),
      field(t('delegation.to'), input('to', { type: 'date', required: true })),
      field(t('delegation.reason'), textarea('reason', { required: true, maxlength: 500, placeholder: t('delegation.reasonHint') })),
    ],
    t('delegation.save'),
    (data) =>
      post('/delegations', {
        deputy: String(data.get('deputy')),
        kind: String(data.get('kind')),
        from: dayStart(String(data.get('from'))),
        to: dayEnd(String(data.get('to'))),
        reason: String(data.get('reason') ?? '').trim(),
      }),
    refresh,
    'delegation',
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'delegation-title', 'data-section': 'delegations' },
    h('h2', { id: 'delegation-title' }, t('delegation.title')),
    h('p', {}, t('delegation.intro')),
    rows.length > 0 ? h('ul', { class: 'delegations' }, ...rows) : h('p', {}, t('delegation.none')),
    status,
    colleagues.items.length > 0 ? form : h('p', {}, t('delegation.noColleagues')),
  );
}

/** One's calendar feeds: make one (its address shown this once, to copy into a calendar program), revoke one. */
async function calendarFeeds(): Promise<HTMLElement> {
  const section = h('section', { class: 'card', 'aria-labelledby': 'calendar-title', 'data-section': 'calendar-feeds' });
  const status = h('div', { 'aria-live': 'polite' });
  const render = async (made?: CreatedCalendarFeed) => {
    const { items } = await get<CalendarFeedList>('/me/calendar-feeds');
    const make = h('button', { type: 'button' }, t('calendar.make'));
    make.addEventListener('click', async () => {
      make.disabled = true;
      try {
        await render(await post<CreatedCalendarFeed>('/me/calendar-feeds', {}));
      } catch (error) {
        status.replaceChildren(problemBox(error));
        make.disabled = false;
      }
    });
    const shown = made?.url ? field(t('calendar.address'), input('calendarUrl', { type: 'url', readonly: true, value: made.url }), t('calendar.addressHint')) : null;
    const rows = items
      .filter((feed) => feed.revokedAt === null)
      .map((feed) => {
        const revoke = h('button', { type: 'button', class: 'link-button' }, t('calendar.revoke'));
        revoke.addEventListener('click', async () => {
          revoke.disabled = true;
          try {
            await remove(`/me/calendar-feeds/${feed.id}`);
            await render();
          } catch (error) {
            status.replaceChildren(problemBox(error));
          }
        });
        return h('li', { 'data-feed': feed.id }, t('calendar.made', { at: formatDateTime(feed.createdAt), of: feed.unit ? feed.unit.name : t('calendar.ownWork') }), ' ', revoke);
      });
    section.replaceChildren(
      h('h2', { id: 'calendar-title' }, t('calendar.title')),
      h('p', {}, t('calendar.intro')),
      shown ?? '',
      rows.length > 0 ? h('ul', { class: 'calendar-feeds' }, ...rows) : h('p', {}, t('calendar.none')),
      make,
      status,
    );
  };
  await render();
  return section;
}
