/**
 * A unit's inbox: what it owes, overdue work first and then the least time left, then work
 * waiting for review, then closed work. Each item opens to report, submit or ask for time.
 */
import { get, type Account, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { assignmentLink, badge, deadlineText } from '../ui.js';

export async function inboxPage(account: Account): Promise<HTMLElement> {
  const inbox = await get<Schemas['UnitInbox']>(`/units/${account.unit?.id}/assignments`);
  return h(
    'div',
    { class: 'page inbox' },
    h('h1', {}, t('inboxTitle', { unit: inbox.unit.name })),
    inbox.items.length
      ? h(
          'ul',
          { class: 'inbox-list' },
          ...inbox.items.map((item) =>
            h(
              'li',
              { class: `inbox-item tone-${item.tone}`, 'data-assignment': item.id },
              h('div', { class: 'inbox-main' }, assignmentLink(item), h('span', { class: 'muted' }, `${item.plan.code} · ${item.role === 'lead' ? t('leadRole') : t('coordinateRole')}`)),
              h('div', { class: 'inbox-side' }, badge(item.tone), h('span', { class: 'deadline' }, deadlineText(item))),
              item.returnReason && item.status === 'in_progress' ? h('p', { class: 'returned' }, `${t('returnReason')}: ${item.returnReason}`) : null,
            ),
          ),
        )
      : h('p', {}, t('empty')),
  );
}
