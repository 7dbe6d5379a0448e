/** Charts as SVG: a status bar per plan, a progress bar per target, completions per week. */
import type { Schemas } from './api.js';
import { h, svg } from './dom.js';
import { formatDate, formatNumber, t } from './i18n.js';

/** The board colours, in the order a status bar shows them. */
export const tones = ['done-on-time', 'done-late', 'in-progress', 'not-started', 'overdue'] as const;
export type ToneCounts = Schemas['Dashboard']['totals'];

/** A horizontal bar split by status colour, with the counts as its accessible name and a legend. */
export function statusBar(counts: ToneCounts): HTMLElement {
  const total = tones.reduce((sum, tone) => sum + counts[tone], 0);
  const label = tones.map((tone) => `${t(`tone.${tone}`)}: ${formatNumber(counts[tone])}`).join('; ');
  const bar = svg('svg', { class: 'status-bar', viewBox: '0 0 100 6', preserveAspectRatio: 'none', role: 'img', 'aria-label': label });
  let x = 0;
  for (const tone of tones) {
    if (total === 0 || counts[tone] === 0) continue;
    const width = (counts[tone] / total) * 100;
    bar.appendChild(svg('rect', { x, y: 0, width, height: 6, class: `fill-${tone}` }, svg('title', {}, `${t(`tone.${tone}`)}: ${counts[tone]}`)));
    x += width;
  }
  return h('div', { class: 'status-bar-wrap' }, bar as unknown as Node, legend(counts));
}

export function legend(counts?: ToneCounts): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': t('statusLegend') },
    ...tones.map((tone) => h('li', {}, h('span', { class: `swatch fill-${tone}`, 'aria-hidden': 'true' }), `${t(`tone.${tone}`)}${counts ? ` ${formatNumber(counts[tone])}` : ''}`)),
  );
}

/** How far a target's achieved figure is toward its value, capped at the full bar. */
export function progressBar(achieved: number | null, value: number, attained: boolean | null): HTMLElement {
  const share = achieved === null || value <= 0 ? 0 : Math.min(1, achieved / value);
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(share * 100) });
  bar.appendChild(h('div', { class: `progress-fill ${attained ? 'fill-done-on-time' : 'fill-in-progress'}` }));
  (bar.firstChild as HTMLElement).style.width = `${share * 100}%`;
  return bar;
}

export type CompletionWeek = Schemas['Dashboard']['completions'][number];

/** Stacked columns, one per week: on time in green, late in orange; a table follows for screen readers. */
export function completionsChart(series: readonly CompletionWeek[]): HTMLElement {
  const width = 640;
  const height = 200;
  const left = 32;
  const bottom = 28;
  const top = 8;
  const max = Math.max(1, ...series.map((week) => week.onTime + week.late));
  const step = (width - left) / Math.max(1, series.length);
  const scale = (count: number) => (count / max) * (height - top - bottom);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('completionsChart') });
  for (const tick of [0, Math.ceil(max / 2), max]) {
    const y = height - bottom - scale(tick);
    chart.appendChild(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
    chart.appendChild(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(tick)));
  }
  series.forEach((week, index) => {
    const x = left + index * step + step * 0.15;
    const barWidth = step * 0.7;
    const onTimeHeight = scale(week.onTime);
    const lateHeight = scale(week.late);
    const title = `${t('weekOf', { date: formatDate(week.week) })}: ${t('onTime')} ${week.onTime}, ${t('late')} ${week.late}`;
    chart.appendChild(svg('rect', { x, y: height - bottom - onTimeHeight, width: barWidth, height: onTimeHeight, class: 'fill-done-on-time' }, svg('title', {}, title)));
    chart.appendChild(svg('rect', { x, y: height - bottom - onTimeHeight - lateHeight, width: barWidth, height: lateHeight, class: 'fill-done-late' }, svg('title', {}, title)));
    if (index % Math.ceil(series.length / 8) === 0) {
      chart.appendChild(svg('text', { x: x + barWidth / 2, y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, formatDate(week.week).slice(0, 5)));
    }
  });
  const table = h(
    'table',
    { class: 'visually-hidden' },
    h('caption', {}, t('completionsChart')),
    h('tr', {}, h('th', {}, t('weekOf', { date: '' })), h('th', {}, t('onTime')), h('th', {}, t('late'))),
    ...series.map((week) => h('tr', {}, h('td', {}, formatDate(week.week)), h('td', {}, week.onTime), h('td', {}, week.late))),
  );
  return h('figure', { class: 'chart-wrap' }, chart as unknown as Node, table);
}
