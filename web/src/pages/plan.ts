/**
 * One issued plan: its tasks and their work, its amendments, and what its department does to
 * it after issue — amend it by a later document (the amendment dialog), close it at the end of
 * its period, cancel it, or copy it into the next period's draft. The API decides who may.
 */
import { get, post, type Account, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatDateTime, formatNumber, t } from '../i18n.js';
import { unitPicker, unitTree, type UnitTree } from '../unit-picker.js';
import { actionForm, badge, field, input, link, problemBox, select, table, textarea } from '../ui.js';

type Plan = Schemas['PlanDetail'];
type Task = Plan['tasks'][number];

const amendmentKinds = ['moveDeadline', 'addTask', 'cancelTask', 'addCoordinatingUnit', 'removeCoordinatingUnit', 'changeTarget'] as const;
type AmendmentKind = (typeof amendmentKinds)[number];
const taskKinds = ['training', 'campaign', 'commemoration', 'inspection', 'report', 'generic'] as const;

const planTone = (status: Plan['status']) => (status === 'active' ? 'in-progress' : status === 'completed' ? 'done-on-time' : 'cancelled');
const openWork = (plan: Plan) =>
  plan.tasks.flatMap((task) => task.assignments.filter((line) => line.status !== 'done' && line.status !== 'cancelled').map((line) => ({ ...line, task })));

/** The work still open, each with its unit, task, state and deadline, folded under its count. */
function openWorkList(open: ReturnType<typeof openWork>): HTMLElement {
  return h(
    'details',
    { class: 'open-work' },
    h('summary', {}, t('openWorkLeft', { count: formatNumber(open.length) })),
    h(
      'ul',
      {},
      ...open.map((line) =>
        h('li', {}, link(`#/assignments/${line.id}`, `${line.task.code} — ${line.unit.name}`), ' ', badge(line.tone), ' ', formatDate(line.deadline)),
      ),
    ),
  );
}

/** Counts of a task's work by status, in words. */
function workOf(task: Task): string {
  const counts = new Map<string, number>();
  for (const line of task.assignments) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${t(`status.${status}`)}: ${formatNumber(count)}`).join(' · ');
}

/** The fields of one kind of amendment; the unit pickers keep their choice in `chosen`. */
function amendmentFields(kind: AmendmentKind, plan: Plan, tree: UnitTree, chosen: { unit: string[]; lead: string[] }): HTMLElement[] {
  const taskOptions = plan.tasks.map((task): [string, string] => [task.code, `${task.code} — ${task.title}`]);
  const taskField = () => field(t('amendTask'), select('task', taskOptions));
  const pick = (label: string, key: 'unit' | 'lead') =>
    unitPicker({ label, tree, chosen: chosen[key], multiple: false, path: key, onChange: (codes) => (chosen[key] = codes) });
  switch (kind) {
    case 'moveDeadline':
      return [taskField(), field(t('newDeadline'), input('deadline', { type: 'date', required: true }))];
    case 'cancelTask':
      return [taskField()];
    case 'addCoordinatingUnit':
    case 'removeCoordinatingUnit':
      return [taskField(), pick(t('coordinatingUnit'), 'unit')];
    case 'changeTarget':
      return [
        field(t('amendTarget'), select('target', plan.targets.map((target): [string, string] => [target.code, `${target.code} — ${target.title} (${formatNumber(target.value)})`]))),
        field(t('newValue'), input('value', { type: 'number', step: 'any', required: true })),
      ];
    case 'addTask':
      return [
        field(t('taskCode'), input('code', { required: true, maxlength: 24 })),
        field(t('taskContent'), textarea('title', { required: true, rows: 2 })),
        field(t('taskKind'), select('kind', taskKinds.map((value): [string, string] => [value, t(`kind.${value}`)]))),
        field(t('everyUnitOfKind'), select('fanOut', [['', t('oneLeadUnit')], ['commune', t('unitKind.commune')], ['district', t('unitKind.district')], ['department', t('unitKind.department')]])),
        pick(t('leadUnit'), 'lead'),
        field(t('deadlineDate'), input('deadline', { type: 'date', required: true })),
      ];
  }
}

/** The amendment's body from the dialog's form. */
function amendmentBody(kind: AmendmentKind, data: FormData, chosen: { unit: string[]; lead: string[] }): Record<string, unknown> {
  const value = (name: string) => String(data.get(name) ?? '').trim();
  const basis = { kind, reason: value('reason'), document: value('document') };
  switch (kind) {
    case 'moveDeadline':
      return { ...basis, task: value('task'), deadline: value('deadline') };
    case 'cancelTask':
      return { ...basis, task: value('task') };
    case 'addCoordinatingUnit':
    case 'removeCoordinatingUnit':
      return { ...basis, task: value('task'), unit: chosen.unit[0] ?? '' };
    case 'changeTarget':
      return { ...basis, target: value('target'), value: Number(value('value')) };
    case 'addTask': {
      const fanOut = value('fanOut');
      return {
        ...basis,
        task: { code: value('code'), title: value('title'), kind: value('kind'), deadline: value('deadline'), ...(fanOut ? { fanOut: { kind: fanOut } } : { leadUnit: chosen.lead[0] ?? '' }) },
      };
    }
  }
}

/** The amendment dialog: the kind chosen first, its fields, then the reason and the document it follows. */
function amendmentDialog(plan: Plan, tree: UnitTree, done: () => void): { dialog: HTMLDialogElement; open: () => void } {
  const dialog = h('dialog', { class: 'amendment-dialog', 'aria-labelledby': 'amendment-title' });
  const chosen = { unit: [] as string[], lead: [] as string[] };
  const kindSelect = select('amendmentKind', amendmentKinds.map((kind): [string, string] => [kind, t(`amendment.${kind}`)]));
  const kindFields = h('div', { class: 'kind-fields' });
  const showKind = () => {
    chosen.unit = [];
    chosen.lead = [];
    kindFields.replaceChildren(...amendmentFields(kindSelect.value as AmendmentKind, plan, tree, chosen));
  };
  kindSelect.addEventListener('change', showKind);
  showKind();
  const form = actionForm(
    t('amendPlan'),
    [
      field(t('amendmentKind'), kindSelect),
      kindFields,
      field(t('amendmentDocument'), input('document', { required: true, maxlength: 300, placeholder: t('amendmentDocumentHint') })),
      field(t('amendmentReason'), textarea('reason', { required: true, maxlength: 2000 })),
    ],
    t('applyAmendment'),
    (data) => post(`/plans/${plan.id}/amendments`, amendmentBody(kindSelect.value as AmendmentKind, data, chosen)),
    () => {
      dialog.close();
      done();
    },
    'amendment',
  );
  form.querySelector('h3')!.id = 'amendment-title';
  const close = h('button', { type: 'button', class: 'secondary' }, t('close'));
  close.addEventListener('click', () => dialog.close());
  form.querySelector('button[type="submit"]')!.after(close);
  dialog.append(form);
  // Each opening starts afresh: no choice or refusal left from the last one.
  const open = () => {
    (form as HTMLFormElement).reset();
    form.querySelector('.form-status')?.replaceChildren();
    showKind();
    dialog.showModal();
  };
  return { dialog, open };
}

function closingForm(plan: Plan, done: () => void): HTMLElement {
  const open = openWork(plan);
  const fields = [
    open.length ? openWorkList(open) : h('p', {}, t('noOpenWork')),
    ...(open.length ? [field(t('openWorkDisposition'), select('openWork', [['cancel', t('openWork.cancel')], ['carryOver', t('openWork.carryOver')]]))] : []),
    field(t('closingReason'), textarea('reason', { required: true, maxlength: 2000 })),
  ];
  return actionForm(
    t('closePlan'),
    fields,
    t('closePlan'),
    async (data) => {
      const closed = await post<Schemas['PlanAmendment']>(`/plans/${plan.id}/close`, { reason: String(data.get('reason') ?? '').trim(), ...(open.length && { openWork: String(data.get('openWork')) }) });
      if (closed.carriedInto) location.hash = `#/plans/drafts/${closed.carriedInto.draftId}`;
    },
    done,
    'close-plan',
  );
}

function cancellingForm(plan: Plan, done: () => void): HTMLElement {
  return actionForm(
    t('cancelPlan'),
    [field(t('amendmentDocument'), input('document', { maxlength: 300 })), field(t('cancellingReason'), textarea('reason', { required: true, maxlength: 2000 }))],
    t('cancelPlan'),
    (data) => {
      const document = String(data.get('document') ?? '').trim();
      return post(`/plans/${plan.id}/cancel`, { reason: String(data.get('reason') ?? '').trim(), ...(document && { document }) });
    },
    done,
    'cancel-plan',
  );
}

export async function planPage(planId: string, account: Account, refresh: () => void): Promise<HTMLElement> {
  const [plan, amendments, units] = await Promise.all([
    get<Plan>(`/plans/${planId}`),
    get<Schemas['PlanAmendmentList']>(`/plans/${planId}/amendments`),
    get<Schemas['UnitList']>('/units?limit=1000'),
  ]);
  const mayAmend = account.role === 'admin' || account.role === 'department_head';
  const tree = unitTree(units.items);

  const tasks = table(
    [t('task'), t('deadline'), t('work')],
    plan.tasks.map((task) => [`${task.code} — ${task.title}`, formatDate(task.deadline), workOf(task)]),
    t('planTasks'),
  );
  const history = amendments.items.length
    ? table(
        [t('when'), t('amendmentWhat'), t('amendmentDocument'), t('amendmentReason'), t('by')],
        amendments.items.map((item) => [formatDateTime(item.createdAt), item.summary, item.document ?? '—', item.reason, item.createdBy]),
        t('amendmentsTitle'),
      )
    : h('p', {}, t('noAmendments'));

  const actions: HTMLElement[] = [];
  if (mayAmend && plan.status === 'active') {
    const { dialog, open } = amendmentDialog(plan, tree, refresh);
    const amend = h('button', { type: 'button', 'data-action': 'amend' }, t('amendPlan'));
    amend.addEventListener('click', open);
    actions.push(h('div', { class: 'action-form' }, h('h3', {}, t('amendPlan')), h('p', {}, t('amendPlanHint')), amend, dialog), closingForm(plan, refresh), cancellingForm(plan, refresh));
  }
  if (mayAmend) {
    const status = h('div', { 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', 'data-action': 'copy' }, t('copyPlan'));
    copy.addEventListener('click', async () => {
      copy.disabled = true;
      try {
        const draft = await post<Schemas['PlanDraft']>(`/plans/${plan.id}/copy`, {});
        location.hash = `#/plans/drafts/${draft.id}`;
      } catch (error) {
        status.replaceChildren(problemBox(error));
        copy.disabled = false;
      }
    });
    actions.push(h('div', { class: 'action-form' }, h('h3', {}, t('copyPlan')), h('p', {}, t('copyPlanHint')), copy, status));
  }

  return h(
    'div',
    { class: 'page plan-page', 'data-plan': plan.id },
    h('h1', {}, `${plan.code} — ${plan.title}`),
    h('p', { class: 'plan-status' }, badge(planTone(plan.status), t(`planStatus.${plan.status}`)), ' ', `${formatDate(plan.period.from)} – ${formatDate(plan.period.to)}`),
    h('p', { class: 'plan-links' }, link(`#/plans/${plan.id}/reports`, `${t('planReports')} →`)),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
    h('section', { class: 'card' }, tasks),
    h('section', { class: 'card amendments' }, h('h2', {}, t('amendmentsTitle')), history),
  );
}
