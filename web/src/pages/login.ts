/** The sign-in form; a wrong name or password gets one message, whichever was wrong. */
import { ApiProblem, signIn } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field, input, problemBox } from '../ui.js';

export function loginPage(signedIn: () => void): HTMLElement {
  const status = h('div', { 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit' }, t('signIn'));
  const form = h(
    'form',
    { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('signIn')),
    field(t('username'), input('username', { autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false })),
    field(t('password'), input('password', { type: 'password', autocomplete: 'current-password', required: true })),
    button,
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    button.disabled = true;
    status.replaceChildren();
    try {
      await signIn(String(data.get('username')), String(data.get('password')));
      signedIn();
    } catch (error) {
      status.append(error instanceof ApiProblem && error.problem.status === 401 ? h('p', { class: 'problem', role: 'alert' }, t('signInFailed')) : problemBox(error));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'page login-page' }, form);
}
