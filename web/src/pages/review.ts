/**
 * The review desk of a department: the queue of reports its units submitted on one side, and the
 * chosen report in full on the other — its figures with their labels (and warnings), its files
 * (thumbnails, PDFs in the page), its activities, its history — to approve or return with a
 * reason in the same place. ↑ ↓ (or J, K) move through the queue. Below, requests for more time,
 * to grant or refuse. Only the work this department assigned.
 */
import { get, post, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { fileGallery, labelledFigures, releaseFileViews } from '../evidence.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { actionForm, assignmentLink, badge, field, input, optionalNote, problemBox, reportOf, table } from '../ui.js';

type QueueItem = Schemas['AssignmentList']['items'][number];

/** The report a reviewer decides on, with everything it carries. */
async function reportDetail(item: QueueItem, refresh: () => void): Promise<HTMLElement> {
  const [assignment, activities] = await Promise.all([get<Schemas['AssignmentForCaller']>(`/assignments/${item.id}`), get<Schemas['ActivityList']>(`/assignments/${item.id}/activities`)]);
  const sent = assignment.files.filter((file) => file.attached && file.activityId === null);
  const late = item.submittedAt && item.submittedAt > item.deadline;
  return h(
    'article',
    { class: 'card review-detail', 'data-assignment': item.id, 'aria-labelledby': `review-${item.id}` },
    h('h2', { id: `review-${item.id}` }, assignmentLink(assignment)),
    h('p', { class: 'muted' }, `${assignment.unit.name} · ${assignment.plan.code} · ${t('deadline')} ${formatDate(assignment.deadline)} · ${t('submittedAt')} ${assignment.submittedAt ? formatDateTime(assignment.submittedAt) : '—'}`),
    late ? badge('done-late', t('tone.done-late')) : badge('in-progress', t('status.submitted')),
    reportOf({ ...assignment, figures: {} }),
    labelledFigures(assignment.figures, assignment.figureFields, assignment.figureWarnings),
    fileGallery(assignment.id, sent),
    h(
      'div',
      { class: 'decisions' },
      actionForm(t('approve'), [field(t('note'), input('note'))], t('approve'), (data) => post(`/assignments/${item.id}/approve`, optionalNote(data)), refresh, 'approve'),
      actionForm(t('returnIt'), [field(t('returnReason'), input('reason', { required: true }))], t('returnIt'), (data) => post(`/assignments/${item.id}/return`, { reason: String(data.get('reason')) }), refresh, 'return'),
    ),
    activities.items.length
      ? h(
          'section',
          {},
          h('h3', {}, t('activities')),
          table(
            [t('date'), t('activityKind'), t('figures')],
            activities.items.map((activity) => [formatDate(activity.occurredOn), t(`kind.${activity.kind}`), labelledFigures(activity.figures, assignment.figureFields, activity.warnings) ?? '']),
          ),
          fileGallery(assignment.id, assignment.files.filter((file) => file.activityId !== null)),
        )
      : null,
    h(
      'section',
      {},
      h('h3', {}, t('history')),
      h(
        'ol',
        { class: 'timeline' },
        ...assignment.history.map((event) =>
          h('li', {}, h('time', { datetime: event.at }, formatDateTime(event.at)), ' ', t(`event.${event.type}`), event.data?.by ? ` — ${t('by', { name: event.data.by })}` : '', event.data?.reason ? `: ${event.data.reason}` : ''),
        ),
      ),
    ),
  );
}

/** The queue and the chosen report: one button per report, ↑ ↓ (or J, K) to move, the report shown beside. */
function reviewQueue(items: QueueItem[], refresh: () => void): HTMLElement {
  const detail = h('div', { class: 'review-pane', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('selectReport')));
  const buttons = items.map((item, index) =>
    h(
      'button',
      { type: 'button', class: 'review-item', 'data-assignment': item.id, 'aria-pressed': 'false', tabindex: index === 0 ? 0 : -1 },
      h('strong', {}, `${item.task.code} — ${item.task.title}`),
      h('small', {}, `${item.unit.name} · ${item.submittedAt ? formatDateTime(item.submittedAt) : '—'}`),
    ),
  );
  let shown = -1;
  const choose = async (index: number, focus: boolean) => {
    if (index < 0 || index >= items.length) return;
    buttons.forEach((button, at) => {
      button.setAttribute('aria-pressed', String(at === index));
      button.tabIndex = at === index ? 0 : -1;
    });
    if (focus) buttons[index]!.focus();
    if (shown === index) return;
    shown = index;
    releaseFileViews();
    detail.setAttribute('aria-busy', 'true');
    // A report chosen while another was loading: only the last chosen is shown.
    const showIfStillChosen = (view: HTMLElement) => {
      if (shown !== index) return;
      detail.replaceChildren(view);
      detail.removeAttribute('aria-busy');
    };
    try {
      showIfStillChosen(await reportDetail(items[index]!, refresh));
    } catch (error) {
      showIfStillChosen(problemBox(error));
    }
  };
  buttons.forEach((button, index) => {
    button.addEventListener('click', () => void choose(index, false));
    button.addEventListener('keydown', (event) => {
      const step = { ArrowDown: 1, ArrowUp: -1, j: 1, k: -1 }[event.key];
      if (step !== undefined) {
        event.preventDefault();
        void choose(index + step, true);
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        void choose(event.key === 'Home' ? 0 : items.length - 1, true);
      }
    });
  });
  if (items.length > 0) void choose(0, false);
  return h(
    'div',
    { class: 'review-desk' },
    h('nav', { class: 'review-queue', 'aria-label': t('reviewQueue') }, h('p', { class: 'muted' }, t('reviewKeys')), ...buttons),
    detail,
  );
}

export async function reviewPage(refresh: () => void): Promise<HTMLElement> {
  const [submitted, extensions] = await Promise.all([
    get<Schemas['AssignmentList']>('/assignments?status=submitted&reviewable=true&limit=200'),
    get<Schemas['ExtensionRequestList']>('/extension-requests?status=pending&reviewable=true&limit=200'),
  ]);

  const extensionCards = extensions.items.map((request) =>
    h(
      'article',
      { class: 'card extension-item', 'data-extension': request.id },
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
    h('section', { 'aria-labelledby': 'reports-title' }, h('h2', { id: 'reports-title' }, `${t('submittedReports')} (${submitted.total})`), submitted.items.length ? reviewQueue(submitted.items, refresh) : h('p', {}, t('empty'))),
    h('section', { 'aria-labelledby': 'extensions-title' }, h('h2', { id: 'extensions-title' }, `${t('extensionRequests')} (${extensions.total})`), ...(extensionCards.length ? extensionCards : [h('p', {}, t('empty'))])),
  );
}
