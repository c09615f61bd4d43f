/** The staff console: login, tabs, and the panels' loaders. */
import { t } from '../lib/text.js';
import { api, session, whenLoggedOut } from './api.js';
import { setupDesk } from './desk.js';
import { setupCorpus } from './corpus.js';
import { setupHitTest } from './hittest.js';
import { setupReport } from './report.js';
import { setupAudit } from './audit.js';
import { setupLog } from './log.js';
import { clearError, reportError } from './errors.js';

const loginView = document.getElementById('login-view');
const appView = document.getElementById('app-view');
const userBox = document.getElementById('user-box');
const loginForm = document.getElementById('login-form');
const loginError = document.getElementById('login-error');

const panels = {};
let started = false;

function showLogin() {
  appView.hidden = true;
  userBox.hidden = true;
  loginView.hidden = false;
  document.getElementById('login-name').focus();
}

function showApp(name) {
  loginView.hidden = true;
  appView.hidden = false;
  userBox.hidden = false;
  document.getElementById('user-name').textContent = t('admin.signedInAs', { name });
  if (!started) {
    started = true;
    panels.desk = setupDesk();
    panels.corpus = setupCorpus();
    panels.hittest = setupHitTest();
    panels.report = setupReport();
    panels.audit = setupAudit();
    panels.log = setupLog();
  }
  selectTab('desk');
}

/** Shows one tab panel (WAI-ARIA tabs pattern: arrow keys move between tabs). */
function selectTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
  }
  clearError();
  Promise.resolve()
    .then(() => panels[name]?.load?.())
    .catch(reportError);
}

const tabs = [...document.querySelectorAll('[role="tab"]')];
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab.id.slice(4)));
  tab.addEventListener('keydown', (event) => {
    const i = tabs.indexOf(tab);
    const next = event.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : null;
    if (next) {
      event.preventDefault();
      next.focus();
      selectTab(next.id.slice(4));
    }
  });
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  loginError.textContent = '';
  const data = new FormData(loginForm);
  try {
    await session();
    const { name } = await api('login', { method: 'POST', body: { name: data.get('name'), password: data.get('password') } });
    loginForm.reset();
    await session();
    showApp(name);
  } catch (err) {
    loginError.textContent = err.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await api('logout', { method: 'POST', body: {} });
  } finally {
    location.reload();
  }
});

whenLoggedOut(showLogin);
// Last resort: whatever a panel forgot to catch is still shown, not lost in the console.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  reportError(event.reason);
});

session()
  .then((name) => (name ? showApp(name) : showLogin()))
  .catch(showLogin);
