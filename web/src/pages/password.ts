/**
 * "Đổi mật khẩu": every account changes its own password here, with the current one. After an
 * administrator's reset it is the only page the account reaches. The change ends every token
 * of the account, this one included, so the page signs in again with the new password.
 */
import { ApiProblem, post, signIn, type Account } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field, input, problemBox } from '../ui.js';

/** The API's field refusals in the page's language; anything else as the problem box shows it. */
function refusal(error: unknown): HTMLElement {
  if (!(error instanceof ApiProblem) || !error.problem.errors?.length) return problemBox(error);
  const label = (path: string) => t(path === 'currentPassword' ? 'currentPassword' : 'newPassword');
  const reason = ({ message, vi }: { message: string; vi?: string }) => {
    const key = `passwordRule.${message}`;
    const text = t(key);
    return text === key ? (vi ?? t('invalidValue')) : text;
  };
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('strong', {}, t('errorTitle')),
    h('ul', {}, ...error.problem.errors.map((issue) => h('li', {}, `${label(issue.path)}: ${reason(issue)}`))),
  );
}

export function passwordPage(account: Account, done: () => void): HTMLElement {
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit' }, t('savePassword'));
  const form = h(
    'form',
    { class: 'card action-form', 'data-form': 'password', 'aria-labelledby': 'password-title' },
    field(t('currentPassword'), input('currentPassword', { type: 'password', autocomplete: 'current-password', required: true })),
    field(t('newPassword'), input('newPassword', { type: 'password', autocomplete: 'new-password', required: true, minlength: 12 }), t('passwordHint')),
    field(t('repeatPassword'), input('repeatPassword', { type: 'password', autocomplete: 'new-password', required: true })),
    button,
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const newPassword = String(data.get('newPassword'));
    status.replaceChildren();
    if (newPassword !== String(data.get('repeatPassword'))) {
      status.append(h('p', { class: 'problem', role: 'alert' }, t('passwordsDiffer')));
      return;
    }
    button.disabled = true;
    try {
      await post('/me/password', { currentPassword: String(data.get('currentPassword')), newPassword });
      await signIn(account.username, newPassword);
      status.append(h('p', { class: 'ok', role: 'status' }, t('passwordChanged')));
      done();
    } catch (error) {
      status.append(refusal(error));
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'page password' },
    h('h1', { id: 'password-title' }, t('passwordTitle')),
    account.mustChangePassword ? h('p', { class: 'problem', role: 'alert' }, t('passwordMustChange')) : null,
    form,
  );
}
