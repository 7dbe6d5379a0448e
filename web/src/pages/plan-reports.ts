/**
 * A plan's reports: for a period, the units table (CSV), the summary workbook (XLSX) and the
 * draft results report to sign (DOCX), each as the API makes it for this account; then, period
 * by period, the units' periodic reports (who reported, who is late) and the figures compiled
 * within each period's data cut-off window.
 */
import { download, get, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { isoDateInVietnam } from '../format.js';
import { figureLabel, formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import { badge, field, link, problemBox, select, table } from '../ui.js';
import { periodOptions } from './dashboard.js';

type Period = Schemas['PeriodicReports']['periods'][number];

const stateTones = { reported_on_time: 'done-on-time', reported_late: 'done-late', pending: 'in-progress', late: 'overdue' } as const;

const figureList = (figures: Record<string, number>) =>
  Object.keys(figures).length
    ? h('dl', { class: 'figures' }, ...Object.entries(figures).flatMap(([name, value]) => [h('dt', {}, figureLabel(name)), h('dd', {}, formatNumber(value))]))
    : h('p', { class: 'muted' }, '—');

function periodCard(period: Period, open: boolean): HTMLElement {
  const { counts } = period;
  const reported = counts.reportedOnTime + counts.reportedLate;
  return h(
    'details',
    { class: 'card period', ...(open && { open: true }) },
    h(
      'summary',
      {},
      h('strong', {}, `${period.task.code} — ${period.task.title}`),
      ' ',
      `${t('reportingWindow')} ${t('windowDates', { from: formatDate(period.window.from), to: formatDate(period.window.to) })}; ${t('reportDue')}: ${formatDateTime(period.deadline)}`,
      ' · ',
      t('reportedCount', { done: formatNumber(reported), all: formatNumber(counts.units) }),
      ...(counts.late ? [' ', badge('overdue', `${t('reportLate')}: ${formatNumber(counts.late)}`)] : []),
    ),
    h(
      'p',
      { class: 'levels' },
      `${t('reportedOnTime')}: ${formatNumber(counts.reportedOnTime)} · ${t('reportedLate')}: ${formatNumber(counts.reportedLate)} · ${t('reportPending')}: ${formatNumber(counts.pending)} · ${t('reportLate')}: ${formatNumber(counts.late)}`,
    ),
    table(
      [t('unit'), t('status'), t('submittedAt'), t('figuresFromActivities'), t('figuresReported')],
      period.units.map((line) => [
        link(`#/assignments/${line.assignmentId}`, line.unit.name),
        badge(stateTones[line.state], t(`reportState.${line.state}`)),
        line.submittedAt ? formatDateTime(line.submittedAt) : '—',
        figureList(line.activities),
        figureList(line.reported),
      ]),
    ),
    h('h3', {}, t('compiledFigures')),
    h('div', { class: 'compiled' }, h('div', {}, h('h4', {}, t('figuresFromActivities')), figureList(period.figures.activities)), h('div', {}, h('h4', {}, t('figuresReported')), figureList(period.figures.reported))),
  );
}

export async function planReportsPage(planId: string): Promise<HTMLElement> {
  const [targets, periodic] = await Promise.all([get<Schemas['PlanTargets']>(`/plans/${planId}/targets`), get<Schemas['PeriodicReports']>(`/plans/${planId}/periodic-reports`)]);
  // The latest period whose data are cut off is the one being reported: it opens.
  const today = isoDateInVietnam(new Date(periodic.asOf));
  const current = [...periodic.periods].reverse().find((period) => period.window.to < today) ?? periodic.periods[0];
  const period = select('period', periodOptions());
  const status = h('div', { role: 'status', class: 'hint' });
  const button = (format: 'csv' | 'xlsx' | 'docx', label: string) => {
    const control = h('button', { type: 'button', 'data-format': format }, label);
    control.addEventListener('click', async () => {
      control.disabled = true;
      status.replaceChildren(t('downloading'));
      try {
        await download(`/plans/${planId}/report?${new URLSearchParams({ format, ...(period.value && { period: period.value }) })}`);
        status.replaceChildren();
      } catch (error) {
        status.replaceChildren(problemBox(error));
      } finally {
        control.disabled = false;
      }
    });
    return control;
  };
  return h(
    'div',
    { class: 'page plan-reports' },
    h('h1', {}, t('planReports')),
    h('p', { class: 'plan-ref' }, h('strong', {}, targets.plan.code), ' — ', targets.plan.title),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'downloads-title' },
      h('h2', { id: 'downloads-title' }, t('reportDownloads')),
      field(t('reportPeriod'), period),
      h('div', { class: 'actions' }, button('csv', t('downloadCsv')), button('xlsx', t('downloadXlsx')), button('docx', t('downloadDocx'))),
      h('p', { class: 'hint' }, t('docxHint')),
      status,
    ),
    h(
      'section',
      { class: 'periodic', 'aria-labelledby': 'periodic-title' },
      h('h2', { id: 'periodic-title' }, t('periodicReports')),
      ...(periodic.periods.length ? periodic.periods.map((period) => periodCard(period, period === current)) : [h('p', {}, t('noPeriodicReports'))]),
    ),
  );
}
