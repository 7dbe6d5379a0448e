/**
 * The plan editor: a draft's document header, targets and tasks, saved as the whole content
 * (PATCH /plan-drafts/:id); the preview says what issuing would create, with each problem in
 * Vietnamese next to the field it concerns; a draft whose preview is ready is issued from it.
 * A draft read from a document shows where each field came from and what was not placed.
 */
import { ApiProblem, get, patch, post, type Schemas } from '../api.js';
import { h, show } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { catalogues } from '../messages.js';
import { readingOf } from '../reading-notes.js';
import { goalText } from '../target-goal.js';
import { field, input, link, problemBox, select, table, textarea } from '../ui.js';
import { unitPicker, unitTree } from '../unit-picker.js';

type Draft = Schemas['PlanDraft'];
type Content = Draft['content'];
type Target = NonNullable<Content['targets']>[number];
type Task = NonNullable<Content['tasks']>[number];
type Preview = Schemas['PlanPreview'];
type Problem = Preview['problems'][number];

const measures = ['percent', 'count', 'change'] as const;
/** Only a change against a baseline can be a reduction. */
const directionsFor = (measure: Target['measure']) => (measure === 'change' ? (['atLeast', 'atMost', 'reduceBy'] as const) : (['atLeast', 'atMost'] as const));
const bases = ['households', 'familyOfficials', 'communes'] as const;
const taskKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;
const unitKinds = ['province', 'committee', 'department', 'agency', 'mass_organisation', 'district', 'commune'] as const;
const deadlineKinds = ['date', 'workingDays', 'calendarDays', 'quarter', 'half-year', 'year', 'periodic'] as const;
/** How often a periodic report (báo cáo định kỳ) falls due, each period with its data cut-off window. */
const reportFrequencies = ['month', 'quarter', 'six-months', 'nine-months', 'year'] as const;
type ReportFrequency = (typeof reportFrequencies)[number];
type DeadlineKind = (typeof deadlineKinds)[number];
/** The figures a target may be measured by: those the catalogue names. */
const figures = Object.keys(catalogues.vi)
  .filter((key) => key.startsWith('figure.'))
  .map((key) => key.slice('figure.'.length));

const labelled = (prefix: string, values: readonly string[]): [string, string][] => values.map((value) => [value, t(`${prefix}.${value}`)]);
const withBlank = (options: [string, string][]): [string, string][] => [['', t('chooseOne')], ...options];
const blankToUndefined = (value: string) => value.trim() || undefined;

/** The editor's words for a field the API names by path (`tasks.1.leadUnit`), never the path itself. */
const headerLabels: Record<string, string> = {
  code: 'symbol',
  title: 'planTitle',
  issuingBody: 'issuingBody',
  place: 'issuePlace',
  issuedOn: 'issuedOn',
  'signer.name': 'signerName',
  'signer.position': 'signerPosition',
  signer: 'signerName',
  'period.from': 'periodFrom',
  'period.to': 'periodTo',
  period: 'periodFrom',
};
const targetLabels: Record<string, string> = { code: 'code', title: 'targetText', measure: 'measure', direction: 'direction', value: 'targetValue', base: 'base', baseline: 'baseline', source: 'source' };
const taskLabels: Record<string, string> = {
  code: 'code',
  title: 'taskContent',
  kind: 'taskKind',
  leadUnit: 'leadUnit',
  coordinatingUnits: 'coordinatingUnits',
  fanOut: 'assignTo',
  deadline: 'deadlineDate',
  repeat: 'deadlineKind',
};

export function fieldName(path: string): string {
  const [section, index, name] = path.split('.');
  if ((section === 'targets' || section === 'tasks') && index !== undefined && /^\d+$/.test(index)) {
    const item = t(section === 'targets' ? 'targetN' : 'taskN', { n: Number(index) + 1 });
    const label = name && (section === 'targets' ? targetLabels : taskLabels)[name];
    return label ? `${item} › ${t(label)}` : item;
  }
  if (section === 'tasks') return t('taskN', { n: 1 });
  const header = headerLabels[path] ?? headerLabels[section ?? ''];
  return header ? t(header) : t('documentHeader');
}

/** The deadline a task has, as the editor offers it. */
function deadlineKindOf(task: Task): DeadlineKind {
  if (task.repeat && 'every' in task.repeat) return task.repeat.every;
  if (task.repeat && 'reportEvery' in task.repeat) return 'periodic';
  const deadline = task.deadline;
  if (deadline && typeof deadline === 'object' && 'workingDays' in deadline) return 'workingDays';
  if (deadline && typeof deadline === 'object' && 'calendarDays' in deadline) return 'calendarDays';
  return 'date';
}
function deadlineDateOf(task: Task): string {
  const deadline = task.deadline;
  if (typeof deadline === 'string') return deadline;
  if (deadline && 'date' in deadline) return deadline.date;
  if (deadline && 'at' in deadline) return deadline.at.slice(0, 10);
  return '';
}

export async function planEditorPage(draftId: string, open: (hash: string) => void): Promise<HTMLElement> {
  const [draft, units] = await Promise.all([get<Draft>(`/plan-drafts/${draftId}`), get<Schemas['UnitList']>('/units?limit=1000')]);
  const back = h('p', {}, link('#/plans', `← ${t('backToPlans')}`));
  if (draft.plan) {
    return h('div', { class: 'page plan-editor' }, back, h('h1', {}, draft.content.title ?? t('untitled')), h('p', { class: 'ok' }, t('issuedDraft', { code: draft.plan.code })), link(`#/dashboard?plan=${draft.plan.id}`, t('navDashboard')));
  }
  const tree = unitTree(units.items);
  const content: Content = { ...draft.content, targets: draft.content.targets ?? [], tasks: draft.content.tasks ?? [] };
  const targets = content.targets!;
  const tasks = content.tasks!;

  const status = h('div', { class: 'form-status', 'aria-live': 'polite', 'data-testid': 'editor-status' });
  const previewSection = h('section', { class: 'card preview', 'aria-labelledby': 'preview-title', hidden: true });
  let previewed = false;
  /** Any edit makes a shown preview out of date: issuing waits for a new one. */
  const changed = () => {
    if (!previewed) return;
    previewed = false;
    previewSection.querySelector('.issue-plan')?.remove();
    previewSection.prepend(h('p', { class: 'returned', role: 'status' }, t('previewStale')));
  };

  const textControl = (value: string | undefined, set: (value: string | undefined) => void, attributes: Record<string, string | number | boolean> = {}) => {
    const control = input('', { value: value ?? '', ...attributes });
    control.addEventListener('input', () => {
      set(blankToUndefined(control.value));
      changed();
    });
    return control;
  };
  const numberControl = (value: number | undefined, set: (value: number | undefined) => void, attributes: Record<string, string | number | boolean> = {}) => {
    const control = input('', { type: 'number', step: 'any', inputmode: 'decimal', value: value ?? '', ...attributes });
    control.addEventListener('input', () => {
      set(control.value === '' ? undefined : Number(control.value));
      changed();
    });
    return control;
  };
  const textAreaControl = (value: string | undefined, set: (value: string | undefined) => void) => {
    const control = textarea('', { rows: 2 });
    control.value = value ?? '';
    control.addEventListener('input', () => {
      set(blankToUndefined(control.value));
      changed();
    });
    return control;
  };
  const selectControl = (options: [string, string][], value: string | undefined, set: (value: string | undefined) => void) => {
    const control = select('', options, value ?? '');
    control.addEventListener('change', () => {
      set(blankToUndefined(control.value));
      changed();
    });
    return control;
  };
  const at = (path: string, element: HTMLElement) => {
    element.setAttribute('data-path', path);
    return element;
  };

  // The document header (thể thức), as Nghị định 30/2020/NĐ-CP writes it.
  let signerName = content.signer?.name;
  let signerPosition = content.signer?.position;
  // A signer is saved whole; half of one is refused by the API and marked at its field.
  const setSigner = () => (content.signer = signerName || signerPosition ? { name: signerName ?? '', position: signerPosition ?? '' } : undefined);
  const period = { ...content.period };
  const setPeriod = () => (content.period = period.from || period.to ? { ...period } : undefined);
  const header = h(
    'fieldset',
    { class: 'card editor-header' },
    h('legend', {}, t('documentHeader')),
    h(
      'div',
      { class: 'editor-grid' },
      at('code', field(t('symbol'), textControl(content.code, (value) => (content.code = value), { name: 'code', spellcheck: false, autocapitalize: 'characters' }), t('symbolHint'))),
      at('issuingBody', field(t('issuingBody'), textControl(content.issuingBody, (value) => (content.issuingBody = value), { name: 'issuingBody' }))),
      at('place', field(t('issuePlace'), textControl(content.place, (value) => (content.place = value), { name: 'place' }))),
      at('issuedOn', field(t('issuedOn'), textControl(content.issuedOn, (value) => (content.issuedOn = value), { name: 'issuedOn', type: 'date' }))),
      at('period.from', field(t('periodFrom'), textControl(period.from, (value) => ((period.from = value), setPeriod()), { name: 'periodFrom', type: 'date' }))),
      at('period.to', field(t('periodTo'), textControl(period.to, (value) => ((period.to = value), setPeriod()), { name: 'periodTo', type: 'date' }))),
      at('signer.name', field(t('signerName'), textControl(signerName, (value) => ((signerName = value), setSigner()), { name: 'signerName' }))),
      at('signer.position', field(t('signerPosition'), textControl(signerPosition, (value) => ((signerPosition = value), setSigner()), { name: 'signerPosition' }), t('signerHint'))),
    ),
    at('title', field(t('planTitle'), textAreaControl(content.title, (value) => (content.title = value)))),
  );

  // Targets (chỉ tiêu): how each is measured, in the catalogue's words.
  const targetList = h('ol', { class: 'editor-items' });
  const targetCard = (target: Target, index: number): HTMLElement => {
    const path = (name: string) => `targets.${index}.${name}`;
    // The direction shown is the one saved: a target without one gets the direction it is read
    // with (targetGoal in domain/target-attainment.ts), a negative change becoming a reduction.
    if (!target.direction && target.measure === 'change' && target.value !== undefined && target.value < 0) Object.assign(target, { direction: 'reduceBy', value: -target.value });
    target.direction ??= 'atLeast';
    const direction = h('div', { class: 'target-direction' });
    const drawDirection = () => {
      if (!(directionsFor(target.measure) as readonly string[]).includes(target.direction!)) target.direction = 'atLeast';
      direction.replaceChildren(
        at(path('direction'), field(t('direction'), selectControl(labelled('direction', directionsFor(target.measure)), target.direction, (value) => (target.direction = (value ?? 'atLeast') as Target['direction'])))),
      );
    };
    drawDirection();
    const details = h('div', { class: 'editor-grid' });
    const drawDetails = () => {
      const source = target.source;
      details.replaceChildren(
        ...[
          target.measure === 'percent' ? at(path('base'), field(t('base'), selectControl(withBlank(labelled('base', bases)), target.base, (value) => (target.base = value as Target['base'])))) : null,
          target.measure === 'change' ? at(path('baseline'), field(t('baseline'), numberControl(target.baseline, (value) => (target.baseline = value), { min: 0 }))) : null,
          at(
            path('source'),
            field(
              t('source'),
              selectControl([['', t('notMeasuredSource')], ...labelled('figure', figures)], source?.figure, (figure) => {
                target.source = figure ? { figure, from: target.source?.from ?? 'activities', count: target.source?.count ?? 'sum' } : undefined;
                drawDetails();
              }),
            ),
          ),
          source
            ? field(
                t('sourceFrom'),
                selectControl(labelled('sourceFrom', ['activities', 'submissions']), source.from, (from) => (source.from = from === 'submissions' ? 'submissions' : 'activities')),
              )
            : null,
        ].filter((element): element is HTMLElement => element !== null),
      );
    };
    drawDetails();
    const remove = h('button', { type: 'button', class: 'secondary' }, t('removeTarget', { n: index + 1 }));
    remove.addEventListener('click', () => {
      targets.splice(index, 1);
      changed();
      drawTargets();
    });
    return h(
      'li',
      { class: 'card editor-item', 'data-target': index, 'data-path': `targets.${index}` },
      h('h3', {}, t('targetN', { n: index + 1 })),
      h(
        'div',
        { class: 'editor-grid' },
        at(path('code'), field(t('code'), textControl(target.code, (value) => (target.code = value), { name: 'targetCode' }))),
        at(path('measure'), field(t('measure'), selectControl(withBlank(labelled('measure', measures)), target.measure, (value) => ((target.measure = value as Target['measure']), drawDirection(), drawDetails())))),
        direction,
        at(path('value'), field(t('targetValue'), numberControl(target.value, (value) => (target.value = value), { name: 'targetValue' }))),
      ),
      at(path('title'), field(t('targetText'), textAreaControl(target.title, (value) => (target.title = value)))),
      details,
      remove,
    );
  };
  const drawTargets = () => targetList.replaceChildren(...targets.map(targetCard));
  const addTarget = h('button', { type: 'button', class: 'secondary' }, t('addTarget'));
  addTarget.addEventListener('click', () => {
    targets.push({});
    changed();
    drawTargets();
    targetList.lastElementChild?.querySelector('input')?.focus();
  });

  // Tasks (nhiệm vụ): who does them and by when.
  const taskList = h('ol', { class: 'editor-items' });
  const taskCard = (task: Task, index: number): HTMLElement => {
    const path = (name: string) => `tasks.${index}.${name}`;
    const assignees = h('div', { class: 'assignees' });
    const drawAssignees = (fanOut: boolean) => {
      assignees.replaceChildren(
        ...(fanOut
          ? [
              at(path('fanOut.kind'), field(t('fanOutKind'), selectControl(labelled('unitKind', unitKinds), task.fanOut?.kind ?? 'commune', (kind) => (task.fanOut = { ...task.fanOut, kind: (kind ?? 'commune') as NonNullable<Task['fanOut']>['kind'] })))),
              unitPicker({
                label: t('fanOutUnder'),
                tree,
                chosen: task.fanOut?.under ? [task.fanOut.under] : [],
                multiple: false,
                path: path('fanOut.under'),
                onChange: ([under]) => {
                  task.fanOut = { kind: task.fanOut?.kind ?? 'commune', ...(under && { under }) };
                  changed();
                },
              }),
            ]
          : [
              unitPicker({ label: t('leadUnit'), tree, chosen: task.leadUnit ? [task.leadUnit] : [], multiple: false, path: path('leadUnit'), onChange: ([lead]) => ((task.leadUnit = lead), changed()) }),
              unitPicker({
                label: t('coordinatingUnits'),
                tree,
                chosen: task.coordinatingUnits,
                multiple: true,
                path: path('coordinatingUnits'),
                onChange: (codes) => ((task.coordinatingUnits = codes), changed()),
                // The lead unit takes no second part in its task.
                leftOut: () => (task.leadUnit ? [task.leadUnit] : []),
              }),
            ]),
      );
    };
    drawAssignees(Boolean(task.fanOut));
    const assignMode = selectControl(labelled('assignTo', ['lead', 'fanOut']), task.fanOut ? 'fanOut' : 'lead', (mode) => {
      // One or the other: a fan-out has no lead unit and no partners.
      if (mode === 'fanOut') {
        task.leadUnit = undefined;
        task.coordinatingUnits = [];
        task.fanOut = { kind: 'commune' };
      } else task.fanOut = undefined;
      drawAssignees(mode === 'fanOut');
    });

    /**
     * A periodic report's rhythm: how often, and how many working days after each period's data
     * cut-off (the 14th, by Nghị định 09/2019) it is due. Only a task of kind report repeats so;
     * the preview says so beside the kind otherwise.
     */
    const periodicControls = (): HTMLElement => {
      const current = () => (task.repeat && 'reportEvery' in task.repeat ? task.repeat : { reportEvery: 'month' as ReportFrequency, cutOffDay: 14, submitWithinWorkingDays: 5 });
      return at(
        path('repeat'),
        h(
          'div',
          { class: 'editor-grid' },
          field(
            t('reportEvery'),
            selectControl(labelled('reportEvery', reportFrequencies), current().reportEvery, (value) => (task.repeat = { ...current(), reportEvery: (value ?? 'month') as ReportFrequency })),
          ),
          field(
            t('submitWithinWorkingDays'),
            numberControl(current().submitWithinWorkingDays, (days) => (task.repeat = { ...current(), submitWithinWorkingDays: days ?? 5 }), { min: 0, max: 60, step: 1, inputmode: 'numeric' }),
          ),
        ),
      );
    };

    const deadlineValue = h('div', { class: 'deadline-value' });
    const drawDeadline = (kind: DeadlineKind) => {
      const control =
        kind === 'date'
          ? at(path('deadline'), field(t('deadlineDate'), textControl(deadlineDateOf(task), (date) => (task.deadline = date), { type: 'date', name: 'deadlineDate' })))
          : kind === 'workingDays' || kind === 'calendarDays'
            ? at(
                path('deadline'),
                field(
                  t('deadlineDays'),
                  numberControl(task.deadline && typeof task.deadline === 'object' && kind in task.deadline ? (task.deadline as Record<string, number>)[kind] : undefined, (days) => (task.deadline = days === undefined ? undefined : kind === 'workingDays' ? { workingDays: days } : { calendarDays: days }), {
                    min: 0,
                    step: 1,
                    inputmode: 'numeric',
                    name: 'deadlineDays',
                  }),
                ),
              )
            : kind === 'periodic'
              ? periodicControls()
              : kind === 'year'
              ? at(
                  path('repeat'),
                  field(
                    t('yearlyOn'),
                    textControl(task.repeat && 'on' in task.repeat ? task.repeat.on.split('-').reverse().join('/') : undefined, (day) => (task.repeat = { every: 'year', on: (day ?? '').split('/').reverse().map((part) => part.padStart(2, '0')).join('-') }), { placeholder: '28/06', inputmode: 'numeric' }),
                  ),
                )
              : at(
                  path('repeat'),
                  field(t('daysBeforeEnd'), numberControl(task.repeat && 'daysBeforeEnd' in task.repeat ? task.repeat.daysBeforeEnd : 0, (days) => (task.repeat = { every: kind, daysBeforeEnd: days ?? 0 }), { min: 0, max: 60, step: 1, inputmode: 'numeric' })),
                );
      deadlineValue.replaceChildren(control);
    };
    drawDeadline(deadlineKindOf(task));
    const deadlineKind = selectControl(labelled('deadlineKind', deadlineKinds), deadlineKindOf(task), (value) => {
      const kind = (value ?? 'date') as DeadlineKind;
      // A task has a deadline or repeats, never both.
      task.deadline = undefined;
      task.repeat =
        kind === 'quarter' || kind === 'half-year'
          ? { every: kind, daysBeforeEnd: 0 }
          : kind === 'periodic'
            ? { reportEvery: 'month', cutOffDay: 14, submitWithinWorkingDays: 5 }
            : undefined;
      drawDeadline(kind);
    });

    const remove = h('button', { type: 'button', class: 'secondary' }, t('removeTask', { n: index + 1 }));
    remove.addEventListener('click', () => {
      tasks.splice(index, 1);
      changed();
      drawTasks();
    });
    return h(
      'li',
      { class: 'card editor-item', 'data-task': index, 'data-path': `tasks.${index}` },
      h('h3', {}, t('taskN', { n: index + 1 })),
      h(
        'div',
        { class: 'editor-grid' },
        at(path('code'), field(t('code'), textControl(task.code, (value) => (task.code = value), { name: 'taskCode' }))),
        at(path('kind'), field(t('taskKind'), selectControl(withBlank(labelled('kind', taskKinds)), task.kind, (value) => (task.kind = value as Task['kind'])))),
        at(path('fanOut'), field(t('assignTo'), assignMode)),
      ),
      at(path('title'), field(t('taskContent'), textAreaControl(task.title, (value) => (task.title = value)))),
      assignees,
      h('div', { class: 'editor-grid' }, at(path('deadlineKind'), field(t('deadlineKind'), deadlineKind)), deadlineValue),
      remove,
    );
  };
  const drawTasks = () => taskList.replaceChildren(...tasks.map(taskCard));
  const addTask = h('button', { type: 'button', class: 'secondary' }, t('addTask'));
  addTask.addEventListener('click', () => {
    tasks.push({ coordinatingUnits: [] });
    changed();
    drawTasks();
    taskList.lastElementChild?.querySelector('input')?.focus();
  });
  drawTargets();
  drawTasks();

  const form = h(
    'form',
    { class: 'editor', novalidate: true },
    header,
    h('section', { 'aria-labelledby': 'targets-title' }, h('h2', { id: 'targets-title' }, t('targets')), targetList, addTarget),
    h('section', { 'aria-labelledby': 'tasks-title' }, h('h2', { id: 'tasks-title' }, t('tasksTitle')), taskList, addTask),
  );

  /** The field a path names, or the nearest one that holds it (`tasks.2.deadline.workingDays` → `tasks.2.deadline`). */
  const holderOf = (fullPath: string): Element | null => {
    let path = fullPath;
    let holder: Element | null = null;
    while (path && !(holder = form.querySelector(`[data-path="${CSS.escape(path)}"]`))) path = path.split('.').slice(0, -1).join('.');
    return holder;
  };
  /** Each problem next to its field, and the field marked invalid. */
  const markProblems = (problems: Problem[]) => {
    form.querySelectorAll('.field-problem').forEach((note) => note.remove());
    form.querySelectorAll('[aria-invalid]').forEach((control) => control.removeAttribute('aria-invalid'));
    for (const problem of problems) {
      const holder = holderOf(problem.path);
      if (!holder) continue;
      holder.append(h('p', { class: 'field-problem' }, problem.message));
      holder.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    }
  };
  // A field being corrected no longer shows the problem the last preview found in it.
  const clearProblemOf = (event: Event) => {
    const holder = (event.target as Element).closest('[data-path]');
    holder?.querySelector(':scope > .field-problem')?.remove();
    holder?.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
  };
  form.addEventListener('input', clearProblemOf);
  form.addEventListener('change', clearProblemOf);

  const save = async (): Promise<boolean> => {
    status.replaceChildren();
    try {
      const saved = await patch<Draft>(`/plan-drafts/${draftId}`, { content });
      markProblems([]);
      status.append(h('p', { class: 'ok' }, t('draftSaved', { time: formatDateTime(saved.updatedAt) })));
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status === 400 && error.problem.errors?.length) {
        // The API's reasons are in English: the editor names the fields in its own words.
        markProblems(error.problem.errors.map((issue) => ({ path: issue.path.replace(/^content\./, ''), message: issue.vi ?? t('fieldInvalid') })));
        status.append(h('div', { class: 'problem', role: 'alert' }, h('p', {}, t('draftRefused'))));
      } else status.append(problemBox(error));
      return false;
    }
  };

  const showPreview = (preview: Preview) => {
    markProblems(preview.problems);
    const rows = preview.tasks.map((task) => {
      const shown = task.units.slice(0, 6).map((unit) => `${unit.name} (${t(unit.role === 'lead' ? 'leadRole' : 'coordinateRole')})`);
      const more = task.units.length - shown.length;
      return [
        `${task.code} — ${task.title}`,
        t(`kind.${task.kind}`),
        h('span', { 'data-testid': 'task-assignments' }, t('taskAssignments', { count: task.assignments })),
        [...shown, more > 0 ? t('andMore', { count: more }) : ''].filter(Boolean).join('; '),
        h('span', { 'data-testid': 'task-deadlines' }, task.deadlines.map((deadline) => (task.deadlines.length > 1 ? `${deadline.code}: ${formatDate(deadline.date)}` : formatDate(deadline.date))).join(', ')),
      ];
    });
    const issue = h('button', { type: 'button', class: 'issue-plan' }, t('issuePlan'));
    issue.addEventListener('click', async () => {
      issue.disabled = true;
      try {
        const plan = await post<Schemas['CreatedPlan']>(`/plan-drafts/${draftId}/issue`, {});
        status.replaceChildren(h('p', { class: 'ok' }, t('issued', { code: plan.code })));
        open(`#/dashboard?plan=${plan.id}`);
      } catch (error) {
        status.replaceChildren(problemBox(error));
        issue.disabled = false;
      }
    });
    show(
      previewSection,
      h('h2', { id: 'preview-title' }, t('previewTitle')),
      preview.ready
        ? h('p', { 'data-testid': 'preview-total' }, t('previewReady', { count: preview.assignments }))
        : h('div', { class: 'problem', role: 'alert' }, h('p', {}, t('previewProblems', { count: preview.problems.length })), h('ul', {}, ...preview.problems.map((problem) => h('li', {}, `${fieldName(problem.path)}: ${problem.message}`)))),
      preview.targets.length
        ? table(
            [t('code'), t('targetText'), t('direction')],
            preview.targets.map((target) => [target.code, target.title, h('span', { 'data-testid': 'target-goal' }, target.measured ? goalText(target) : `${goalText(target)} (${t('notMeasured')})`)]),
          )
        : null,
      preview.tasks.length ? table([t('task'), t('taskKind'), t('assignmentCount'), t('unit'), t('deadlines')], rows) : null,
      preview.ladders.length
        ? h(
            'div',
            { class: 'ladders', 'data-testid': 'preview-ladders' },
            h('h3', {}, t('ladderTitle')),
            ...preview.ladders.map((ladder) =>
              h(
                'div',
                { class: 'ladder' },
                h('p', {}, h('strong', {}, ladder.kinds.map((kind) => t(`kind.${kind}`)).join(', ')), ` — ${t(`ladderFrom.${ladder.from}`)}`),
                h('ul', {}, ...[...ladder.reminders, ...ladder.levels].map((step) => h('li', {}, step.text))),
              ),
            ),
          )
        : null,
      preview.ready ? issue : null,
    );
    previewSection.hidden = false;
    previewed = preview.ready;
  };

  const saveButton = h('button', { type: 'submit' }, t('saveDraft'));
  const previewButton = h('button', { type: 'button', class: 'secondary' }, t('previewDraft'));
  const busy = async (work: () => Promise<void>) => {
    saveButton.disabled = previewButton.disabled = true;
    try {
      await work();
    } finally {
      saveButton.disabled = previewButton.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(async () => void (await save()));
  });
  previewButton.addEventListener('click', () =>
    busy(async () => {
      if (!(await save())) return;
      try {
        showPreview(await get<Preview>(`/plan-drafts/${draftId}/preview`));
        previewSection.focus();
      } catch (error) {
        status.replaceChildren(problemBox(error));
      }
    }),
  );
  previewSection.tabIndex = -1;
  form.append(h('div', { class: 'editor-actions' }, saveButton, previewButton, status));

  // A draft read from a document: each field's source beside it, and what was not placed above the form.
  const reading = readingOf(draftId);
  for (const source of reading?.provenance ?? []) {
    const holder = form.querySelector(`[data-path="${CSS.escape(source.path)}"]`);
    holder?.querySelector(':scope > h3, :scope > label')?.after(h('small', { class: 'provenance' }, t('sourceNote', { text: source.text })));
  }
  const unplaced = reading?.unplaced.length
    ? h(
        'section',
        { class: 'card unplaced', 'aria-labelledby': 'unplaced-title' },
        h('h2', { id: 'unplaced-title' }, t('unplacedTitle', { count: reading.unplaced.length })),
        h('ul', {}, ...reading.unplaced.map((item) => h('li', {}, item.path ? h('strong', {}, `${fieldName(item.path)}: `) : null, `${item.text} — ${item.reason}`, h('br'), h('small', { class: 'muted' }, item.source)))),
      )
    : null;

  return h('div', { class: 'page plan-editor' }, back, h('h1', {}, t('editorTitle')), h('p', { class: 'muted' }, `${draft.ownerUnit.name} · ${t('lastChange')} ${formatDateTime(draft.updatedAt)}`), unplaced, form, previewSection);
}
