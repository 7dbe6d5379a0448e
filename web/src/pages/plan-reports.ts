/**
 * A plan's reports: for a period, the units table (CSV), the summary workbook (XLSX) and the
 * draft results report to sign (DOCX), each as the API makes it for this account.
 */
import { download, get, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field, problemBox, select } from '../ui.js';
import { periodOptions } from './dashboard.js';

export async function planReportsPage(planId: string): Promise<HTMLElement> {
  const targets = await get<Schemas['PlanTargets']>(`/plans/${planId}/targets`);
  const period = select('period', periodOptions());
  const status = h('p', { role: 'status', class: 'hint' });
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
  );
}
