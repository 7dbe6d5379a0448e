/**
 * The pages' entry point: the header with the account and the language switch, navigation by
 * role, the bell of the notification centre, and a hash router (#/dashboard, #/inbox, #/review,
 * #/work, #/assignments/:id, #/plans, #/plans/drafts/:id, #/plans/:id/reports, #/notices,
 * #/notice-settings).
 */
import { session, signOutEverywhere, whenSignedOut, type Account } from './api.js';
import { h, show } from './dom.js';
import { language, setLanguage, t } from './i18n.js';
import { accountsPage } from './pages/accounts.js';
import { assignmentPage } from './pages/assignment.js';
import { dashboardPage } from './pages/dashboard.js';
import { inboxPage } from './pages/inbox.js';
import { loginPage } from './pages/login.js';
import { noticeBell, noticeSettingsPage, noticesPage } from './pages/notices.js';
import { passwordPage } from './pages/password.js';
import { planEditorPage } from './pages/plan-editor.js';
import { planPage } from './pages/plan.js';
import { planReportsPage } from './pages/plan-reports.js';
import { plansPage } from './pages/plans.js';
import { reviewPage } from './pages/review.js';
import { workPage } from './pages/work.js';
import { problemBox } from './ui.js';

const root = document.getElementById('app')!;

/** Which pages a role has: leaders watch, units act, departments review (and act on their own tasks). */
function pagesFor(account: Account): { hash: string; label: string }[] {
  const pages: { hash: string; label: string }[] = [{ hash: '#/dashboard', label: t('navDashboard') }];
  if (account.unit && account.role !== 'leader') pages.push({ hash: '#/inbox', label: t('navInbox') });
  if (account.role === 'department_head' || account.role === 'admin') {
    pages.push({ hash: '#/plans', label: t('navPlans') });
    pages.push({ hash: '#/review', label: t('navReview') });
  }
  if (account.role === 'admin') pages.push({ hash: '#/accounts', label: t('navAccounts') });
  pages.push({ hash: '#/password', label: t('navPassword') });
  return pages;
}

/** Where an account lands: after an administrator's reset, nowhere but the password page. */
const homeOf = (account: Account) => (account.mustChangePassword ? '#/password' : account.role === 'unit_officer' || account.role === 'unit_head' ? '#/inbox' : account.role === 'department_head' ? '#/review' : '#/dashboard');

function header(account: Account | null, current: string): HTMLElement {
  const switchLanguage = h('button', { type: 'button', class: 'link-button', lang: language() === 'vi' ? 'en' : 'vi' }, t('language'));
  switchLanguage.addEventListener('click', () => {
    setLanguage(language() === 'vi' ? 'en' : 'vi');
    void render();
  });
  const out = h('button', { type: 'button', class: 'link-button' }, t('signOut'));
  out.addEventListener('click', async () => {
    out.disabled = true;
    await signOutEverywhere().catch(() => undefined);
    go('#/login');
  });
  return h(
    'header',
    { class: 'top' },
    h('a', { href: '#main', class: 'skip' }, t('skipToContent')),
    h('span', { class: 'brand' }, t('appName')),
    account
      ? h('nav', { 'aria-label': t('mainMenu') }, ...pagesFor(account).map((page) => h('a', { href: page.hash, ...((current === page.hash || current.startsWith(`${page.hash}/`)) && { 'aria-current': 'page' }) }, page.label)))
      : null,
    h(
      'div',
      { class: 'account' },
      account && !account.mustChangePassword ? noticeBell() : null,
      account ? h('span', {}, t('account', { name: account.displayName, role: t(`role.${account.role}`) })) : null,
      account ? out : null,
      switchLanguage,
      h('a', { href: '/docs.html' }, t('navDocs')),
    ),
  );
}

/** Where signing in leads: the page the address asked for (a notice's link), else the account's home. */
const afterSignIn = (account: Account): string => (['', '#', '#/', '#/login'].includes(location.hash) ? homeOf(account) : location.hash);

/** Shows the page at `hash`, also when it is the one in the address bar already (no hashchange then). */
function go(hash: string): void {
  if (location.hash === hash) void render();
  else location.hash = hash;
}

/** The page a signed-in account asked for; the dashboard for an address no page has. */
async function pageAt(path: string, account: Account, params: URLSearchParams, refresh: () => void): Promise<HTMLElement> {
  const assignment = /^\/assignments\/([\w-]+)$/.exec(path);
  if (assignment) return assignmentPage(assignment[1]!, refresh);
  const draft = /^\/plans\/drafts\/([\w-]+)$/.exec(path);
  if (draft) return planEditorPage(draft[1]!, go);
  const plan = /^\/plans\/([\w-]+)$/.exec(path);
  if (plan) return planPage(plan[1]!, account, refresh);
  const reports = /^\/plans\/([\w-]+)\/reports$/.exec(path);
  if (reports) return planReportsPage(reports[1]!);
  if (path === '/plans') return plansPage(account, go);
  if (path === '/password') return passwordPage(account, () => go(homeOf(session()!.account)));
  if (path === '/accounts') return accountsPage(refresh);
  if (path === '/notices') return noticesPage(refresh);
  if (path === '/notice-settings') return noticeSettingsPage(account, refresh);
  if (path === '/inbox') return inboxPage(account);
  if (path === '/review') return reviewPage(refresh);
  if (path === '/work') return workPage(params);
  return dashboardPage(params);
}

async function render(): Promise<void> {
  document.documentElement.lang = language();
  const signedIn = session();
  const [path = '', search = ''] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(search);
  if (!signedIn) {
    show(root, header(null, ''), h('main', { id: 'main' }, loginPage(() => go(afterSignIn(session()!.account)))));
    return;
  }
  const account = signedIn.account;
  if (path === '' || path === '/' || path === '/login' || (account.mustChangePassword && path !== '/password')) {
    location.hash = homeOf(account);
    return;
  }
  const main = h('main', { id: 'main', 'aria-busy': 'true' }, h('p', {}, t('loading')));
  show(root, header(account, `#${path}`), main);
  const refresh = () => void render();
  try {
    show(main, await pageAt(path, account, params, refresh));
  } catch (error) {
    show(main, problemBox(error));
  }
  main.removeAttribute('aria-busy');
}

whenSignedOut(() => (location.hash = '#/login'));
window.addEventListener('hashchange', () => void render());
void render();
