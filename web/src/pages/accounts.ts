/**
 * The administrator's list of accounts, with what may be done to each: set a temporary password
 * (the person must change it at the next sign-in), deactivate or reactivate, change the role and
 * the unit. Every action ends or changes the account's access at once, on every API process.
 */
import { get, patch, post, type Account, type Schemas } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { actionForm, badge, field, input, select, table } from '../ui.js';

const roles = ['admin', 'leader', 'department_head', 'unit_head', 'unit_officer'];

function actionsFor(account: Account, refresh: () => void): HTMLElement {
  const reason = (data: FormData) => {
    const text = String(data.get('reason') ?? '').trim();
    return text ? { reason: text } : {};
  };
  return h(
    'details',
    { class: 'account-actions' },
    h('summary', {}, t('actions')),
    actionForm(
      t('resetPassword'),
      [field(t('temporaryPassword'), input('password', { type: 'text', autocomplete: 'off', required: true, minlength: 12 }), t('passwordHint'))],
      t('resetPassword'),
      (data) => post(`/accounts/${account.id}/reset-password`, { password: String(data.get('password')) }),
      refresh,
      'reset-password',
    ),
    account.active
      ? actionForm(t('deactivate'), [field(t('reason'), input('reason'))], t('deactivate'), (data) => post(`/accounts/${account.id}/deactivate`, reason(data)), refresh, 'deactivate')
      : actionForm(t('reactivate'), [field(t('reason'), input('reason'))], t('reactivate'), (data) => post(`/accounts/${account.id}/reactivate`, reason(data)), refresh, 'reactivate'),
    actionForm(
      t('changeRole'),
      [
        field(t('role'), select('role', roles.map((role): [string, string] => [role, t(`role.${role}`)]), account.role)),
        field(t('unitCode'), input('unit', { value: account.unit?.code ?? '', autocapitalize: 'characters', spellcheck: false })),
      ],
      t('changeRole'),
      (data) => {
        const unit = String(data.get('unit') ?? '').trim();
        return patch(`/accounts/${account.id}`, { role: String(data.get('role')), unit: unit || null });
      },
      refresh,
      'change-role',
    ),
  );
}

export async function accountsPage(refresh: () => void): Promise<HTMLElement> {
  const accounts = await get<Schemas['AccountList']>('/accounts?limit=100');
  const state = (account: Account) =>
    h(
      'span',
      { class: 'account-state' },
      account.active ? badge('done-on-time', t('accountActive')) : badge('cancelled', t('accountInactive')),
      account.mustChangePassword ? badge('in-progress', t('accountMustChange')) : null,
    );
  const rows = accounts.items.map((account) => [
    h('code', {}, account.username),
    account.displayName,
    t(`role.${account.role}`),
    account.unit?.name ?? '—',
    state(account),
    account.lastLoginAt ? formatDateTime(account.lastLoginAt) : t('never'),
    actionsFor(account, refresh),
  ]);
  const list = table([t('username'), t('displayName'), t('role'), t('unit'), t('status'), t('lastSignIn'), t('actions')], rows, `${t('accountsTitle')} (${accounts.total})`);
  // Each row names its account, for people skimming and for tests alike.
  list.querySelectorAll('tbody tr').forEach((row, index) => row.setAttribute('data-account', accounts.items[index]!.username));
  return h('div', { class: 'page accounts' }, h('h1', {}, t('accountsTitle')), list);
}
