/**
 * The leader's dashboard: filters, open escalations by level, each plan's status bar and
 * targets, units ranked by on-time completion, completions per week. Plans and units drill
 * down to their assignments, and assignments to their history.
 */
import { get, type Schemas } from '../api.js';
import { completionsChart, legend, progressBar, statusBar } from '../charts.js';
import { h } from '../dom.js';
import { formatNumber, formatPercent, t } from '../i18n.js';
import { goalText } from '../target-goal.js';
import { badge, field, link, select, table } from '../ui.js';

type Dashboard = Schemas['Dashboard'];

/** Periods a leader reviews: this year and last, by year, half, nine months and quarter. */
export function periodOptions(now = new Date()): [string, string][] {
  const options: [string, string][] = [['', t('wholePeriod')]];
  for (const year of [now.getFullYear(), now.getFullYear() - 1]) {
    options.push([`${year}`, t('year', { year })]);
    for (const part of [1, 2]) options.push([`${year}-H${part}`, t('half', { part, year })]);
    options.push([`${year}-9M`, t('nineMonths', { year })]);
    for (const part of [1, 2, 3, 4]) options.push([`${year}-Q${part}`, t('quarter', { part, year })]);
  }
  return options;
}

type PlanTarget = Dashboard['plans'][number]['targets'][number];

const measured = (target: PlanTarget) =>
  `${target.measure === 'count' ? (target.achieved === null ? '—' : formatNumber(target.achieved)) : formatPercent(target.achieved)} / ${goalText(target)}`;

/** A floor's bar fills toward its value, a reduction's toward the size of the fall; a ceiling has no progress to show. */
const progressOf = (target: PlanTarget) =>
  target.direction === 'atMost' ? null : progressBar(target.direction === 'reduceBy' && target.achieved !== null ? -target.achieved : target.achieved, target.value, target.attained);

export async function dashboardPage(params: URLSearchParams): Promise<HTMLElement> {
  const query = new URLSearchParams([...params].filter(([, value]) => value));
  const [data, plans, units] = await Promise.all([
    get<Dashboard>(`/dashboard?${query}`),
    get<Schemas['PlanList']>('/plans?limit=100'),
    get<Schemas['UnitList']>('/units?limit=1000'),
  ]);

  const filters = h(
    'form',
    { class: 'filters', role: 'search' },
    field(t('filterPlan'), select('plan', [['', t('allPlans')], ...plans.items.map((plan): [string, string] => [plan.id, `${plan.code} — ${plan.title}`])], params.get('plan') ?? '')),
    field(t('filterUnit'), select('unit', [['', t('allUnits')], ...units.items.filter((unit) => !unit.mergedIntoId).map((unit): [string, string] => [unit.code, unit.name])], params.get('unit') ?? '')),
    field(t('filterPeriod'), select('period', periodOptions(), params.get('period') ?? '')),
    h('button', { type: 'submit' }, t('apply')),
  );
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams([...new FormData(filters)].map(([key, value]) => [key, String(value)] as [string, string]).filter(([, value]) => value));
    location.hash = `#/dashboard?${chosen}`;
  });

  const drill = (extra: Record<string, string>) => `#/work?${new URLSearchParams({ ...Object.fromEntries(query), ...extra })}`;

  const escalations = h(
    'section',
    { class: 'card escalations', 'aria-labelledby': 'escalations-title' },
    h('h2', { id: 'escalations-title' }, t('openEscalations'), ' ', h('span', { class: 'count', 'data-testid': 'open-escalations' }, formatNumber(data.escalations.open))),
    h('p', { class: 'levels' }, ...data.escalations.byLevel.map((group) => h('span', { class: `level level-${group.level}` }, `${t('escalationLevel', { level: group.level })}: ${formatNumber(group.count)}`))),
    data.escalations.items.length
      ? table(
          [t('level'), t('unit'), t('task'), t('plan'), t('status')],
          data.escalations.items.map((item) => [
            h('span', { class: `level level-${item.level}` }, String(item.level)),
            link(drill({ unit: item.unit.code }), item.unit.name),
            link(`#/assignments/${item.assignment.id}`, `${item.task.code} — ${item.task.title}`),
            item.plan.code,
            badge('overdue', t('daysOverdue', { days: item.daysOverdue })),
          ]),
        )
      : h('p', {}, t('empty')),
    data.escalations.open > data.escalations.items.length ? link(drill({ tone: 'overdue' }), `${t('allOverdue')} →`) : null,
  );

  const planCards = data.plans.map((plan) =>
    h(
      'article',
      { class: 'card plan' },
      h('h3', {}, link(`#/dashboard?${new URLSearchParams({ ...Object.fromEntries(query), plan: plan.id })}`, plan.code), ' ', plan.title),
      statusBar(plan.tones),
      h(
        'ul',
        { class: 'targets', 'aria-label': t('targets') },
        ...plan.targets.map((target) =>
          h(
            'li',
            {},
            h('span', { class: 'target-code' }, target.code),
            h('span', { class: 'target-title' }, target.title),
            target.measured ? progressOf(target) : null,
            h('span', { class: 'target-figure' }, target.measured ? measured(target) : t('notMeasured')),
          ),
        ),
      ),
      h('p', { class: 'plan-links' }, link(drill({ plan: plan.id }), `${t('assignments')} →`), ' ', link(`#/plans/${plan.id}/reports`, `${t('planReports')} →`)),
    ),
  );

  const RANKING_SHOWN = 10;
  const rankingRows = data.ranking.map((line, index) => [
    String(index + 1),
    link(drill({ unit: line.unit.code }), line.unit.name),
    formatNumber(line.assignments),
    formatNumber(line.doneOnTime),
    formatNumber(line.doneLate),
    formatNumber(line.overdue),
    formatPercent(line.onTimeRate),
  ]);
  const rankingHeaders = [t('rank'), t('unit'), t('assignments'), t('onTime'), t('late'), t('tone.overdue'), t('onTimeRate')];
  const ranking = h(
    'section',
    { class: 'card', 'aria-labelledby': 'ranking-title' },
    h('h2', { id: 'ranking-title' }, t('ranking')),
    table(rankingHeaders, rankingRows.slice(0, RANKING_SHOWN)),
    rankingRows.length > RANKING_SHOWN
      ? h('details', {}, h('summary', {}, t('wholeRanking', { count: rankingRows.length })), table(rankingHeaders, rankingRows.slice(RANKING_SHOWN)))
      : null,
  );

  const hasCompletions = data.completions.some((week) => week.onTime + week.late > 0);
  return h(
    'div',
    { class: 'page dashboard' },
    h('h1', {}, t('navDashboard')),
    filters,
    h('section', { class: 'card totals', 'aria-label': t('statusLegend') }, legend(data.totals)),
    escalations,
    h('section', { class: 'plans', 'aria-label': t('plans') }, ...planCards),
    h('section', { class: 'card', 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title' }, t('completionsChart')), hasCompletions ? completionsChart(data.completions) : h('p', {}, t('noCompletions'))),
    ranking,
  );
}
