/**
 * One assignment: its facts, report, activities, extensions and history; and the actions the
 * API says this account may take on it (report an activity, submit, ask for time; approve or return).
 */
import { get, post, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { isoDateInVietnam } from '../format.js';
import { figureLabel, formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import { actionForm, badge, deadlineText, field, input, lines, optionalNote, reportOf, select, table, textarea } from '../ui.js';
import { attachments, figureInputs, figuresFrom, fileGallery, labelledFigures } from '../evidence.js';

type AssignmentDetail = Schemas['AssignmentForCaller'];

const activityKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;
type ActivityKind = (typeof activityKinds)[number];
const options = (prefix: string, values: readonly string[]): [string, string][] => values.map((value) => [value, t(`${prefix}.${value}`)]);
const number = (name: string) => input(name, { type: 'number', min: 0, step: 1, required: true, inputmode: 'numeric' });
const date = (name: string) => input(name, { type: 'date', required: true, value: isoDateInVietnam(new Date()) });
const text = (name: string) => input(name, { required: true });

/** The fields each kind of activity report asks for, as the API's schema defines them. */
const kindFields: Record<ActivityKind, () => HTMLElement[]> = {
  training: () => [
    field(t('date'), date('date')),
    field(t('place'), text('place')),
    field(t('organiser'), text('organiser')),
    field(t('audience'), select('audience', options('audience', ['family_officials', 'collaborators', 'club_members', 'households', 'students', 'other']))),
    field(t('plannedParticipants'), number('plannedParticipants')),
    field(t('actualParticipants'), number('actualParticipants')),
  ],
  campaign: () => [
    h(
      'fieldset',
      {},
      h('legend', {}, t('channels')),
      ...['tv', 'radio', 'loudspeaker', 'web', 'social', 'poster', 'direct'].map((channel) => h('label', { class: 'check' }, input('channels', { type: 'checkbox', value: channel }), t(`channel.${channel}`))),
    ),
    field(t('from'), date('from')),
    field(t('to'), date('to')),
    field(t('pieces'), number('pieces')),
    field(t('peopleReached'), number('peopleReached')),
    field(t('householdsReached'), number('householdsReached')),
  ],
  commemoration: () => [
    field(t('occasion'), select('occasion', options('occasion', ['happiness_day', 'family_day', 'violence_against_women_day', 'gender_equality_month', 'other']))),
    field(t('date'), date('date')),
    field(t('place'), text('place')),
    field(t('participants'), number('participants')),
  ],
  inspection: () => [field(t('date'), date('date')), field(t('team'), text('team')), field(t('unitsInspected'), text('unitsInspected')), field(t('findings'), textarea('findings', { required: true }))],
  report: () => [
    field(t('period'), select('period', options('period', ['q1', 'q2', 'q3', 'q4', 'h1', 'year']))),
    field(t('year'), input('year', { type: 'number', min: 2000, max: 2100, required: true, value: new Date().getFullYear() })),
    field(t('documentNumber'), input('documentNumber')),
  ],
  generic: () => [field(t('date'), date('date')), field(t('summary'), textarea('summary', { required: true }))],
};

const numberFields = ['plannedParticipants', 'actualParticipants', 'pieces', 'peopleReached', 'householdsReached', 'participants', 'year'];

/** The activity report the form describes, in the API's shape. */
function activityFrom(kind: ActivityKind, data: FormData, files: string[]): Record<string, unknown> {
  const report: Record<string, unknown> = { kind, evidence: lines(data.get('evidence')), files };
  for (const [name, value] of data) {
    if (['kind', 'evidence', 'channels', 'unitsInspected'].includes(name) || name.startsWith('figure.') || value === '') continue;
    report[name] = numberFields.includes(name) ? Number(value) : String(value);
  }
  if (kind === 'campaign') report.channels = data.getAll('channels').map(String);
  if (kind === 'inspection') report.unitsInspected = String(data.get('unitsInspected') ?? '').split(',').map((code) => code.trim()).filter(Boolean);
  if (kind === 'generic') report.figures = figuresFrom(data);
  return report;
}

function activityForm(assignment: AssignmentDetail, refresh: () => void): HTMLElement {
  const initial: ActivityKind = (activityKinds as readonly string[]).includes(assignment.task.kind) ? (assignment.task.kind as ActivityKind) : 'generic';
  const kindSelect = select('kind', options('kind', activityKinds), initial);
  // A general report counts the figures the plan measures, each in its own labelled field; the other kinds have their own.
  const planFigures = assignment.figureFields.filter((figure) => figure.from === 'plan');
  const fieldsOf = (kind: ActivityKind) => [...kindFields[kind](), kind === 'generic' ? figureInputs(planFigures) : null].filter((element): element is HTMLElement => element !== null);
  const kindGroup = h('div', { class: 'kind-fields' }, ...fieldsOf(initial));
  kindSelect.addEventListener('change', () => kindGroup.replaceChildren(...fieldsOf(kindSelect.value as ActivityKind)));
  const files = attachments(assignment.id, [], 'activity');
  return actionForm(
    t('reportActivity'),
    [field(t('activityKind'), kindSelect), kindGroup, files.element, field(t('evidence'), textarea('evidence', { inputmode: 'url' })), field(t('note'), input('note'))],
    t('send'),
    (data) => post(`/assignments/${assignment.id}/activities`, activityFrom(kindSelect.value as ActivityKind, data, files.ids())),
    refresh,
    'activity',
  );
}

/** The submission's files: those it carries, and those uploaded and not yet sent with a report. */
const submissionFiles = (assignment: AssignmentDetail) => assignment.files.filter((file) => file.activityId === null);

function submitForm(assignment: AssignmentDetail, refresh: () => void): HTMLElement {
  const files = attachments(assignment.id, submissionFiles(assignment), 'submit');
  return actionForm(
    t('submit'),
    [
      field(t('summary'), textarea('summary', { required: true, rows: 4 })),
      figureInputs(assignment.figureFields, assignment.figures),
      files.element,
      field(t('evidence'), textarea('evidence', { inputmode: 'url' })),
    ].filter((element): element is HTMLElement => element !== null),
    t('submit'),
    (data) => post(`/assignments/${assignment.id}/submit`, { summary: String(data.get('summary')), figures: figuresFrom(data), evidence: lines(data.get('evidence')), files: files.ids() }),
    refresh,
    'submit',
  );
}

function unitActions(assignment: AssignmentDetail, refresh: () => void): HTMLElement[] {
  const open = assignment.status === 'assigned' || assignment.status === 'in_progress';
  if (!assignment.allowed.act || !open) return [];
  return [
    assignment.status === 'assigned' ? actionForm(t('start'), [], t('start'), () => post(`/assignments/${assignment.id}/start`, {}), refresh, 'start') : null,
    submitForm(assignment, refresh),
    activityForm(assignment, refresh),
    actionForm(
      t('requestExtension'),
      [field(t('requestedDeadline'), input('deadline', { type: 'date', required: true })), field(t('reason'), textarea('reason', { required: true }))],
      t('send'),
      (data) => post(`/assignments/${assignment.id}/extension-requests`, { deadline: String(data.get('deadline')), reason: String(data.get('reason')) }),
      refresh,
      'extension',
    ),
  ].filter((form): form is HTMLElement => form !== null);
}

function reviewActions(assignment: AssignmentDetail, refresh: () => void): HTMLElement[] {
  if (assignment.status !== 'submitted' || !assignment.allowed.review) return [];
  return [
    assignment.allowed.approve ? actionForm(t('approve'), [field(t('note'), input('note'))], t('approve'), (data) => post(`/assignments/${assignment.id}/approve`, optionalNote(data)), refresh, 'approve') : null,
    actionForm(t('returnIt'), [field(t('returnReason'), input('reason', { required: true }))], t('returnIt'), (data) => post(`/assignments/${assignment.id}/return`, { reason: String(data.get('reason')) }), refresh, 'return'),
  ].filter((form): form is HTMLElement => form !== null);
}

/** While the workflow is stopped, the one action that helps: the assigning department restarts it. */
function restartAction(assignment: AssignmentDetail, refresh: () => void): HTMLElement[] {
  if (!assignment.allowed.review) return [];
  return [
    actionForm(
      t('restartWorkflow'),
      [field(t('reason'), textarea('reason', { required: true }))],
      t('restartWorkflow'),
      (data) => post(`/assignments/${assignment.id}/restart`, { reason: String(data.get('reason')) }),
      refresh,
      'restart',
    ),
  ];
}

export async function assignmentPage(id: string, refresh: () => void): Promise<HTMLElement> {
  const [assignment, activities] = await Promise.all([get<AssignmentDetail>(`/assignments/${id}`), get<Schemas['ActivityList']>(`/assignments/${id}/activities`)]);
  const actions = assignment.workflowBroken ? restartAction(assignment, refresh) : [...unitActions(assignment, refresh), ...reviewActions(assignment, refresh)];
  return h(
    'div',
    { class: 'page assignment' },
    h('p', { class: 'muted' }, `${assignment.plan.code} — ${assignment.plan.title}`),
    h('h1', {}, `${assignment.task.code} — ${assignment.task.title}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('unit')),
      h('dd', {}, assignment.unit.name),
      h('dt', {}, t('deadline')),
      h('dd', {}, deadlineText(assignment)),
      ...(assignment.reportingWindow
        ? [h('dt', {}, t('reportingWindow')), h('dd', { 'data-testid': 'reporting-window' }, t('windowDates', { from: formatDate(assignment.reportingWindow.from), to: formatDate(assignment.reportingWindow.to) }))]
        : []),
      h('dt', {}, t('status')),
      h('dd', { 'data-testid': 'status' }, badge(assignment.tone, t(`status.${assignment.status}`))),
    ),
    assignment.workflowBroken ? h('p', { class: 'returned', role: 'alert', 'data-testid': 'workflow-broken' }, t('workflowBroken')) : null,
    assignment.returnReason && assignment.status === 'in_progress' ? h('p', { class: 'returned' }, `${t('returnReason')}: ${assignment.returnReason}`) : null,
    assignment.summary
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, t('summary')),
          reportOf({ ...assignment, figures: {} }),
          labelledFigures(assignment.figures, assignment.figureFields, assignment.figureWarnings),
          fileGallery(assignment.id, submissionFiles(assignment).filter((file) => file.attached)),
        )
      : null,
    actions.length ? h('section', { class: 'actions' }, ...actions) : null,
    activities.items.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, t('activities')),
          table(
            [t('date'), t('activityKind'), t('figures')],
            activities.items.map((activity) => [formatDate(activity.occurredOn), t(`kind.${activity.kind}`), Object.entries(activity.figures).map(([name, value]) => `${figureLabel(name)}: ${formatNumber(value)}`).join(', ')]),
          ),
        )
      : null,
    assignment.extensions.length
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, t('extensionRequests')),
          table(
            [t('currentDeadline'), t('requestedDeadline'), t('reason'), t('status')],
            assignment.extensions.map((request) => [formatDate(request.currentDeadline), formatDate(request.requestedDeadline), request.reason, t(`extension.${request.status}`)]),
          ),
        )
      : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('history')),
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
