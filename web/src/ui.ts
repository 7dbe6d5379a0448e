/** Pieces every page uses: status badges, deadlines in words, problem messages, form fields. */
import { ApiProblem, type Schemas } from './api.js';
import { h } from './dom.js';
import { daysUntil } from './format.js';
import { figureLabel, formatDate, formatNumber, language, t } from './i18n.js';
import { hasMessage } from './messages.js';

export type AssignmentView = Schemas['AssignmentView'];

export const badge = (tone: string, text = t(`tone.${tone}`)) => h('span', { class: `badge fill-${tone}` }, text);

/** "3 days left", "Due today" or "5 days overdue" for open work; the date for closed work. */
export function deadlineText(assignment: Pick<AssignmentView, 'deadline' | 'status'>): string {
  const date = formatDate(assignment.deadline);
  if (assignment.status === 'done' || assignment.status === 'cancelled' || assignment.status === 'submitted') return date;
  const days = daysUntil(assignment.deadline);
  const words = days > 0 ? t('daysLeft', { days }) : days === 0 ? t('dueToday') : t('daysOverdue', { days: -days });
  return `${date} · ${words}`;
}

export const link = (href: string, ...children: (Node | string)[]) => h('a', { href }, ...children);
export const assignmentLink = (assignment: Pick<AssignmentView, 'id' | 'task'>) => link(`#/assignments/${assignment.id}`, `${assignment.task.code} — ${assignment.task.title}`);

/** The kind of a problem, from its type (`/problems/not-found` → `not-found`; every document fault is one kind). */
const problemKind = (type: string) => {
  const kind = type.replace(/^\/problems\//, '');
  return kind.startsWith('document-') ? 'document' : kind;
};

/**
 * What a field is called: the label of the form's control that holds it (`figures.x` is in the
 * control named `figures`), else the catalogue's name for it, else nothing — never the raw key.
 */
function fieldLabel(path: string, form?: HTMLElement): string | undefined {
  const segments = path.split('.');
  const names = [...segments.map((_, end) => segments.slice(0, segments.length - end).join('.')), segments.at(-1)!];
  for (const name of names) {
    const label = form?.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`)?.labels?.[0]?.textContent?.trim();
    if (label) return label;
  }
  const name = segments.at(-1)!;
  return hasMessage(language(), `field.${name}`) ? t(`field.${name}`) : undefined;
}

/**
 * A problem from the API in Vietnamese, announced to screen readers: what the engine said to
 * officials (`detailVi`), or the kind of problem in words, and each refused field by its label
 * with its reason. The API's English is for integrators and never shown.
 */
export function problemBox(error: unknown, form?: HTMLElement): HTMLElement {
  if (!(error instanceof ApiProblem)) {
    return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, t('errorTitle')), h('p', {}, t(error instanceof TypeError ? 'problemDetail.network' : 'problemDetail.internal')));
  }
  const { problem } = error;
  const kind = problemKind(problem.type);
  const known = hasMessage(language(), `problem.${kind}`);
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-problem': kind },
    h('strong', {}, known ? t(`problem.${kind}`) : t('errorTitle')),
    h('p', {}, problem.detailVi ?? t(known ? `problemDetail.${kind}` : 'problemDetail.internal')),
    problem.errors?.length
      ? h(
          'ul',
          {},
          ...problem.errors.map((issue) => {
            const label = fieldLabel(issue.path, form);
            const reason = issue.vi ?? t('invalidValue');
            return h('li', { 'data-path': issue.path }, label ? `${label}: ${reason}` : reason);
          }),
        )
      : null,
  );
}

let fieldCount = 0;
/** A labelled control: the label is tied to the control for screen readers and clicks. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  fieldCount += 1;
  control.id ||= `field-${fieldCount}`;
  if (hint) control.setAttribute('aria-describedby', `${control.id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint ? h('small', { id: `${control.id}-hint` }, hint) : null);
}

export const input = (name: string, attributes: Record<string, string | number | boolean> = {}) => h('input', { name, ...attributes });
export const textarea = (name: string, attributes: Record<string, string | number | boolean> = {}) => h('textarea', { name, rows: 3, ...attributes });
export function select(name: string, options: [string, string][], selected?: string): HTMLSelectElement {
  return h('select', { name }, ...options.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/**
 * A form that sends what `collect` builds, shows the API's refusal next to it, and calls
 * `done` after success. The button is disabled while the request is in flight.
 */
export function actionForm(title: string, fields: HTMLElement[], buttonLabel: string, send: (data: FormData) => Promise<unknown>, done: () => void, name?: string): HTMLElement {
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, buttonLabel);
  const form = h('form', { class: 'action-form', ...(name && { 'data-form': name }) }, h('h3', {}, title), ...fields, button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.replaceChildren();
    try {
      await send(new FormData(form));
      status.append(h('p', { class: 'ok' }, t('saved')));
      done();
    } catch (error) {
      status.append(problemBox(error, form));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Lines of text as a list, blank lines dropped. */
export const lines = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export function table(headers: string[], rows: (Node | string)[][], caption?: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell))))),
    ),
  );
}

/** What a unit reported: its text, its figures and links to its evidence. */
export function reportOf(item: Pick<AssignmentView, 'summary' | 'figures' | 'evidence'>): HTMLElement {
  return h(
    'div',
    { class: 'report' },
    item.summary ? h('p', {}, item.summary) : null,
    Object.keys(item.figures).length
      ? h('dl', { class: 'figures' }, ...Object.entries(item.figures).flatMap(([name, value]) => [h('dt', {}, figureLabel(name)), h('dd', {}, formatNumber(value))]))
      : null,
    item.evidence.length ? h('ul', { class: 'evidence', 'aria-label': t('evidenceShort') }, ...item.evidence.map((url) => h('li', {}, h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url)))) : null,
  );
}

/** A decision's optional note: left out when blank. */
export function optionalNote(data: FormData): { note?: string } {
  const note = String(data.get('note') ?? '').trim();
  return note ? { note } : {};
}
