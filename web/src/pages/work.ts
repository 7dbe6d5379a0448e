/** The drill-down from the dashboard: the assignments of a plan, a unit or a colour. */
import { get, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { assignmentLink, badge, deadlineText, link, table } from '../ui.js';

export async function workPage(params: URLSearchParams): Promise<HTMLElement> {
  const query = new URLSearchParams([...params].filter(([key, value]) => value && ['plan', 'unit', 'tone', 'status'].includes(key)));
  const list = await get<Schemas['AssignmentList']>(`/assignments?${query}&limit=200`);
  const back = new URLSearchParams([...params].filter(([key]) => ['plan', 'unit', 'period'].includes(key)));
  return h(
    'div',
    { class: 'page work' },
    h('p', {}, link(`#/dashboard?${back}`, `← ${t('back')}`)),
    h('h1', {}, params.get('unit') ? t('workOf', { unit: list.items[0]?.unit.name ?? params.get('unit')! }) : t('assignments'), ` (${list.total})`),
    list.items.length
      ? table(
          [t('task'), t('unit'), t('plan'), t('deadline'), t('status')],
          list.items.map((item) => [assignmentLink(item), item.unit.name, item.plan.code, deadlineText(item), badge(item.tone)]),
        )
      : h('p', {}, t('empty')),
  );
}
