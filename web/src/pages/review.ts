/**
 * The review desk of a department: reports its units submitted, to approve or return with a
 * reason, and requests for more time, to grant or refuse. Only what the department assigned.
 */
import { get, post, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { actionForm, assignmentLink, badge, field, input, optionalNote, reportOf } from '../ui.js';

export async function reviewPage(refresh: () => void): Promise<HTMLElement> {
  const [submitted, extensions] = await Promise.all([
    get<Schemas['AssignmentList']>('/assignments?status=submitted&reviewable=true&limit=200'),
    get<Schemas['ExtensionRequestList']>('/extension-requests?status=pending&reviewable=true&limit=200'),
  ]);

  const reportCards = submitted.items.map((item) =>
    h(
      'article',
      { class: 'card review-item', 'data-assignment': item.id },
      h('h3', {}, assignmentLink(item)),
      h('p', { class: 'muted' }, `${item.unit.name} · ${item.plan.code} · ${t('deadline')} ${formatDate(item.deadline)} · ${t('submittedAt')} ${item.submittedAt ? formatDateTime(item.submittedAt) : '—'}`),
      item.submittedAt && item.submittedAt > item.deadline ? badge('done-late', t('tone.done-late')) : badge('in-progress', t('status.submitted')),
      reportOf(item),
      h(
        'div',
        { class: 'decisions' },
        actionForm(t('approve'), [field(t('note'), input('note'))], t('approve'), (data) => post(`/assignments/${item.id}/approve`, optionalNote(data)), refresh, 'approve'),
        actionForm(t('returnIt'), [field(t('returnReason'), input('reason', { required: true }))], t('returnIt'), (data) => post(`/assignments/${item.id}/return`, { reason: String(data.get('reason')) }), refresh, 'return'),
      ),
    ),
  );

  const extensionCards = extensions.items.map((request) =>
    h(
      'article',
      { class: 'card review-item', 'data-extension': request.id },
      h('h3', {}, assignmentLink(request.assignment)),
      h('p', { class: 'muted' }, `${request.assignment.unit.name} · ${t('currentDeadline')} ${formatDate(request.currentDeadline)} → ${t('requestedDeadline')} ${formatDate(request.requestedDeadline)}`),
      h('p', {}, `${t('reason')}: ${request.reason}`),
      h(
        'div',
        { class: 'decisions' },
        actionForm(t('approve'), [field(t('note'), input('note'))], t('approve'), (data) => post(`/assignments/${request.assignment.id}/extension-requests/${request.id}/approve`, optionalNote(data)), refresh, 'approve-extension'),
        actionForm(t('reject'), [field(t('note'), input('note'))], t('reject'), (data) => post(`/assignments/${request.assignment.id}/extension-requests/${request.id}/reject`, optionalNote(data)), refresh, 'reject-extension'),
      ),
    ),
  );

  return h(
    'div',
    { class: 'page review' },
    h('h1', {}, t('reviewTitle')),
    h('section', { 'aria-labelledby': 'reports-title' }, h('h2', { id: 'reports-title' }, `${t('submittedReports')} (${submitted.total})`), ...(reportCards.length ? reportCards : [h('p', {}, t('empty'))])),
    h('section', { 'aria-labelledby': 'extensions-title' }, h('h2', { id: 'extensions-title' }, `${t('extensionRequests')} (${extensions.total})`), ...(extensionCards.length ? extensionCards : [h('p', {}, t('empty'))])),
  );
}
