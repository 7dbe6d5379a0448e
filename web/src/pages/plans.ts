/**
 * The department's plans in the making: its drafts, the latest edited first, each opening the
 * editor; a new draft starts empty or from a plan's document read by the API. Below them the
 * plans issued, each opening its page (amendments, closing, copying). Only department heads and admins come here (the API
 * answers each only its own department's drafts).
 */
import { get, post, type Account, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { keepReading } from '../reading-notes.js';
import { actionForm, badge, field, input, link, select, table, textarea } from '../ui.js';

export async function plansPage(account: Account, open: (hash: string) => void): Promise<HTMLElement> {
  const [drafts, plans, units] = await Promise.all([
    get<Schemas['PlanDraftList']>('/plan-drafts?limit=100'),
    get<Schemas['PlanList']>('/plans?limit=100'),
    // An admin has no department of their own: they name the one that will own the draft.
    account.unit ? Promise.resolve(null) : get<Schemas['UnitList']>('/units?limit=1000'),
  ]);
  const departments = (units?.items ?? []).filter((unit) => !unit.mergedIntoId && unit.kind === 'department');
  const create = actionForm(
    t('newDraft'),
    departments.length ? [field(t('draftOwner'), select('ownerUnit', departments.map((unit): [string, string] => [unit.code, unit.name])))] : [],
    t('newDraft'),
    async (data) => {
      const ownerUnit = data.get('ownerUnit');
      const draft = await post<Schemas['PlanDraft']>('/plan-drafts', { ...(ownerUnit && { ownerUnit: String(ownerUnit) }), content: {} });
      open(`#/plans/drafts/${draft.id}`);
    },
    () => undefined,
    'new-draft',
  );
  const fromDocument = actionForm(
    t('draftFromDocument'),
    [
      field(t('documentFile'), input('document', { type: 'file', accept: '.docx,.pdf,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain' }), t('documentFileHint')),
      field(t('documentText'), textarea('text', { rows: 4 })),
    ],
    t('readDocument'),
    async (data) => {
      const file = data.get('document');
      const text = String(data.get('text') ?? '').trim();
      // The API reads one part: the file when one was chosen, else the pasted text.
      const sent = new FormData();
      if (file instanceof File && file.size > 0) sent.append('document', file);
      else sent.append('text', text);
      const reading = await post<Schemas['PlanReading']>('/plan-documents/read', sent);
      // The owner department assigns the plan: a draft does not name its assigning unit.
      const { assigningUnit: _assigningUnit, ...plan } = reading.plan;
      const ownerUnit = data.get('ownerUnit');
      const draft = await post<Schemas['PlanDraft']>('/plan-drafts', { ...(ownerUnit && { ownerUnit: String(ownerUnit) }), content: plan });
      keepReading(draft.id, reading);
      open(`#/plans/drafts/${draft.id}`);
    },
    () => undefined,
    'draft-from-document',
  );
  if (departments.length) fromDocument.querySelector('h3')!.after(field(t('draftOwner'), select('ownerUnit', departments.map((unit): [string, string] => [unit.code, unit.name]))));
  const rows = drafts.items.map((draft) => [
    link(`#/plans/drafts/${draft.id}`, draft.title ?? t('untitled')),
    draft.code ?? '—',
    draft.ownerUnit.name,
    formatDateTime(draft.updatedAt),
    draft.plan ? badge('done-on-time', t('issuedAs', { code: draft.plan.code })) : badge('not-started', t('draftState')),
  ]);
  const list = table([t('planTitle'), t('symbol'), t('draftOwner'), t('lastChange'), t('status')], rows, `${t('draftsTitle')} (${drafts.total})`);
  list.querySelectorAll('tbody tr').forEach((row, index) => row.setAttribute('data-draft', drafts.items[index]!.id));
  const issued = table(
    [t('symbol'), t('planTitle'), t('planPeriod'), t('status')],
    plans.items.map((plan) => [
      link(`#/plans/${plan.id}`, plan.code),
      plan.title,
      `${formatDate(plan.period.from)} – ${formatDate(plan.period.to)}`,
      t(`planStatus.${plan.status}`),
    ]),
    `${t('issuedPlansTitle')} (${plans.total})`,
  );
  return h(
    'div',
    { class: 'page plans-page' },
    h('h1', {}, t('plansTitle')),
    h('div', { class: 'actions' }, create, fromDocument),
    h('section', { class: 'card' }, drafts.items.length ? list : h('p', {}, t('empty'))),
    h('section', { class: 'card issued-plans' }, plans.items.length ? issued : h('p', {}, t('empty'))),
  );
}
